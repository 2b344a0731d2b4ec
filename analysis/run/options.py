"""The options of a run, named and checked in one place: the engines, the formats, and the check
that :func:`analysis.extract`, the command line and the ingest notebook's parameters share.

Imports nothing heavy (no spaCy, no Dask), so checking stays instant.
"""
from __future__ import annotations

from pathlib import Path

from analysis.errors import ParameterError
from analysis.ingest.reports import parse_date
from analysis.store.runfolder import FORMATS

ENGINES = ("local", "dask")
DEFAULT_BATCH_SIZE = 100


def check_options(*, published, processes, fmt, engine="local", scheduler=None,
                  batch_size=DEFAULT_BATCH_SIZE, incremental=True, gazetteer=None,
                  triggers=None) -> str | None:
    """Check run options before any work starts; return ``published`` as ``YYYY-MM-DD``."""
    day = parse_date(published) if published is not None else None
    if published is not None and day is None:
        raise ParameterError("published", published, "a date YYYY-MM-DD")
    if gazetteer is not None and not Path(gazetteer).is_file():
        raise ParameterError("gazetteer", str(gazetteer), "an actors CSV file that exists")
    if triggers is not None and not Path(triggers).is_file():
        raise ParameterError("triggers", str(triggers), "a trigger CSV file that exists")
    if triggers is not None:
        from analysis.extractors.events.triggers import lexicon

        lexicon(str(triggers))  # a wrong row stops here, naming its file and line
    for name, value in (("processes", processes), ("batch_size", batch_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ParameterError(name, value, "a whole number of at least 1")
    if fmt not in FORMATS:
        raise ParameterError("format", fmt, " or ".join(FORMATS))
    if engine not in ENGINES:
        raise ParameterError("engine", engine, " or ".join(ENGINES))
    if scheduler is not None and (engine != "dask" or not isinstance(scheduler, str)
                                  or not scheduler.strip()):
        raise ParameterError("scheduler", scheduler,
                             "a Dask scheduler address such as tcp://host:8786, with engine='dask'")
    if not isinstance(incremental, bool):
        raise ParameterError("incremental", incremental, "True or False")
    return day
