"""Resolve date expressions ("on Monday", "last week", "March 3") against a report's date.

An expression that does not name the day of an event resolves to no date: a duration ("months"),
the start or end of a span ("since April 2023", "until Friday"), or a day implausibly far in the
future of the report (more than a year after it), which is a misreading ("1300 hours").

Every resolved date carries its precision, as ACLED codes it:

* ``1`` (``DAY``): the day is named: "on Monday", "Monday night", "yesterday", "March 3",
  "3 March 2025", "two days ago", "today".
* ``2`` (``WEEK``): a few days or a week around the date: "last week", "this week", "early this
  week", "the weekend", "three weeks ago", "the coming days", and a part of a month: "early
  June", "mid-June", "late last month", "the end of March" stand for the 5th, 15th and 25th of
  the month (``PART_DAYS``); a part of the report's own month is not put after the report
  ("late this month" in a report of the 23rd is the 23rd).
* ``3`` (``MONTH``): a month or a year: the date is the first day of the month ("in March
  2024", "last month", "this month", "earlier this month": 2024-03-01, ...) or of the year
  ("2019", "this year", "last year", "late 2023", "two years ago": 2019-01-01, ...). A part of a
  year ("late 2023", "early this year") is known only to its year and is stored as the year's
  first day: a later first day (2023-09-01) would read as "September 2023". So a precision-3
  date on 1 January stands for its year ("January 2024" is read as the year 2024, the wider
  meaning), any other first day for its month. "The coming weeks/months" keep the day after the
  report and stand for the month from it.

``None`` when there is no date. See :func:`period_end` for the last day a precision covers.
"""
from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

import dateparser

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# Precision of a resolved date (the ``precision`` of :class:`ResolvedDate`).
DAY, WEEK, MONTH = 1, 2, 3
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
LONG_PERIOD = re.compile(r"^(?:ever )?since (?:\w+ )?(?:19|20)\d\d\b"
                         r"|\bthe (?:past|last|previous)(?: [\w-]+)? (?:years?|months|decades?)\b"
                         r"|^(?:in |during |over )?(?:the )?(?:past|last) (?:decade|century)\b"
                         r"|\bso far this year\b")
DECADE = re.compile(r"\b(?:19|20)?\d0'?s$")
YEAR = re.compile(r"(?:19|20)\d\d")
LEADING = re.compile(r"^(?:(on|in|at|during|from|of|for|the|early|late|mid|mid-)\s+|mid-)")
# A part of a period before a date ("early June", "mid-June", "late 2023", "the end of March"),
# after prepositions and "the"; the part -> its representative day of a month (``PART_DAYS``).
PART = re.compile(r"^(?:(?:on|in|at|during|from|of|for|over|the)\s+)*(early|earlier|late|later|"
                  r"mid|middle of|beginning of|start of|end of)(?:\s+|-)")
PART_OF = {"early": "early", "beginning of": "early", "start of": "early", "mid": "mid",
           "middle of": "mid", "late": "late", "end of": "late", "earlier": "earlier",
           "later": "later"}
PART_DAYS = {"early": 5, "mid": 15, "late": 25}
# The unit dateparser reads an expression at -> the unit of its date. Units: "day", "week",
# "month", "year", and "weeks ahead" ("the coming weeks/months", from the day after the report).
UNITS = {"day": "day", "time": "day", "week": "week", "month": "month", "year": "year"}
WEEK_SLACK = timedelta(days=5)  # a precision-2 date stands for the days this far either side
VAGUE = re.compile(r"\b(week|weekend|month|year|weeks|months|years)\b")
MAX_AHEAD = timedelta(days=366)
EARLIEST_YEAR = 1900


class ResolvedDate(NamedTuple):
    """A date expression resolved to a day, whether the day is only approximate, and what the
    expression names: a day (``DAY``, 1), a few days or a week (``WEEK``, 2), or a month or a
    year (``MONTH``, 3; the date is the month's or the year's first day); ``None`` without a
    date."""

    date: date | None
    uncertain: bool
    precision: int | None = None


NO_DATE = ResolvedDate(None, False, None)


class _Found(NamedTuple):
    """A resolved day and the unit of the expression (see ``UNITS``)."""

    date: date
    uncertain: bool
    unit: str


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


def is_long_period(text: str) -> bool:
    """Return True when an expression spans a year or more ("since 1980", "in the past year",
    "over the last 12 months", "so far this year"): a toll over it is a statistic, not one
    event.

    Examples
    --------
    >>> [is_long_period(t) for t in ("since 1980", "in the past year", "last year")]
    [True, True, False]
    """
    return bool(LONG_PERIOD.search(" ".join(text.casefold().split())))


def _weekday(match: re.Match, published: date, future: bool) -> _Found:
    which, day = match.group(1), WEEKDAYS.index(match.group(2))
    back = (published.weekday() - day) % 7
    if future and which not in ("last", "next"):     # "will meet on Saturday": the coming one
        return _Found(published + timedelta(days=(day - published.weekday()) % 7), False, "day")
    if which == "next":
        return _Found(published + timedelta(days=(day - published.weekday()) % 7 or 7), False,
                      "day")
    if which == "last" and back == 0:
        back = 7
    return _Found(published - timedelta(days=back), False, "day")


def _relative(phrase: str, published: date, future: bool) -> _Found | None:
    """Resolve the expressions that only make sense against the report's date."""
    if match := WEEKDAY.match(phrase):  # news convention: the most recent such day
        return _weekday(match, published, future)
    if match := SAME_PERIOD.match(phrase):
        unit = {"weekend": "week"}.get(match.group(2), match.group(2) or "day")
        return _Found(published, not phrase.startswith(("today", "tonight")), unit)
    if match := COMING.match(phrase):
        return _Found(published + timedelta(days=1), True,
                      "week" if match.group(5) in ("days", "hours") else "weeks ahead")
    if phrase in ("last night", "overnight", "yesterday"):
        return _Found(published - timedelta(days=1), False, "day")
    if phrase in ("weekend", "last weekend", "over the weekend", "this weekend"):
        return _Found(published - timedelta(days=(published.weekday() - 5) % 7), True, "week")
    return None


def _parse(phrase: str, published: date | None, future: bool = False
           ) -> tuple[datetime, str] | None:
    """Parse with dateparser: the day, and the unit dateparser reads ("day", "month", ...)."""
    settings = {"PREFER_DATES_FROM": "future" if future else "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": []}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        data = dateparser.DateDataParser(languages=["en"], settings=settings).get_date_data(
            phrase)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj, UNITS.get(data.period or "day", "day")


def _core(phrase: str) -> str | None:
    """Return the calendar part of a longer phrase ("the night of 7 december" -> "7 december")."""
    pattern = (rf"\d{{1,2}} (?:{MONTHS})\.?(?: \d{{2,4}})?|(?:{MONTHS})\.? \d{{1,2}}(?:, \d{{4}})?"
               rf"|(?:{MONTHS})\.? \d{{4}}|\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b")
    match = re.search(pattern, phrase)
    return match.group(0) if match and match.group(0) != phrase else None


def _plausible(day: date, published: date | None) -> bool:
    latest = (published or date.today()) + MAX_AHEAD
    return EARLIEST_YEAR <= day.year and day <= latest


def _part(text: str) -> str | None:
    """Return the part of a period the expression names: "early", "mid", "late" (of a month or
    a year), "earlier" or "later" (this month, this year); None when it names none."""
    match = PART.match(" ".join(text.casefold().split()))
    return PART_OF[match.group(1)] if match else None


def _precise(found: _Found, part: str | None, published: date | None,
             future: bool) -> ResolvedDate:
    """Put a month's or a year's date on its first day (a part of a month on ``PART_DAYS``)
    and give the precision of the expression's unit."""
    day, unit = found.date, found.unit
    if unit == "year":
        return ResolvedDate(day.replace(month=1, day=1), True, MONTH)
    if unit == "month" and part in PART_DAYS:
        day = day.replace(day=PART_DAYS[part])
        if (not future and published is not None and day > published
                and (day.year, day.month) == (published.year, published.month)):
            day = published  # "late this month" said on the 23rd: not after the report
        return ResolvedDate(day, True, WEEK)
    if unit == "month":
        return ResolvedDate(day.replace(day=1), True, MONTH)
    if unit == "weeks ahead":  # "the coming weeks": the day after the report, a month from it
        return ResolvedDate(day, True, MONTH)
    if unit == "week":
        return ResolvedDate(day, True, WEEK)
    return ResolvedDate(day, found.uncertain, DAY)


def period_end(day: date, precision: int | None) -> date:
    """Return the last day a resolved date may stand for, given its precision.

    A day (precision 1, or ``None``) stands for itself; a precision-2 date for up to
    ``WEEK_SLACK`` (5 days) either side of it; a precision-3 date on 1 January for its year, on
    another first day for its month, on any other day for a month from that day. (The first
    day is the date itself, or ``WEEK_SLACK`` before it for precision 2.)

    Examples
    --------
    >>> period_end(date(2024, 3, 1), 3), period_end(date(2023, 1, 1), 3)
    (datetime.date(2024, 3, 31), datetime.date(2023, 12, 31))
    """
    if precision == WEEK:
        return day + WEEK_SLACK
    if precision != MONTH:
        return day
    if (day.month, day.day) == (1, 1):
        return date(day.year, 12, 31)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1])) \
        - timedelta(days=1)


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
        expression that cannot be resolved. ``precision`` is 1 (a day), 2 (a few days or a
        week) or 3 (a month or a year, dated on its first day; see the module's docstring),
        None without a date.

    Examples
    --------
    >>> resolve("Monday", date(2024, 9, 25))
    ResolvedDate(date=datetime.date(2024, 9, 23), uncertain=False, precision=1)
    >>> resolve("late 2023", date(2024, 9, 25))
    ResolvedDate(date=datetime.date(2023, 1, 1), uncertain=True, precision=3)
    """
    if is_span_bound(text):
        return NO_DATE
    phrase = _clean(text)
    if not phrase or DURATION.match(phrase) or DECADE.search(phrase) or re.fullmatch(
            r"\d{1,3}", phrase):
        return NO_DATE
    part = _part(text)
    if published is not None:
        relative = _relative(phrase, published, future)
        if relative is not None:
            return _precise(relative, part, published, future)
    elif not re.search(rf"\b\d{{4}}\b|(?:{MONTHS})\.? '?\d\d$", phrase):
        return NO_DATE  # relative, or a day without a year: needs the report date
    parsed = _parse(phrase, published)
    if parsed is None and (core := _core(phrase)) is not None:
        phrase = core
        parsed = _parse(phrase, published)
    if future and parsed is not None and published is not None and \
            parsed[0].date() < published:
        parsed = _parse(phrase, published, future) or parsed   # the next 20 March, not the last
    if YEAR.fullmatch(phrase):  # a year alone stands for its first day
        parsed = datetime(int(phrase), 1, 1), "year"
    if parsed is None or not _plausible(parsed[0].date(), published):
        return NO_DATE
    vague = bool(VAGUE.search(phrase) or re.fullmatch(
        rf"(?:(?:{MONTHS})\.? )?\d{{4}}|(?:{MONTHS})", phrase))
    return _precise(_Found(parsed[0].date(), vague, parsed[1]), part, published, future)
