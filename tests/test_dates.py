"""Tests of analysis.dates: relative and absolute expressions against a report date."""
from datetime import date

import pytest

from analysis.dates import resolve

MONDAY = date(2024, 9, 23)


@pytest.mark.parametrize("text, expected, uncertain", [
    ("Monday", date(2024, 9, 23), False),
    ("on Friday", date(2024, 9, 20), False),
    ("yesterday", date(2024, 9, 22), False),
    ("last week", date(2024, 9, 16), True),
    ("this month", MONDAY, True),
    ("the coming days", date(2024, 9, 24), True),
    ("March 3, 2025", date(2025, 3, 3), False),
    ("2023", date(2023, 9, 1), True),
    ("months", None, False),
    ("nearly a year", None, False),
])
def test_dates_resolve(text, expected, uncertain):
    got = resolve(text, MONDAY)
    assert got.date == expected
    if expected is not None:
        assert got.uncertain == uncertain


def test_dates_relative_without_published_is_unresolved():
    assert resolve("Monday", None).date is None
