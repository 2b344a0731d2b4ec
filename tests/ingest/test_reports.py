"""Tests of analysis.ingest.reports: formats, stable ids, duplicates and bad input."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os

import pytest

from analysis.ingest.files import Skipped, decode
from analysis.ingest.reports import (
    MAX_CHARS,
    Columns,
    normalise,
    parse_date,
    read_reports,
    report_id,
)
from analysis.records import Report

FRONT = ("---\ntitle: Troops move\nsource: Test Wire\npublished: 2025-03-04\n"
         "url: https://example.org/a\n---\n")
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
    ("r.json", json.dumps([{"title": "T", "text": BODY},
                           {"title": "U", "text": "Another report."}])),
    ("r.csv", 'title,text\nT,"%s"\nU,"Another report."\n' % BODY),
])
def test_reports_records(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    found = _reports(read_reports([tmp_path / name]))
    assert [r.title for r in found] == ["T", "U"]
    assert found[0].path.startswith(name + "#")  # shown from the input's own name


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
     "2025-03-04"), ("not a date", None), ("", None), (None, None),
    # not dates: a month alone parses as year 1, a number as nanoseconds since 1970, "today" moves
    ("March", None), ("today", None), (12, None), (2025.0, None), (True, None), ([2025], None),
    ("0001-01-01", None), ("9999-12-31", None), (dt.date(2025, 3, 4), "2025-03-04"),
    ("2025-03-04T23:30:00-05:00", "2025-03-04")])
def test_reports_parse_date(value, expected):
    assert parse_date(value) == expected


# paths ----------------------------------------------------------------------------------------

def test_reports_paths_are_shown_relative(tmp_path, monkeypatch):
    (tmp_path / "feeds" / "wire").mkdir(parents=True)
    (tmp_path / "feeds" / "wire" / "a.txt").write_text(BODY, encoding="utf-8")
    [r] = read_reports([tmp_path / "feeds"])
    assert r.path == "feeds/wire/a.txt"  # no home folder, no machine: safe to share
    monkeypatch.chdir(tmp_path)
    [r] = read_reports(["feeds/wire"])
    assert r.path == "feeds/wire/a.txt"  # as typed


def test_reports_symlinked_folder_read_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    items = list(read_reports([tmp_path]))
    assert [r.path for r in _reports(items)] == [f"{tmp_path.name}/alias/a.txt"]
    assert sorted(s.reason.split(":")[0] for s in _skipped(items)) == [
        "folder already read", "symlink loop"]


def test_reports_fifo_and_dangling_link_never_block(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    reasons = {s.path.split("/")[-1]: s.reason for s in read_reports([tmp_path])}
    assert reasons == {"gone.md": "broken symbolic link", "pipe.txt":
                       "not a regular file (a device, FIFO or socket)", "self.txt": "symlink loop"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and lists folders whatever their mode")
def test_reports_unlistable_folder_and_unreadable_file(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "secret.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    try:
        reasons = sorted(s.reason for s in read_reports([tmp_path]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert reasons == ["cannot list folder: Permission denied",
                       "cannot read file: Permission denied"]


# text -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, text, encoding, problem", [
    ("héllo wörld".encode("utf-32"), "héllo wörld", "utf-32", None),
    ("Troops moved north.".encode("utf-16-le"), "Troops moved north.", "utf-16-le", None),
    ("Troops moved north.".encode("utf-16-be"), "Troops moved north.", "utf-16-be", None),
    ("café in Bogotá ".encode() + b"\xc3\x28", "café in Bogotá \ufffd(", "utf-8",
     "some bytes are not valid UTF-8; replaced"),
    (b"\x81\x8d caf\xe9", "\ufffd\ufffd café", "cp1252", "not UTF-8; read as Windows-1252"),
    (bytes(range(1, 32)) * 20, None, "utf-8", "binary file, not text"),
])
def test_reports_decode_detects_encodings(data, text, encoding, problem):
    assert tuple(decode(data)) == (text, encoding, problem)


def test_reports_normalise_replaces_controls_and_lone_surrogates():
    assert normalise("a\x00b\x0cc\ud800d\x85e\u200bf") == "a b c d e\u200bf"


def test_reports_long_text_split_into_parts(tmp_path):
    paragraphs = [f"Paragraph {i}. " + "Troops moved north again. " * 40 for i in range(200)]
    (tmp_path / "long.md").write_text("---\ntitle: Long\n---\n" + "\n\n".join(paragraphs),
                                      encoding="utf-8")
    parts = _reports(read_reports([tmp_path / "long.md"]))
    assert len(parts) > 1 and all(len(p.text) <= MAX_CHARS for p in parts)
    assert [p.path for p in parts[:2]] == ["long.md#part1", "long.md#part2"]
    assert parts[0].title == f"Long (part 1 of {len(parts)})"
    assert all(p.text.startswith("Paragraph") for p in parts)  # cut at paragraph ends
    assert " ".join(" ".join(p.text for p in parts).split()) == " ".join(
        "\n\n".join(paragraphs).split())


def test_reports_run_on_text_split_at_spaces(tmp_path):
    words = [f"word{i}" for i in range(30_000)]
    (tmp_path / "run-on.txt").write_text(" ".join(words), encoding="utf-8")
    parts = _reports(read_reports([tmp_path], max_chars=10_000))
    assert len(parts) > 20 and all(len(p.text) <= 10_000 for p in parts)
    assert " ".join(p.text for p in parts).split() == words  # cut between words only


# records and front matter ---------------------------------------------------------------------

def test_reports_hostile_records_are_skipped_not_raised(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text('{"text": "Fine report."}\n' + "[" * 100_000 + "\n")
    (tmp_path / "types.jsonl").write_text(
        '{"text": 42}\n{"text": ["a"]}\n{"text": null}\n{"text": "A lone \\ud800 surrogate.",'
        ' "title": {"a": 1}, "published": 1700000000}\n', encoding="utf-8")
    items = list(read_reports([tmp_path]))
    assert [(s.path.split("/")[-1], s.reason.split(" (")[0]) for s in _skipped(items)] == [
        ("deep.json", "cannot read records: nested too deep"),
        ("deep.jsonl#line2", "not valid JSON"),
        ("types.jsonl#line1", "field 'text' is not text"),
        ("types.jsonl#line2", "field 'text' is not text"),
        ("types.jsonl#line3", "empty report: no text")]
    [fine, lone] = _reports(items)
    assert lone.text == "A lone   surrogate." and lone.title is None and lone.published is None


def test_reports_csv_with_a_long_field(tmp_path):
    long = "Officials said troops moved north. " * 5_000   # over csv's default field limit
    (tmp_path / "r.csv").write_text(f'title,text\nT,"{long}"\n', encoding="utf-8")
    [r] = read_reports([tmp_path], max_chars=len(long))
    assert r.text == long.strip()


def test_reports_front_matter_alias_bomb_is_ignored(tmp_path, caplog):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
        for a, b in zip("abcdefgh", "bcdefghi")) + "title: *i\n"
    (tmp_path / "bomb.md").write_text(f"---\n{bomb}---\n{BODY}", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="analysis"):
        [r] = read_reports([tmp_path])
    assert r.title is None and r.text == BODY
    assert "title is a list, not text; ignored" in caplog.text


def test_reports_toml_and_unclosed_front_matter(tmp_path, caplog):
    (tmp_path / "t.md").write_text('+++\ntitle = "T"\npublished = 2025-03-04\n+++\n' + BODY)
    (tmp_path / "u.md").write_text("---\ntitle: U\n" + BODY)
    with caplog.at_level(logging.WARNING, logger="analysis"):
        t, u = read_reports([tmp_path])
    assert (t.title, t.published, t.text) == ("T", "2025-03-04", BODY)
    assert u.title is None and u.text.endswith(BODY)
    assert "u.md: front matter has no closing '---'; read as text" in caplog.text


def test_reports_language_warning(tmp_path, caplog):
    (tmp_path / "fr.txt").write_text(
        "Le gouvernement a annoncé lundi l'envoi de deux cents soldats supplémentaires dans la "
        "région, selon un communiqué du ministère de la Défense publié dans la soirée. Les "
        "troupes doivent arriver avant la fin du mois, a précisé un porte-parole.", "utf-8")
    (tmp_path / "en.txt").write_text(BODY * 5, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="analysis"):
        assert len(_reports(read_reports([tmp_path]))) == 2
    assert "fr.txt: does not look like English" in caplog.text and "en.txt" not in caplog.text


# Markdown headings ------------------------------------------------------------------------------

@pytest.mark.parametrize("front, body, title, text", [
    # a heading at the top is the title when the front matter has none, and leaves the text
    ("", f"# Troops move\n\n{BODY}", "Troops move", BODY),
    ("", f"Troops move\n===========\n\n{BODY}", "Troops move", BODY),   # setext
    ("", f"## Troops move ##\n{BODY}", "Troops move", BODY),             # closing #s
    # ... and leaves the text when the front matter's title says it (or begins with it)
    (FRONT, f"# Troops move\n\n{BODY}", "Troops move", BODY),
    ("---\ntitle: Troops move to the border\n---\n", f"# Troops move\n\n{BODY}",
     "Troops move to the border", BODY),
    # a different heading stays, as a sentence of its own
    (FRONT, f"# Border tension\n\n{BODY}", "Troops move", f"Border tension.\n\n{BODY}"),
    # later headings end a sentence; one that ends in punctuation keeps it
    (FRONT, f"{BODY}\n\n## Background\n\n{BODY}", "Troops move",
     f"{BODY}\n\nBackground.\n\n{BODY}"),
    (FRONT, f"{BODY}\n\n### What next?\n{BODY}", "Troops move", f"{BODY}\n\nWhat next?\n{BODY}"),
    # not headings: no space after #, code fences, a rule after a blank line
    (FRONT, f"#Breaking {BODY}", "Troops move", f"#Breaking {BODY}"),
    (FRONT, f"{BODY}\n```\n# a comment\n```", "Troops move", f"{BODY}\n```\n# a comment\n```"),
    (FRONT, f"{BODY}\n\n---\n\n{BODY}", "Troops move", f"{BODY}\n\n---\n\n{BODY}"),
])
def test_reports_markdown_headings(tmp_path, front, body, title, text):
    (tmp_path / "a.md").write_text(front + body, encoding="utf-8")
    [r] = list(read_reports([tmp_path]))
    assert (r.title, r.text) == (title, text)


def test_reports_markdown_headings_only_in_markdown(tmp_path):
    (tmp_path / "a.txt").write_text(f"# Troops move\n\n{BODY}", encoding="utf-8")
    [r] = list(read_reports([tmp_path]))
    assert r.title is None and r.text == f"# Troops move\n\n{BODY}"


def test_reports_markdown_heading_is_not_in_the_first_sentence(tmp_path, nlp):
    # regression: "# Heading\n\nFirst sentence." was one sentence to the parser
    first = "Militia fighters attacked an army post near Goma on Wednesday, killing 4 soldiers."
    (tmp_path / "a.md").write_text(
        f"---\ntitle: Goma attack\n---\n# Militia attack near Goma\n\n{first} The army said "
        f"so.\n\n## Reaction\nThe governor condemned the attack.", encoding="utf-8")
    [r] = list(read_reports([tmp_path]))
    sentences = [s.text.strip() for s in nlp(r.text).sents]
    assert sentences[0] == "Militia attack near Goma."
    assert sentences[1] == first
    assert "Reaction." in sentences and "The governor condemned the attack." in sentences
