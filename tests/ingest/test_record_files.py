"""Tests of analysis.ingest.record_files: records of CSV, JSON and JSON Lines files."""
from pathlib import Path

import pytest

from analysis.ingest.files import Skipped
from analysis.ingest.record_files import Columns, from_records


@pytest.mark.parametrize("name, raw, wheres", [
    ("a.csv", "text,title\nOne.,T1\nTwo.,T2\n", ["a.csv#row2", "a.csv#row3"]),
    ("a.json", '[{"text": "One."}, {"text": "Two."}]', ["a.json#record1", "a.json#record2"]),
    ("a.jsonl", '{"text": "One."}\n\n{"text": "Two."}\n', ["a.jsonl#line1", "a.jsonl#line3"]),
])
def test_from_records_names_each_record(name, raw, wheres):
    rows = list(from_records(Path(name), name, raw, Columns()))
    assert [where for where, _, _ in rows] == wheres
    assert [body for _, _, body in rows] == ["One.", "Two."]


@pytest.mark.parametrize("raw, reason", [
    ('{"body": "One."}', "record has no 'text' field"),
    ('{"text": 3}', "field 'text' is not text"),
    ("{not json", "not valid JSON"),
])
def test_from_records_skips_bad_records(raw, reason):
    [(where, _, body)] = from_records(Path("a.jsonl"), "a.jsonl", raw, Columns())
    assert isinstance(body, Skipped) and body.path == where == "a.jsonl#line1"
    assert body.reason.startswith(reason)


def test_from_records_csv_without_text_column_names_columns():
    with pytest.raises(ValueError, match="no 'text' column .*body"):
        list(from_records(Path("a.csv"), "a.csv", "body,title\nx,y\n", Columns()))


def test_from_records_reads_renamed_columns():
    [(_, meta, body)] = from_records(Path("a.json"), "a.json", '{"story": "S.", "headline": "H"}',
                                     Columns(text="story", title="headline"))
    assert (body, meta["title"]) == ("S.", "H")
