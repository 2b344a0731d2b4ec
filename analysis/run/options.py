"""The options of a run, named and checked in one place: the engines, the formats, and one checker
per option that :func:`analysis.extract`, the command line and the ingest notebook's parameters
all call, so the same mistake gets the same message wherever it is made.

Imports nothing heavy (no spaCy, no Dask), so checking stays instant.
"""
from __future__ import annotations

from pathlib import Path

from analysis.checks import check_choice, check_int, check_text
from analysis.errors import ParameterError
from analysis.ingest.reports import parse_date
from analysis.store.runfolder import FORMATS

ENGINES = ("local", "dask")
DEFAULT_BATCH_SIZE = 100
_CSV_WHAT = {"gazetteer": "an actors CSV file that exists",
             "triggers": "a trigger CSV file that exists"}


def check_published(value, name: str = "published") -> str | None:
    """Return the fallback date as ``YYYY-MM-DD`` (None for none); a date or a text naming one."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    day = parse_date(value)
    if day is None:
        raise ParameterError(name, value, "a date YYYY-MM-DD")
    return day


def check_processes(value, name: str = "processes") -> int:
    """Return the number of worker processes (an integer of at least 1, or its digits)."""
    return check_int(value, name, minimum=1)


def check_engine(value, name: str = "engine") -> str:
    """Return the engine: one of :data:`ENGINES`."""
    return check_choice(value, name, ENGINES)


def check_format(value, name: str = "format") -> str:
    """Return the frames' file format: one of :data:`analysis.store.runfolder.FORMATS`."""
    return check_choice(value, name, FORMATS)


def check_model(value, name: str = "model") -> str | None:
    """Return the spaCy pipeline's name (None: the default one)."""
    return check_text(value, name, optional=True)


def check_scheduler(value, engine: str = "dask", name: str = "scheduler") -> str | None:
    """Return the Dask scheduler's address (None: a local cluster); only with engine dask."""
    if value is None:
        return None
    if engine != "dask" or not isinstance(value, str) or not value.strip():
        raise ParameterError(name, value,
                             "a Dask scheduler address such as tcp://host:8786, with engine dask")
    return value


def check_csv(value, name: str) -> str | None:
    """Return an analyst's ``gazetteer`` or ``triggers`` CSV as a path text (None for none); a
    trigger file is read at once, so that a wrong row stops here, naming its file and line."""
    if value is None:
        return None
    if isinstance(value, bool) or not str(value).strip() or not Path(value).is_file():
        raise ParameterError(name, value, _CSV_WHAT.get(name, "a CSV file that exists"))
    if name == "triggers":
        from analysis.extractors.events.triggers import lexicon

        lexicon(str(value))
    return str(value)


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise ParameterError(name, value, "True or False")
    return value


def check_options(*, published=None, processes=1, fmt="parquet", engine="local", scheduler=None,
                  batch_size=DEFAULT_BATCH_SIZE, incremental=True, gazetteer=None,
                  triggers=None, model=None) -> dict:
    """Check the options of a run before any work starts; return them checked (``published`` as
    ``YYYY-MM-DD``, ``processes`` and ``batch_size`` as integers). Raises
    :class:`~analysis.errors.ParameterError` naming the first wrong one."""
    engine = check_engine(engine)
    return {
        "published": check_published(published), "processes": check_processes(processes),
        "fmt": check_format(fmt), "engine": engine, "scheduler": check_scheduler(scheduler, engine),
        "batch_size": check_int(batch_size, "batch_size", minimum=1),
        "incremental": _check_flag(incremental, "incremental"),
        "gazetteer": check_csv(gazetteer, "gazetteer"), "triggers": check_csv(triggers, "triggers"),
        "model": check_model(model),
    }
