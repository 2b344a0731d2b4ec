"""Resolve date expressions ("on Monday", "last week", "March 3") against a report's date."""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import NamedTuple

import dateparser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Expressions that name the report's own period: resolved to the report date, marked uncertain.
SAME_PERIOD = re.compile(r"^(this|earlier this|later this) (week|month|year)$|^(today|tonight)$")
COMING = re.compile(r"^(in )?the (coming|next) (few )?(days|weeks|months)$")
# Durations and spans ("months", "nearly a year") are not points in time.
DURATION = re.compile(r"^(nearly |almost |about |more than |over |some )?(a|an|one|two|three|"
                      r"several|few|\d+)? ?(days|weeks|months|years|day|week|month|year)$")


class ResolvedDate(NamedTuple):
    """A date expression resolved to a day, and whether the day is only approximate."""

    date: date | None
    uncertain: bool


def _clean(text: str) -> str:
    text = " ".join(text.casefold().split())
    return re.sub(r"^(on|in|since|by|during|from|until|at) ", "", text)


@functools.lru_cache(maxsize=4096)
def resolve(text: str, published: date | None) -> ResolvedDate:
    """Resolve a date expression against the report's publication date.

    Parameters
    ----------
    text : str
        The expression as written ("Monday", "last week", "March 3, 2025").
    published : datetime.date or None
        The report's date; relative expressions cannot be resolved without it.

    Returns
    -------
    ResolvedDate
        ``date`` is None when the expression names no day (a duration, or unresolvable).

    Examples
    --------
    >>> resolve("Monday", date(2024, 9, 25))
    ResolvedDate(date=datetime.date(2024, 9, 23), uncertain=False)
    """
    phrase = _clean(text)
    if not phrase or DURATION.match(phrase):
        return ResolvedDate(None, False)
    if published is not None:
        if phrase in WEEKDAYS:  # news convention: the most recent such day, the report's included
            back = (published.weekday() - WEEKDAYS.index(phrase)) % 7
            return ResolvedDate(published - timedelta(days=back), False)
        if SAME_PERIOD.match(phrase):
            return ResolvedDate(published, phrase not in ("today", "tonight"))
        if COMING.match(phrase):
            return ResolvedDate(published + timedelta(days=1), True)
    elif not re.search(r"\b\d{4}\b", phrase):
        return ResolvedDate(None, False)  # relative, or a day without a year: needs the report date
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is None:
        return ResolvedDate(None, False)
    vague = bool(re.search(r"\b(week|month|year|weeks|months|years)\b", phrase)
                 or re.fullmatch(r"([a-z]+\.? )?\d{4}", phrase))
    return ResolvedDate(parsed.date(), vague)
