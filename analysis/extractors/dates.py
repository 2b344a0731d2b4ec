"""Resolve date expressions ("on Monday", "last week", "March 3") against a report's date.

An expression that does not name the day of an event resolves to no date: a duration ("months"),
the start or end of a span ("since April 2023", "until Friday"), or a day implausibly far in the
future of the report (more than a year after it), which is a misreading ("1300 hours").
"""
from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

import dateparser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
PARTS_OF_DAY = r"(?: (?:morning|afternoon|evening|night))?"
WEEKDAY = re.compile(rf"^(?:(last|this|next|early|late) )?({'|'.join(WEEKDAYS)}){PARTS_OF_DAY}$")
# Expressions that name the report's own period: resolved to the report date, marked uncertain.
SAME_PERIOD = re.compile(r"^(this|earlier this|later this|early this|late this) "
                         r"(week|weekend|month|year)$|^(today|tonight|this morning|"
                         r"this afternoon|this evening|(the )?past (few )?hours|recent hours)$")
COMING = re.compile(r"^(in )?(the )?(coming|next) (few )?(days|weeks|months|hours)$")
# Durations and spans ("months", "nearly a year") are not points in time.
DURATION = re.compile(r"^(nearly |almost |about |more than |over |some |at least |the )?"
                      r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|"
                      r"many|\d+)? ?(hours?|days?|weeks?|months?|years?|decades?)"
                      r"( (long|old|earlier|later))?$")
# A date after these words bounds a span; it is not the day of the event.
SPAN_WORDS = re.compile(r"^(since|until|till|up to|up until|after|before|by|throughout|"
                        r"starting|beginning|ever since)\b")
DECADE = re.compile(r"\b(?:19|20)?\d0'?s$")
YEAR = re.compile(r"(?:19|20)\d\d")
LEADING = re.compile(r"^(on|in|at|during|from|of|for|the|early|late|mid|mid-)\s+")
VAGUE = re.compile(r"\b(week|weekend|month|year|weeks|months|years)\b")
MAX_AHEAD = timedelta(days=366)
EARLIEST_YEAR = 1900


class ResolvedDate(NamedTuple):
    """A date expression resolved to a day, and whether the day is only approximate."""

    date: date | None
    uncertain: bool


NO_DATE = ResolvedDate(None, False)


def _clean(text: str) -> str:
    text = " ".join(text.casefold().replace("[", " ").replace("]", " ").split()).strip(" ,.;")
    while (stripped := LEADING.sub("", text)) != text:
        text = stripped
    return text


def is_span_bound(text: str) -> bool:
    """Return True when an expression bounds a span ("since April 2023") rather than dates one.

    Examples
    --------
    >>> is_span_bound("since April 2023"), is_span_bound("on Monday")
    (True, False)
    """
    return bool(SPAN_WORDS.match(" ".join(text.casefold().split())))


def _weekday(match: re.Match, published: date, future: bool) -> ResolvedDate:
    which, day = match.group(1), WEEKDAYS.index(match.group(2))
    back = (published.weekday() - day) % 7
    if future and which not in ("last", "next"):     # "will meet on Saturday": the coming one
        return ResolvedDate(published + timedelta(days=(day - published.weekday()) % 7), False)
    if which == "next":
        return ResolvedDate(published + timedelta(days=(day - published.weekday()) % 7 or 7),
                            False)
    if which == "last" and back == 0:
        back = 7
    return ResolvedDate(published - timedelta(days=back), False)


def _relative(phrase: str, published: date, future: bool) -> ResolvedDate | None:
    """Resolve the expressions that only make sense against the report's date."""
    if match := WEEKDAY.match(phrase):  # news convention: the most recent such day
        return _weekday(match, published, future)
    if SAME_PERIOD.match(phrase):
        return ResolvedDate(published, not phrase.startswith(("today", "tonight")))
    if COMING.match(phrase):
        return ResolvedDate(published + timedelta(days=1), True)
    if phrase in ("last night", "overnight", "yesterday"):
        return ResolvedDate(published - timedelta(days=1), False)
    if phrase in ("weekend", "last weekend", "over the weekend", "this weekend"):
        return ResolvedDate(published - timedelta(days=(published.weekday() - 5) % 7), True)
    return None


def _parse(phrase: str, published: date | None, future: bool = False) -> datetime | None:
    settings = {"PREFER_DATES_FROM": "future" if future else "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": []}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        return dateparser.parse(phrase, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def _core(phrase: str) -> str | None:
    """Return the calendar part of a longer phrase ("the night of 7 december" -> "7 december")."""
    pattern = (rf"\d{{1,2}} (?:{MONTHS})\.?(?: \d{{2,4}})?|(?:{MONTHS})\.? \d{{1,2}}(?:, \d{{4}})?"
               rf"|(?:{MONTHS})\.? \d{{4}}|\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b")
    match = re.search(pattern, phrase)
    return match.group(0) if match and match.group(0) != phrase else None


def _plausible(day: date, published: date | None) -> bool:
    latest = (published or date.today()) + MAX_AHEAD
    return EARLIEST_YEAR <= day.year and day <= latest


@functools.lru_cache(maxsize=4096)
def resolve(text: str, published: date | None, *, future: bool = False) -> ResolvedDate:
    """Resolve a date expression against the report's publication date.

    Parameters
    ----------
    text : str
        The expression as written ("Monday", "last week", "March 3, 2025").
    published : datetime.date or None
        The report's date; relative expressions cannot be resolved without it.
    future : bool
        The event is still to come (planned, possible): a weekday or a day without a year is
        the next one, not the last one.

    Returns
    -------
    ResolvedDate
        ``date`` is None when the expression names no day of an event: a duration, a span's
        bound ("since April 2023"), a day more than a year after ``published``, or an
        expression that cannot be resolved.

    Examples
    --------
    >>> resolve("Monday", date(2024, 9, 25))
    ResolvedDate(date=datetime.date(2024, 9, 23), uncertain=False)
    """
    if is_span_bound(text):
        return NO_DATE
    phrase = _clean(text)
    if not phrase or DURATION.match(phrase) or DECADE.search(phrase) or re.fullmatch(
            r"\d{1,3}", phrase):
        return NO_DATE
    if published is not None:
        relative = _relative(phrase, published, future)
        if relative is not None:
            return relative
    elif not re.search(rf"\b\d{{4}}\b|(?:{MONTHS})\.? '?\d\d$", phrase):
        return NO_DATE  # relative, or a day without a year: needs the report date
    parsed = _parse(phrase, published)
    if parsed is None and (core := _core(phrase)) is not None:
        phrase = core
        parsed = _parse(phrase, published)
    if future and parsed is not None and published is not None and parsed.date() < published:
        parsed = _parse(phrase, published, future) or parsed   # the next 20 March, not the last
    if YEAR.fullmatch(phrase):  # a year alone stands for its first day
        parsed = datetime(int(phrase), 1, 1)
    if parsed is None or not _plausible(parsed.date(), published):
        return NO_DATE
    vague = bool(VAGUE.search(phrase) or re.fullmatch(
        rf"(?:(?:{MONTHS})\.? )?\d{{4}}|(?:{MONTHS})", phrase))
    return ResolvedDate(parsed.date(), vague)
