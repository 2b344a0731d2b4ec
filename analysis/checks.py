"""Check one value (a path, a date, a choice, a number, a flag, a text) and say clearly which
parameter is wrong: the checkers the options of a run, the notebooks' parameters and the views
share, low in the house beside :mod:`analysis.errors`.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from analysis.errors import ParameterError

PATH_KINDS = ("dir", "file", "any")
_NOUNS = {"dir": "a folder", "file": "a file", "any": "a path"}
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


def project_root() -> Path:
    """Return the project root: the folder that holds the ``analysis`` package.

    Examples
    --------
    >>> (project_root() / "analysis" / "checks.py").is_file()
    True
    """
    return Path(__file__).resolve().parents[1]


def _is_kind(path: Path, kind: str) -> bool:
    return {"dir": path.is_dir, "file": path.is_file, "any": path.exists}[kind]()


def resolve_path(value, name: str, *, must_exist: bool = True, kind: str = "dir") -> Path:
    """Turn a path parameter into an absolute :class:`~pathlib.Path`.

    A relative path is tried against the current directory first, then against the project root,
    so ``"data/reports"`` works both from ``notebooks/`` (JupyterLab) and from the root (papermill,
    ``make``). A relative path that exists in neither place is anchored at the project root.

    Parameters
    ----------
    value : str or PathLike
        The path as given (``~`` is expanded).
    name : str
        The parameter's name, used in the error message.
    must_exist : bool, default True
        Raise when the path does not exist.
    kind : {"dir", "file", "any"}, default "dir"
        What an existing path must be.

    Returns
    -------
    Path
        An absolute path.

    Raises
    ------
    ParameterError
        When the value is empty, missing (and ``must_exist``), or of the wrong kind.

    Examples
    --------
    >>> resolve_path("analysis", "package").name
    'analysis'
    """
    if kind not in PATH_KINDS:
        raise ParameterError("kind", kind, "one of " + ", ".join(PATH_KINDS))
    if value is None or isinstance(value, bool) or not isinstance(value, (str, os.PathLike)) \
            or str(value).strip() == "":
        raise ParameterError(name, value, "a path")
    path = Path(value).expanduser()
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, project_root() / path]
    candidates = [c.resolve() for c in candidates]
    existing = [c for c in candidates if c.exists()]
    for candidate in existing:
        if _is_kind(candidate, kind):
            return candidate
    if existing:
        raise ParameterError(name, value, f"{_NOUNS[kind]} ({existing[0]} is not one)")
    if must_exist:
        tried = " or ".join(str(c) for c in dict.fromkeys(candidates))
        raise ParameterError(name, value, f"an existing {_NOUNS[kind][2:]} (tried {tried})")
    return candidates[-1]


def check_date(value, name: str, *, optional: bool = True) -> pd.Timestamp | None:
    """Check a date parameter (``"YYYY-MM-DD"``, a date or a datetime) and return a Timestamp.

    Parameters
    ----------
    value : str, date, datetime, Timestamp or None
        The date; ISO 8601 strings only (``"2024-03-01"``, ``"2024-03-01T08:00"``).
    name : str
        The parameter's name, used in the error message.
    optional : bool, default True
        Accept ``None`` (and ``""``) and return ``None`` for it.

    Returns
    -------
    pandas.Timestamp or None
        A timezone-naive timestamp (aware ones are converted to UTC first).

    Examples
    --------
    >>> check_date("2024-03-01", "published")
    Timestamp('2024-03-01 00:00:00')
    >>> check_date(None, "published") is None
    True
    """
    expected = "a date YYYY-MM-DD" + (" or None" if optional else "")
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ParameterError(name, value, expected)
    try:
        if isinstance(value, str):
            text = value.strip()
            parsed = (dt.datetime.fromisoformat(text) if "T" in text or " " in text
                      else dt.date.fromisoformat(text))
            stamp = pd.Timestamp(parsed)
        elif isinstance(value, (dt.date, np.datetime64)):  # datetime and Timestamp are dates
            stamp = pd.Timestamp(value)
        else:
            raise TypeError(type(value).__name__)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(name, value, expected) from None
    if pd.isna(stamp):
        raise ParameterError(name, value, expected)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp


def check_choice(value, name: str, choices: Iterable):
    """Check that ``value`` is one of ``choices`` and return it.

    Examples
    --------
    >>> check_choice("D", "freq", ["D", "W", "M"])
    'D'
    """
    choices = list(choices)
    try:
        if value in choices:
            return value
    except TypeError:  # unhashable or incomparable value
        pass
    raise ParameterError(name, value, "one of " + ", ".join(map(repr, choices)))


def check_int(value, name: str, *, minimum: int | None = None) -> int:
    """Check an integer parameter (an int or a string of digits) and return it as ``int``.

    Booleans and floats are refused: ``processes = 1.5`` is a mistake, not a request.

    Examples
    --------
    >>> check_int("4", "processes", minimum=1)
    4
    """
    expected = "an integer" + (f" >= {minimum}" if minimum is not None else "")
    if isinstance(value, (bool, np.bool_)):
        raise ParameterError(name, value, expected)
    if isinstance(value, (int, np.integer)):
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            raise ParameterError(name, value, expected) from None
    else:
        raise ParameterError(name, value, expected)
    if minimum is not None and number < minimum:
        raise ParameterError(name, value, expected)
    return number


def check_bool(value, name: str) -> bool:
    """Check a boolean parameter (a bool, 0/1, or "true"/"false"/"yes"/"no") and return it.

    Examples
    --------
    >>> check_bool("no", "interactive")
    False
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ParameterError(name, value, "True or False")


def check_text(value, name: str, *, optional: bool = False) -> str | None:
    """Check a text parameter (a non-empty string, or None when ``optional``) and return it.

    Examples
    --------
    >>> check_text("Daily briefing", "title")
    'Daily briefing'
    """
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(name, value, "a non-empty text" + (" or None" if optional else ""))
    return value
