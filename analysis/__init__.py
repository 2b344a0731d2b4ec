"""The report workbook: reports in, frames of actors, numbers and events out.

``analysis.extract`` runs the pipeline; ``analysis.load_frames`` reads a run folder back, with
its analysts' corrections applied; ``analysis.query`` runs DuckDB SQL over the same corrected
view. The pipeline (and spaCy) is imported on first use,
so ``import analysis`` stays fast.
"""
from analysis.corrections.view import load_frames
from analysis.store.runfolder import write_frames

__all__ = ["extract", "load_frames", "write_frames", "query", "Summary"]
__version__ = "0.1.0"


def __getattr__(name):
    if name in ("extract", "Summary"):
        from analysis.run import pipeline

        return getattr(pipeline, name)
    if name == "query":
        from analysis.corrections.view import query

        return query
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
