"""Tests of analysis.extractors.dates: relative and absolute expressions against a report date."""
from datetime import date

import pytest

from analysis.extractors.dates import DAY, MONTH, NO_DATE, WEEK, is_span_bound, period_end, resolve

MONDAY = date(2024, 9, 23)


@pytest.mark.parametrize("text, expected, uncertain, precision", [
    # weekdays: the most recent such day, the report's own day included
    ("Monday", date(2024, 9, 23), False, DAY),
    ("on Monday", date(2024, 9, 23), False, DAY),
    ("Monday night", date(2024, 9, 23), False, DAY),
    ("early Monday", date(2024, 9, 23), False, DAY),
    ("on Friday", date(2024, 9, 20), False, DAY),
    ("Saturday night", date(2024, 9, 21), False, DAY),
    ("last Monday", date(2024, 9, 16), False, DAY),
    ("next Tuesday", date(2024, 9, 24), False, DAY),
    # days around the report
    ("today", MONDAY, False, DAY),
    ("yesterday", date(2024, 9, 22), False, DAY),
    ("last night", date(2024, 9, 22), False, DAY),
    ("two days ago", date(2024, 9, 21), False, DAY),
    ("the past few hours", MONDAY, True, DAY),
    # a few days or a week
    ("the weekend", date(2024, 9, 21), True, WEEK),
    ("over the weekend", date(2024, 9, 21), True, WEEK),
    ("last week", date(2024, 9, 16), True, WEEK),
    ("this week", MONDAY, True, WEEK),
    ("early this week", MONDAY, True, WEEK),
    ("a week ago", date(2024, 9, 16), True, WEEK),
    ("three weeks ago", date(2024, 9, 2), True, WEEK),
    ("the coming days", date(2024, 9, 24), True, WEEK),
    # a part of a month: its 5th, 15th or 25th
    ("mid-June", date(2024, 6, 15), True, WEEK),
    ("early June", date(2024, 6, 5), True, WEEK),
    ("late June", date(2024, 6, 25), True, WEEK),
    ("mid-March", date(2024, 3, 15), True, WEEK),                # was 2024-03-01
    ("late March 2024", date(2024, 3, 25), True, WEEK),
    ("mid-December 2023", date(2023, 12, 15), True, WEEK),       # was 2023-12-20, certain
    ("the end of March", date(2024, 3, 25), True, WEEK),
    ("the beginning of March", date(2024, 3, 5), True, WEEK),
    ("late last month", date(2024, 8, 25), True, WEEK),
    ("early last month", date(2024, 8, 5), True, WEEK),
    ("late this month", MONDAY, True, WEEK),                     # not after the report
    # a month: its first day
    ("in March 2024", date(2024, 3, 1), True, MONTH),
    ("December 2023", date(2023, 12, 1), True, MONTH),
    ("March", date(2024, 3, 1), True, MONTH),
    ("last month", date(2024, 8, 1), True, MONTH),
    ("a month ago", date(2024, 8, 1), True, MONTH),
    ("this month", date(2024, 9, 1), True, MONTH),               # was the report's day
    ("earlier this month", date(2024, 9, 1), True, MONTH),       # was the report's day
    ("the first week of March", date(2024, 3, 1), True, MONTH),  # only the month is read
    ("in the coming weeks", date(2024, 9, 24), True, MONTH),     # a month from the next day
    # a year: its first day, parts of it too
    ("2019", date(2019, 1, 1), True, MONTH),
    ("2023", date(2023, 1, 1), True, MONTH),
    ("late 2023", date(2023, 1, 1), True, MONTH),
    ("mid-2023", date(2023, 1, 1), True, MONTH),
    ("this year", date(2024, 1, 1), True, MONTH),                # was the report's day
    ("earlier this year", date(2024, 1, 1), True, MONTH),        # was the report's day
    ("last year", date(2023, 1, 1), True, MONTH),                # was 2023-09-01
    ("late last year", date(2023, 1, 1), True, MONTH),           # was 2023-09-01
    ("two years ago", date(2022, 1, 1), True, MONTH),            # was 2022-09-01
    # calendar days
    ("March 3", date(2024, 3, 3), False, DAY),
    ("3 March 2025", date(2025, 3, 3), False, DAY),
    ("March 3, 2025", date(2025, 3, 3), False, DAY),
    ("September 16", date(2024, 9, 16), False, DAY),
    ("Sept. 16", date(2024, 9, 16), False, DAY),
    ("16 September", date(2024, 9, 16), False, DAY),
    ("2023-05-04", date(2023, 5, 4), False, DAY),
    ("the early morning of 21 September", date(2024, 9, 21), False, DAY),
])
def test_dates_resolve(text, expected, uncertain, precision):
    got = resolve(text, MONDAY)
    assert (got.date, got.uncertain, got.precision) == (expected, uncertain, precision)


@pytest.mark.parametrize("text, published, expected, precision", [
    # the report's weekday decides the week, not the precision
    ("last week", date(2024, 9, 26), date(2024, 9, 19), WEEK),
    ("late this month", date(2024, 9, 26), date(2024, 9, 25), WEEK),
    ("early this month", date(2024, 9, 3), date(2024, 9, 3), WEEK),   # not after the report
    ("this year", date(2025, 3, 5), date(2025, 1, 1), MONTH),
    # without a report date: a full date or a month of a year still resolves
    ("March 2024", None, date(2024, 3, 1), MONTH),
    ("late 2023", None, date(2023, 1, 1), MONTH),
    ("24 Aug 88", None, date(1988, 8, 24), DAY),
])
def test_dates_precision_other_reports(text, published, expected, precision):
    got = resolve(text, published)
    assert (got.date, got.precision) == (expected, precision)


@pytest.mark.parametrize("text, expected, precision", [
    ("later this month", date(2024, 9, 1), MONTH),
    ("late this month", date(2024, 9, 25), WEEK),   # a planned event may be after the report
    ("mid-June", date(2025, 6, 15), WEEK),          # the next June
    ("next month", date(2024, 10, 1), MONTH),
    ("Saturday", date(2024, 9, 28), DAY),
])
def test_dates_precision_of_future_events(text, expected, precision):
    got = resolve(text, MONDAY, future=True)
    assert (got.date, got.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["months", "since April 2023", "the 1990s", "Monday"])
def test_dates_no_date_has_no_precision(text):
    got = resolve(text, MONDAY if text != "Monday" else None)
    assert got.date is None and got.precision is None and got == NO_DATE


@pytest.mark.parametrize("day, precision, expected", [
    (date(2024, 3, 3), DAY, date(2024, 3, 3)),
    (date(2024, 3, 3), None, date(2024, 3, 3)),
    (date(2024, 6, 15), WEEK, date(2024, 6, 20)),
    (date(2024, 3, 1), MONTH, date(2024, 3, 31)),     # a month
    (date(2024, 2, 1), MONTH, date(2024, 2, 29)),
    (date(2024, 12, 1), MONTH, date(2024, 12, 31)),
    (date(2023, 1, 1), MONTH, date(2023, 12, 31)),    # a year
    (date(2024, 9, 24), MONTH, date(2024, 10, 23)),   # "the coming weeks": a month from the day
    (date(2024, 1, 31), MONTH, date(2024, 2, 28)),
])
def test_dates_period_end(day, precision, expected):
    assert period_end(day, precision) == expected


def test_dates_period_of_each_resolved_expression_holds_the_date():
    for text in ["last week", "mid-June", "in March 2024", "late 2023", "this year",
                 "the coming weeks", "yesterday"]:
        got = resolve(text, MONDAY)
        assert got.date <= period_end(got.date, got.precision), text


@pytest.mark.parametrize("text", [
    "months", "nearly a year", "several weeks", "48 hours", "a decade",     # durations
    "since April 2023", "until Friday", "after March 3", "by the end of the year",  # span bounds
    "the 1990s", "1980s",                                                     # decades
    "1300",                                                                   # a clock time
    "70",                                                                     # a bare number
    "March 1, 2027",                                                          # far in the future
])
def test_dates_not_the_day_of_an_event(text):
    assert resolve(text, MONDAY).date is None


@pytest.mark.parametrize("text, published, expected", [
    ("March 2027", date(2025, 3, 5), None),                   # two years after the report
    ("March 2026", date(2025, 3, 5), date(2026, 3, 1)),       # within a year: kept
    ("24 Aug 88", None, date(1988, 8, 24)),                    # a full date needs no report date
    ("Monday", None, None),                                    # a relative one does
    ("March 3", None, None),                                   # so does a day without a year
])
def test_dates_guard_and_published(text, published, expected):
    assert resolve(text, published).date == expected


@pytest.mark.parametrize("text, bound", [
    ("since April 2023", True), ("Since 2019", True), ("until Friday", True),
    ("on Monday", False), ("in April 2023", False), ("for Monday", False),
])
def test_dates_span_bounds(text, bound):
    assert is_span_bound(text) == bound


@pytest.mark.parametrize("text, expected", [
    ("Friday", date(2024, 9, 27)),            # the coming Friday
    ("Monday", MONDAY),                        # the report's own day
    ("September 20", date(2025, 9, 20)),      # the next one
    ("September 23", MONDAY),
    ("last Friday", date(2024, 9, 20)),
])
def test_dates_future_events_take_the_next_day(text, expected):
    assert resolve(text, MONDAY, future=True).date == expected


def test_dates_scheduled_for_a_day_is_that_day():
    assert resolve("for Monday", MONDAY).date == MONDAY


@pytest.mark.parametrize("text, long", [
    ("since 1980", True), ("ever since March 1998", True), ("in the past year", True),
    ("over the last 12 months", True), ("so far this year", True), ("the past decade", True),
    ("last year", False), ("since Monday", False), ("in the past few hours", False),
    ("this year", False),
])
def test_dates_long_periods_make_statistics(text, long):
    from analysis.extractors.dates import is_long_period

    assert is_long_period(text) is long
