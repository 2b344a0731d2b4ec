"""Tests of analysis.extractors.dates: relative and absolute expressions against a report date."""
from datetime import date

import pytest

from analysis.extractors.dates import is_span_bound, resolve

MONDAY = date(2024, 9, 23)


@pytest.mark.parametrize("text, expected, uncertain", [
    # weekdays: the most recent such day, the report's own day included
    ("Monday", date(2024, 9, 23), False),
    ("on Friday", date(2024, 9, 20), False),
    ("Saturday night", date(2024, 9, 21), False),
    ("last Monday", date(2024, 9, 16), False),
    ("next Tuesday", date(2024, 9, 24), False),
    # days around the report
    ("today", MONDAY, False),
    ("yesterday", date(2024, 9, 22), False),
    ("last night", date(2024, 9, 22), False),
    ("two days ago", date(2024, 9, 21), False),
    ("the past few hours", MONDAY, True),
    ("over the weekend", date(2024, 9, 21), True),
    # periods around the report
    ("last week", date(2024, 9, 16), True),
    ("this week", MONDAY, True),
    ("this month", MONDAY, True),
    ("earlier this month", MONDAY, True),
    ("the coming days", date(2024, 9, 24), True),
    ("in the coming weeks", date(2024, 9, 24), True),
    # calendar dates
    ("March 3, 2025", date(2025, 3, 3), False),
    ("September 16", date(2024, 9, 16), False),
    ("Sept. 16", date(2024, 9, 16), False),
    ("16 September", date(2024, 9, 16), False),
    ("the early morning of 21 September", date(2024, 9, 21), False),
    ("December 2023", date(2023, 12, 1), True),
    ("mid-March", date(2024, 3, 1), True),
    ("2023", date(2023, 1, 1), True),
    ("late 2023", date(2023, 1, 1), True),
])
def test_dates_resolve(text, expected, uncertain):
    got = resolve(text, MONDAY)
    assert got.date == expected
    assert got.uncertain == uncertain


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
