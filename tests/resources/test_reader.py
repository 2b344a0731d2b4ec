"""Tests of analysis.resources: the one reader of the CSV knowledge, bundled or an analyst's."""
from __future__ import annotations

import os

import pytest

from analysis.errors import WorkbookError
from analysis.extractors.gazetteer import load_gazetteer
from analysis.resources import _CACHE, bundled, read_csv

ROWS = [{"word": "alpha", "kind": "x"}, {"word": "beta", "kind": ""}]


@pytest.mark.parametrize("raw", [
    b"word,kind\nalpha,x\nbeta,\n",
    b"\xef\xbb\xbfword,kind\nalpha,x\nbeta,\n",          # saved by Excel: a byte-order mark
    b"word,kind\r\nalpha,x\r\nbeta,\r\n",                # Windows line ends
    b"\xef\xbb\xbfword,kind\r\nalpha,x\r\n\r\nbeta\r\n",  # both, a blank line, a short row
])
def test_reader_accepts_what_spreadsheets_write(tmp_path, raw):
    path = tmp_path / "t.csv"
    path.write_bytes(raw)
    assert read_csv(path, ["word", "kind"]) == ROWS


def test_reader_missing_column_names_the_file(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,kind\nX,state\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"mine\.csv: missing column\(s\) country"):
        read_csv(path, ["name", "kind", "country"])


def test_reader_unreadable_file_names_the_file(tmp_path):
    with pytest.raises(WorkbookError, match=r"nothing\.csv"):
        read_csv(tmp_path / "nothing.csv")


def test_reader_reads_a_changed_file_again(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("word\nalpha\n", encoding="utf-8")
    assert read_csv(path) == [{"word": "alpha"}]
    path.write_text("word\ngamma\ndelta\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new modification time even on a coarse clock
    assert read_csv(path) == [{"word": "gamma"}, {"word": "delta"}]
    assert sum(key == str(path.resolve()) for key in _CACHE) == 1  # the old version is dropped


def test_reader_callers_cannot_change_the_cache(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("word\nalpha\n", encoding="utf-8")
    read_csv(path)[0]["word"] = "changed"
    assert read_csv(path) == [{"word": "alpha"}]


def test_reader_bundled_tables_are_read():
    assert any(r["title"] for r in read_csv(bundled("titles.csv"), ["title"]))


def test_reader_gazetteer_saved_with_a_bom_works(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes("\ufeffname,kind,country,aliases,affiliation\r\n"
                     "Zorgon Front,armed_group,,ZF,\r\n".encode("utf-8"))
    gazetteer = load_gazetteer(str(path))
    assert gazetteer.actors["Zorgon Front"].kind == "armed_group"
    assert gazetteer.actors["Zorgon Front"].aliases == ("ZF",)
