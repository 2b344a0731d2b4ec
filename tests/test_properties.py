"""Property tests (hypothesis): ingest never raises whatever the bytes, and the extractors, on text
mixing report words, numbers, punctuation, gazetteer names and random Unicode, never raise and
keep their promises: offsets inside the report with ``text[start:end]`` equal to the row's text,
``low <= value <= high``, and every id referring to an existing row.
"""
from __future__ import annotations

import csv
import functools
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.files import Skipped
from analysis.ingest.reports import SUFFIXES, normalise, read_reports
from analysis.records import Report
from tests.support import ROOT

RESOURCES = ROOT / "analysis" / "resources"
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@functools.lru_cache(maxsize=None)
def _column(name: str, column: str, *, split: str | None = None) -> tuple[str, ...]:
    """The non-empty values of a column of a resource CSV (``split`` cells on a separator)."""
    with open(RESOURCES / name, encoding="utf-8", newline="") as fh:
        cells = [row[column] or "" for row in csv.DictReader(fh)]
    values = [v for cell in cells for v in (cell.split(split) if split else [cell])]
    return tuple(sorted({v.strip() for v in values if v.strip()}))


def _vocabulary() -> dict[str, tuple[str, ...]]:
    return {
        "names": _column("actors.csv", "name") + _column("actors.csv", "aliases", split="|")
        + _column("places.csv", "name"),
        "triggers": _column("triggers.csv", "phrase"),
        "quantities": _column("number_qualifiers.csv", "phrase")
        + _column("vague_quantities.csv", "phrase") + _column("number_words.csv", "word"),
        "nouns": _column("number_categories.csv", "term") + _column("titles.csv", "title"),
        "glue": ("the", "of", "and", "in", "on", "said", "were", "was", "by", "at", "near",
                 "officials", "people", "troops", "Monday", "last week", "according to"),
    }


PUNCTUATION = (*".,;:!?\"'()[]-\u2013\u2014/%$\u20ac\u00a3&*#@\u2026\n", "\n\n", " - ", "...")


def _pieces() -> st.SearchStrategy[str]:
    vocab = _vocabulary()
    number = st.one_of(
        st.integers(0, 10**12).map(str),
        st.integers(0, 10**9).map("{:,}".format),
        st.floats(0, 1e9, allow_nan=False).map(lambda x: f"{x:.2f}"),
        st.tuples(st.integers(0, 999), st.sampled_from(["million", "billion", "thousand", "%"]))
        .map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda t: f"{t[0]}-{t[1]}"),
        st.tuples(st.integers(0, 500), st.integers(0, 500))
        .map(lambda t: f"between {t[0]} and {t[1]}"),
    )
    words = {kind: st.sampled_from(values) for kind, values in vocab.items()}
    sentence = st.tuples(  # "Houthis attacked about 500 troops near Hodeidah, officials said."
        words["names"], words["triggers"], words["quantities"], number, words["nouns"],
        words["glue"], words["names"], st.sampled_from([".", ",", ";", "", " said."])
    ).map(" ".join)
    return st.one_of(
        *words.values(),
        number,
        sentence,
        st.sampled_from(PUNCTUATION),
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6),
    )


def _texts(max_pieces: int = 60) -> st.SearchStrategy[str]:
    piece = st.tuples(_pieces(), st.sampled_from([" ", " ", " ", "", "\n"]))
    return st.lists(piece, min_size=1, max_size=max_pieces).map(
        lambda parts: "".join(p + sep for p, sep in parts))


# ingest ---------------------------------------------------------------------------------------

def _check_items(items: list) -> None:
    for item in items:
        assert isinstance(item, (Report, Skipped))
        if isinstance(item, Skipped):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text and item.text == normalise(item.text)
            assert len(item.report_id) == 16 and int(item.report_id, 16) >= 0


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(sorted(SUFFIXES)))
def test_properties_ingest_never_raises_on_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"input{suffix}").write_bytes(data)
        _check_items(list(read_reports([folder], published="2025-03-15")))


@SETTINGS
@given(text=_texts(), suffix=st.sampled_from(sorted(SUFFIXES)),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
       front=st.sampled_from(["", "---\n", "---\ntitle: [x\n---\n", "+++\ntitle = 1\n+++\n",
                              "---\npublished: March\ntitle: {a: 1}\n---\n", "<html><body><p>"]))
def test_properties_ingest_never_raises_on_text(text, suffix, encoding, front):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"input{suffix}").write_bytes((front + text).encode(encoding, "replace"))
        _check_items(list(read_reports([folder])))


@SETTINGS
@given(records=st.lists(st.fixed_dictionaries({}, optional={
    "text": st.one_of(_texts(20), st.text(), st.none(), st.integers(), st.lists(st.text())),
    "title": st.one_of(st.text(), st.integers(), st.dictionaries(st.text(), st.text())),
    "published": st.one_of(st.text(), st.integers(), st.floats())}), max_size=5))
def test_properties_ingest_never_raises_on_records(records):
    import json

    with tempfile.TemporaryDirectory() as folder:
        lines = "\n".join(json.dumps(r) for r in records)
        (Path(folder) / "r.jsonl").write_text(lines, encoding="utf-8")
        (Path(folder) / "r.json").write_text(json.dumps(records), encoding="utf-8")
        _check_items(list(read_reports([folder])))


# extractors -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gazetteer():
    from analysis.extractors.gazetteer import load_gazetteer

    return load_gazetteer()


def _check_offsets(text: str, rows, what: str) -> None:
    for row in rows:
        assert 0 <= row.start < row.end <= len(text), (what, row)
        assert text[row.start:row.end] == (row.trigger if what == "events" else row.text), (
            what, row)


@settings(SETTINGS, max_examples=100)
@given(text=_texts())
def test_properties_extractors_keep_their_promises(nlp, gazetteer, text):
    from analysis.extractors import actors, numbers
    from analysis.extractors import places as place_rules
    from analysis.extractors.events import coder as events

    text = normalise(text)
    doc = nlp(text)
    found = list(actors.mentions(doc, gazetteer, source=None))
    places = place_rules.places(doc, gazetteer)
    evs = list(events.events(doc, found, places, published=date(2025, 3, 15)))
    quantities = list(numbers.numbers(doc))
    _check_offsets(text, found, "mentions")
    _check_offsets(text, places, "places")
    _check_offsets(text, evs, "events")
    _check_offsets(text, quantities, "numbers")
    names = {m.name for m in found}
    for e in evs:
        assert e.source is None or e.source.name in names
        assert e.target is None or e.target.name in names
    for q in quantities:
        assert q.low <= q.value <= q.high, q


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_texts(40), min_size=1, max_size=3))
def test_properties_extract_frames_link_and_hold_offsets(texts):
    import analysis

    with tempfile.TemporaryDirectory() as folder:
        for k, text in enumerate(texts):
            (Path(folder) / f"r{k}.txt").write_text(text, encoding="utf-8")
        frames = analysis.extract([folder], Path(folder) / "frames", published="2025-03-15",
                                  progress=False).frames
    texts_by_id = frames["reports"].set_index("report_id")["text"]
    for name, column in (("sentences", "text"), ("mentions", "text"), ("numbers", "text"),
                         ("events", "trigger")):
        for row in frames[name].itertuples():
            assert texts_by_id[row.report_id][row.start:row.end] == getattr(row, column)
    numbers = frames["numbers"]
    assert (numbers["low"] <= numbers["value"]).all()
    assert (numbers["value"] <= numbers["high"]).all()
    actor_ids, event_ids = set(frames["actors"]["actor_id"]), set(frames["events"]["event_id"])
    for name, column, known in (("mentions", "actor_id", actor_ids),
                                ("numbers", "actor_id", actor_ids),
                                ("numbers", "event_id", event_ids),
                                ("events", "source_id", actor_ids),
                                ("events", "target_id", actor_ids)):
        assert set(frames[name][column].dropna()) <= known, (name, column)
