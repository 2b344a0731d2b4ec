"""Numbers written in digits or words: ``parse_number`` and the word table it reads.

The words and their kinds are data in ``analysis/resources/number_words.csv``: ``unit``
(one..nineteen), ``tens``, ``hundred`` (hundred, dozen), ``scale`` (thousand, million, ...),
``fraction`` (half, quarter: added after "and a", multiplied after a numerator: "one half"),
``denominator`` (thirds, quarters: only after a numerator, "two thirds") and ``abbr`` (suffixes
glued to digits: "1.2bn", "40m").
"""
from __future__ import annotations

import functools
import re

from analysis.resources import bundled, read_csv

DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,5}|\d{1,15})(?:\.\d{1,6})?"
_NUMERIC = re.compile(rf"({DIGITS})([a-z]*)")
# A word of kind K may follow a word of the kinds in _FOLLOWS[K] (None: the first word).
_FOLLOWS = {
    "digit": {None}, "article": {None, "and", "fraction"}, "fraction": {None, "article", "and",
                                                                        "unit"},
    "denominator": {"unit"},
    "unit": {None, "tens", "hundred", "scale"}, "tens": {None, "hundred", "scale"},
    "hundred": {None, "digit", "unit", "tens", "article"},
    "scale": {None, "digit", "unit", "tens", "hundred", "fraction", "article"},
    "and": {"digit", "unit", "tens", "hundred", "scale"}}


def rows(name: str) -> list[dict]:
    """The rows of a CSV table of ``analysis/resources`` as dicts."""
    return read_csv(bundled(name))


@functools.lru_cache(maxsize=1)
def words() -> dict[str, tuple[float, str]]:
    """Map each number word of ``number_words.csv`` to (value, kind)."""
    return {r["word"]: (float(r["value"]), r["kind"]) for r in rows("number_words.csv")}


def _word(word: str, table: dict) -> tuple[str | None, float]:
    if word in ("a", "an", "and"):
        return ("and" if word == "and" else "article"), 0.0
    match = _NUMERIC.fullmatch(word)
    if match:   # digits, maybe glued to an abbreviation ("1.2bn")
        scale, kind = table.get(match.group(2), (1.0, "abbr" if not match.group(2) else None))
        value = float(match.group(1).replace(",", "")) * scale
        return ("digit", value) if kind == "abbr" else (None, 0.0)
    value, kind = table.get(word, (0.0, None))
    return (None, 0.0) if kind == "abbr" else (kind, value)


def parse_number(text: str) -> float | None:
    """Return the value of a number written in digits or words, or None if it is not one.

    Parameters
    ----------
    text : str
        "1,600", "2.5 million", "$1.2bn", "two and a half million", "a dozen", "twenty-five",
        "two thirds".

    Returns
    -------
    float or None
        1600.0, 2500000.0, 1200000000.0, 2500000.0, 12.0, 25.0, 0.666...; None for anything else
        ("hundred and five hundred" is two numbers, so None as one).
    """
    table, total, current = words(), 0.0, 0.0
    last = before_and = None
    for word in re.split(r"[\s-]+", str(text).lower().strip(" $\u20ac\u00a3%")):
        kind, value = _word(word, table)
        allowed = _FOLLOWS.get(kind, set())
        if last == "and" and kind in ("unit", "tens") and before_and in ("hundred", "scale"):
            allowed = {"and"}
        if kind is None or last not in allowed or (last, kind) == ("tens", "unit") and value >= 10 \
                or kind == "hundred" and current >= 100:
            return None
        if kind == "and":
            before_and = last
        elif kind == "hundred":
            current = (current or 1.0) * value
        elif kind == "scale":
            total, current = total + (current or 1.0) * value, 0.0
        elif kind == "denominator" or kind == "fraction" and last == "unit":
            current *= value    # "two thirds", "one half"
        else:
            current += value
        last = kind
    return None if last in (None, "and", "article") else total + current
