"""The notebooks' parameters: what each of the workbook's notebooks takes, and the check of each.

Notebooks call :func:`check_notebook` in the cell after their ``parameters`` cell, so a bad value
stops a render with a one-line :class:`~analysis.errors.ParameterError` naming the parameter,
instead of a traceback three cells later; :func:`analysis.render.notebooks.render` checks every
notebook's parameters before it runs any.
"""
from __future__ import annotations

from analysis.checks import check_bool, check_int, check_text, resolve_path
from analysis.run import options


def _frames_dir(value, name, later):
    return resolve_path(value, name, must_exist=not later)


# notebook stem -> parameter -> check(value, name, later) returning the checked value; ``later``
# is True when a render will run 01-ingest (which writes frames_dir) before the notebook.
NOTEBOOK_PARAMETERS = {
    "01-ingest": {
        "reports_dir": lambda v, n, later: resolve_path(v, n, kind="any"),
        "frames_dir": lambda v, n, later: resolve_path(v, n, must_exist=False),
        "published": lambda v, n, later: options.check_published(v, n),
        "model": lambda v, n, later: options.check_model(v, n),
        "processes": lambda v, n, later: options.check_processes(v, n),
        "gazetteer": lambda v, n, later: None if v is None else resolve_path(v, n, kind="file"),
        "triggers": lambda v, n, later: None if v is None else resolve_path(v, n, kind="file"),
        "engine": lambda v, n, later: options.check_engine(v, n),
        "scheduler": lambda v, n, later: options.check_scheduler(v, name=n),
    },
    "02-explore": {
        "frames_dir": _frames_dir,
        "interactive": lambda v, n, later: check_bool(v, n),
    },
    "03-briefing": {
        "frames_dir": _frames_dir,
        "title": lambda v, n, later: check_text(v, n),
        "interactive": lambda v, n, later: check_bool(v, n),
        "top_n": lambda v, n, later: check_int(v, n, minimum=1),
        "previous_render": lambda v, n, later: None if v in (None, "") else resolve_path(
            v, n, must_exist=False, kind="file"),
    },
}


def check_notebook(stem: str, values, *, later: bool = False) -> dict:
    """Check the parameters of one of the workbook's notebooks; return them checked.

    A notebook calls it with its ``globals()`` in the cell after its ``parameters`` cell;
    :func:`analysis.render.notebooks.render` calls it for every notebook before it runs any, so a wrong
    value stops a render before work starts. Names the notebook does not check pass unchanged.

    Parameters
    ----------
    stem : str
        The notebook's file name without ``.ipynb`` (``"03-briefing"``).
    values : mapping
        Parameter names to values (extra names are ignored).
    later : bool, default False
        The run folder ``frames_dir`` will be written by ``01-ingest`` first: it need not exist.

    Returns
    -------
    dict
        The notebook's parameters present in ``values``, checked (paths absolute, dates as
        ``YYYY-MM-DD``, integers as ``int``).

    Raises
    ------
    ParameterError
        For the first wrong value, naming its parameter.

    Examples
    --------
    >>> check_notebook("03-briefing", {"title": "Daily", "top_n": "5"})
    {'title': 'Daily', 'top_n': 5}
    """
    rules = NOTEBOOK_PARAMETERS.get(stem, {})
    return {name: rule(values[name], name, later) for name, rule in rules.items()
            if name in values}
