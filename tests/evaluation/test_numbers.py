"""Tests of the numbers evaluation: the scoring helpers on small examples, the side-by-side table,
and the whole report on ``../shared/corpus/quantulum3`` (skipped when that folder is absent)."""
from __future__ import annotations

import json

import pytest

from evaluation import numbers as ev
from evaluation.numbers import Expected, Span


@pytest.mark.parametrize("unit, group", [
    ("dimensionless", "count"), ("dozen", "count"), ("percentage", "count"),
    ("dollar", "money"), ("pound sterling", "money"), ("euro", "money"),
    ("year", "duration"), ("hour", "duration"), ("gigayear", "duration"),
    ("metre", "physical"), ("kilogram", "physical"), ("dollar per hour", "physical"),
    ("count per week", "physical"),
])
def test_numbers_unit_group(unit, group):
    assert ev.unit_group(unit) == group


@pytest.mark.parametrize("a, b, same", [
    (1600, 1600.0, True), (0.0, 0.0, True), (2 / 3, 0.6666666666, True),
    (1e9, 1e9 + 1, True), (1600, 1601, False), (0.5, 0.25, False), (0.0, 1e-3, False),
])
def test_numbers_same_value_relative_tolerance(a, b, same):
    assert ev.same_value(a, b) is same


def test_numbers_expected_spans_locate_surfaces_in_order():
    text = "4 km and 4 km and 7 kg"
    res = [{"value": 4, "unit": "kilometre", "surface": "4 km"},
           {"value": 4, "unit": "kilometre", "surface": "4 km"},
           {"value": 7, "unit": "dimensionless", "surface": "7"},
           {"value": 1, "unit": "dimensionless", "surface": "absent"}]
    spans = ev.expected_spans(text, res)
    assert [(e.start, e.end) for e in spans] == [(0, 4), (9, 13), (18, 19), (-1, -1)]
    assert [text[e.start:e.end] for e in spans[:3]] == ["4 km", "4 km", "7"]
    assert [e.group for e in spans] == ["physical", "physical", "count", "count"]


# expected (start, end, value), found spans, (found, right value)
SCORE_CASES = [
    ((0, 9, 500.0), [Span(0, 9, 500.0)], (True, True)),              # same span, same value
    ((6, 9, 500.0), [Span(0, 9, 500.0)], (True, True)),              # "about 500" vs "500"
    ((0, 9, 500.0), [Span(2, 5, 12.0)], (True, False)),              # overlap, other value
    ((0, 9, 500.0), [Span(9, 12, 500.0)], (False, False)),           # touching is no overlap
    ((0, 9, 500.0), [], (False, False)),
    ((0, 9, 500.0), [Span(0, 3, 1.0), Span(4, 9, 500.0)], (True, True)),
    ((-1, -1, 500.0), [Span(0, 9, 500.0)], (False, False)),         # surface not in the text
]


@pytest.mark.parametrize("expected, found, result", SCORE_CASES)
def test_numbers_score_expected(expected, found, result):
    assert ev.score_expected([Expected(*expected, "count")], found) == [result]


@pytest.mark.parametrize("expected, found, right", [
    ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0], 3), ([20.0, 30.0, 5000.0], [20.0, 30.0, 50.0], 2),
    ([105.0, 106.0], [10506.0], 0), ([5.0, 5.0], [5.0], 1), ([], [1.0], 0),
    ([-10.0], [10.0], 0),
])
def test_numbers_score_values_uses_each_found_value_once(expected, found, right):
    assert ev.score_values(expected, found) == right


def test_numbers_side_by_side_without_quantulum3(nlp):
    from analysis.extractors.numbers import numbers

    lines = ev.side_by_side(lambda text: list(numbers(nlp(text))), None)
    table = [line for line in lines if line.startswith("| ") and "reading" not in line]
    assert len(table) == len(ev.SIDE_BY_SIDE) >= 25
    assert all("(not run)" in line for line in table)
    first = table[0]
    assert "approx" in first and "[450-550]" in first and "people, killed" in first
    assert any(line.startswith("Ours:") and f"qualifier for {len(ev.SIDE_BY_SIDE)}/" in line
               for line in lines)


def test_numbers_side_by_side_with_a_fake_library(nlp):
    from types import SimpleNamespace

    from analysis.extractors.numbers import numbers

    def fake(text):
        unit = SimpleNamespace(name="dimensionless")
        return [SimpleNamespace(value=500.0, unit=unit, surface="500", uncertainty=None,
                                span=(6, 9))] if text.startswith("About 500") else []

    lines = ev.side_by_side(lambda text: list(numbers(nlp(text))), fake)
    assert "500 dimensionless ('500')" in lines[2]
    assert any(line.startswith("quantulum3: a quantity for 1/") for line in lines)


def test_numbers_report_on_missing_folder(tmp_path):
    assert "No quantities.json" in ev.report(tmp_path)


def test_numbers_report_on_small_folder(tmp_path):
    cases = [{"req": "About 500 people were killed and 3 km of road destroyed.",
              "res": [{"value": 500, "unit": "dimensionless", "surface": "500"},
                      {"value": 3, "unit": "kilometre", "surface": "3 km"}]}]
    (tmp_path / "quantities.json").write_text(json.dumps(cases), encoding="utf-8")
    (tmp_path / "spellout_values.json").write_text(json.dumps(
        [{"text": "two and a half million", "expected_values": [2500000.0]}]), encoding="utf-8")
    text = ev.report(tmp_path)
    assert "| count | 1 | 1/1 (100%) | 1/1 (100%) |" in text
    assert "| physical | 1 | 1/1 (100%) | 1/1 (100%) |" in text
    assert "right value ours 1/1 (100%)" in text
    assert "side by side" in text


def test_numbers_report_on_shared_corpus(shared_corpus):
    text = ev.report(shared_corpus)
    assert text.startswith("## numbers: quantulum3")
    assert "| all | 148 |" in text
    assert "Spelled-out numbers" in text and "About 500 people were killed" in text
