"""Tests of analysis.corrections.ledger: the corrections file, checked line by line."""
from __future__ import annotations

import pytest

from analysis.corrections.ledger import (
    COLUMNS,
    append,
    check,
    corrections_path,
    new_correction,
    read_corrections,
)
from analysis.errors import WorkbookError

EVENT = "r1:3-13:ASSAULT:houthis>"


@pytest.mark.parametrize("frame, key, column, new, why", [
    ("events", EVENT, "event_type", "ACCUSE", None),
    ("events", EVENT, "event_type", "SHOUT", "is not one of"),
    ("events", EVENT, "modality", "maybe", "is not one of"),
    ("events", EVENT, "date", "someday", "is not a date"),
    ("events", EVENT, "date", "2025-03-04", None),
    ("events", EVENT, "colour", "red", "column 'colour' of events cannot be corrected"),
    ("events", "r1:3-13", "wrong", "true", "is no event key"),
    ("events", EVENT, "wrong", "yes", "is not one of"),
    ("events", "r1:3-13:SHOUT:>", "add", "asserted", "is no event type"),
    ("events", "r1:3-13:ASSAULT:>", "add", "", None),
    ("numbers", "r1:3-13", "value", "12", None),
    ("numbers", "r1:3-13", "value", "a dozen", "is not a number"),
    ("numbers", "r1:3-13", "range", "10-15", None),
    ("numbers", "r1:3-13", "range", "15-10", "is no range"),
    ("numbers", "r1:3-13", "qualifier", "about", "is not one of"),
    ("numbers", "r1:3-13", "category", "killed", None),
    ("numbers", EVENT, "value", "3", "is no number key"),
    ("actors", "houthis", "kind", "militia", None),
    ("actors", "houthis", "kind", "gang", "is not one of"),
    ("actors", "houthis", "country", "Yemen", "alpha-3"),
    ("actors", "houthis", "merge_into", "houthis", "another actor"),
    ("sentences", "r1:0-5", "text", "x", "frame 'sentences' cannot be corrected"),
])
def test_ledger_checks_each_correction(frame, key, column, new, why):
    got = check(frame, key, column, new)
    assert (got is None) if why is None else (why in got), got


def test_ledger_appends_and_reads_back(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_USER", "amina")
    one = new_correction("events", EVENT, "event_type", "ACCUSE", old="ASSAULT",
                         note='criticism, "not" a strike')
    append(tmp_path, [one])
    append(tmp_path, [new_correction("actors", "houthis", "kind", "militia")])
    got = read_corrections(corrections_path(tmp_path))
    assert [(c.who, c.key, c.new, c.line) for c in got] == [
        ("amina", EVENT, "ACCUSE", 2), ("amina", "houthis", "militia", 3)]
    assert got[0].note == 'criticism, "not" a strike'
    text = corrections_path(tmp_path).read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS) and len(text.splitlines()) == 3
    assert (tmp_path / ".gitattributes").read_text() == "corrections.csv merge=union\n"
    with pytest.raises(ValueError, match="is not one of"):
        new_correction("events", EVENT, "event_type", "SHOUT")


@pytest.mark.parametrize("body, line, why", [
    ("2026-12-04T10:00:00Z,a,events,{k},event_type,,SHOUT,\n", 2, "is not one of"),
    ("2026-12-04T10:00:00Z,a,events,{k},event_type,,ACCUSE,\nnot a time,a,events,{k},wrong,,"
     "true,\n", 3, "is not a time"),
    ("2026-12-04T10:00:00Z,a,events,{k},event_type\n", 2, "5 fields, not 8"),
])
def test_ledger_a_bad_line_names_its_file_and_line(tmp_path, body, line, why):
    path = corrections_path(tmp_path)
    path.write_text(",".join(COLUMNS) + "\n" + body.format(k=EVENT), encoding="utf-8")
    with pytest.raises(WorkbookError, match=rf"E070.*corrections\.csv, line {line}: .*{why}"):
        read_corrections(path)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(WorkbookError, match="E070"):
        append(tmp_path, [new_correction("actors", "houthis", "kind", "militia")])
    assert path.read_text(encoding="utf-8") == before      # never appended to a bad file


def test_ledger_a_foreign_file_is_refused(tmp_path):
    path = corrections_path(tmp_path)
    assert read_corrections(path) == []                          # none yet
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="E071.*header"):
        read_corrections(path)
