"""Tests of analysis.reports: formats, stable ids, duplicates and bad input."""
from __future__ import annotations

import json

import pytest

from analysis.reports import (Columns, Report, Skipped, decode, normalise, parse_date, read_reports,
                              report_id)

FRONT = "---\ntitle: Troops move\nsource: Test Wire\npublished: 2025-03-04\nurl: https://example.org/a\n---\n"
BODY = "Officials said 200 troops were sent to the border on Monday."


def _reports(items):
    return [r for r in items if isinstance(r, Report)]


def _skipped(items):
    return [s for s in items if isinstance(s, Skipped)]


def test_reports_front_matter(tmp_path):
    (tmp_path / "a.md").write_text(FRONT + BODY, encoding="utf-8")
    [r] = list(read_reports([tmp_path]))
    assert (r.title, r.source, r.published, r.url) == (
        "Troops move", "Test Wire", "2025-03-04", "https://example.org/a")
    assert r.text == BODY and not r.published_assumed


def test_reports_run_date_fills_missing_published(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    [r] = list(read_reports([tmp_path], published="2025-01-02"))
    assert r.published == "2025-01-02" and r.published_assumed


@pytest.mark.parametrize("name, content", [
    ("r.jsonl", '{"title": "T", "text": "%s"}\n{"title": "U", "text": "Another report."}\n' % BODY),
    ("r.json", json.dumps([{"title": "T", "text": BODY}, {"title": "U", "text": "Another report."}])),
    ("r.csv", 'title,text\nT,"%s"\nU,"Another report."\n' % BODY),
])
def test_reports_records(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    found = _reports(read_reports([tmp_path / name]))
    assert [r.title for r in found] == ["T", "U"]
    assert found[0].path.startswith(str(tmp_path / name) + "#")


def test_reports_configurable_columns(tmp_path):
    (tmp_path / "r.csv").write_text('headline,body\nT,"%s"\n' % BODY, encoding="utf-8")
    [r] = read_reports([tmp_path], columns=Columns(text="body", title="headline"))
    assert r.title == "T" and r.text == BODY


def test_reports_html(tmp_path):
    page = ("<html><head><title>Strike hits town</title>"
            '<meta property="og:site_name" content="Meridian Wire">'
            '<meta property="article:published_time" content="2025-03-10T08:00:00Z"></head>'
            "<body><nav>Home | World | Sport</nav><article><h1>Strike hits town</h1>"
            f"<p>{BODY} The strike was the second this week, residents told reporters.</p>"
            "</article><footer>Copyright Meridian</footer></body></html>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    [r] = read_reports([tmp_path])
    assert r.title == "Strike hits town" and r.source == "Meridian Wire"
    assert r.published == "2025-03-10"
    assert BODY in r.text and "Copyright" not in r.text and "Sport" not in r.text


def test_reports_folders_recursive_and_duplicates_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text("  " + BODY.replace(" ", "  ") + "\n", encoding="utf-8")
    items = list(read_reports([tmp_path, tmp_path / "a.txt"]))
    assert len(_reports(items)) == 1
    assert [s.reason.split(" of ")[0] for s in _skipped(items)] == ["duplicate", "duplicate"]


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file, not text"),
    ("fm-only.md", b"---\ntitle: x\n---\n\n", "empty report: no text"),
    ("pic.png", b"abc", "unsupported file type '.png'"),
    ("bad.csv", b"headline,body\nx,y\n", "cannot read records: no 'text' column"),
])
def test_reports_bad_input_is_skipped_with_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    items = list(read_reports([tmp_path]))
    [skip] = _skipped(items)
    assert skip.path.endswith(name) and skip.reason.startswith(reason)
    assert len(_reports(items)) == 1


def test_reports_oversized_and_missing(tmp_path):
    (tmp_path / "big.txt").write_text(BODY * 100, encoding="utf-8")
    items = list(read_reports([tmp_path / "big.txt", tmp_path / "nope"], max_bytes=1000))
    assert [s.reason.split(",")[0] for s in items] == ["file is 0.0 MB", "no such file or folder"]


def test_reports_broken_jsonl_line_keeps_the_rest(tmp_path):
    (tmp_path / "r.jsonl").write_text('{"text": "One report."}\n{broken\n{"text": "Two."}\n')
    items = list(read_reports([tmp_path]))
    assert len(_reports(items)) == 2
    assert _skipped(items)[0].path.endswith("#line2")


@pytest.mark.parametrize("data, expected", [
    ("héllo".encode("utf-8"), "héllo"),
    ("héllo".encode("utf-8-sig"), "héllo"),
    ("héllo".encode("utf-16"), "héllo"),
    ("héllo".encode("cp1252"), "héllo"),
])
def test_reports_decode(data, expected):
    assert decode(data)[0] == expected


def test_reports_id_is_stable_over_whitespace_and_case():
    assert report_id("A  report\n") == report_id("a report")
    assert report_id("a report") != report_id("another report")
    assert normalise("x \r\ny\r\n\n") == "x\ny"


@pytest.mark.parametrize("value, expected", [
    ("2025-03-04", "2025-03-04"), ("2025-03-04T10:00:00Z", "2025-03-04"), ("March 4, 2025",
     "2025-03-04"), ("not a date", None), ("", None), (None, None)])
def test_reports_parse_date(value, expected):
    assert parse_date(value) == expected
