"""Highlighted sentences: offsets mapped into the sentence, escaping, overlaps, skipped rows,
anchors that table rows link to, and links to the reports."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.store.schema import empty_frames, frame
from analysis.views.highlight import (
    Span,
    anchor,
    highlight_rows,
    highlight_sentence,
    resolve,
    sentence_keys,
    spans,
)

INTRO = "Fighting went on. "
SENTENCE = "Army shelled Town, killing 5 people."
TEXT = INTRO + SENTENCE
S = len(INTRO)    # where the second sentence starts in the report text


def _frames(text=TEXT, title="Strike in Town", mentions=(), numbers=(), events=()):
    second = text[S:]
    f = empty_frames()
    f["reports"] = frame("reports", [{"report_id": "r1", "title": title, "source": "Wire",
                                      "published": "2025-03-04", "n_words": 9, "text": text}])
    f["sentences"] = frame("sentences", [
        {"report_id": "r1", "sent_id": 0, "start": 0, "end": S, "text": text[:S]},
        {"report_id": "r1", "sent_id": 1, "start": S, "end": len(text), "text": second}])
    f["actors"] = frame("actors", [{"actor_id": "army", "name": "Army", "kind": "military",
                                    "n_mentions": 1, "n_reports": 1}])

    def at(word, occurrence=0):
        start = S + [m.start() for m in re.finditer(re.escape(word), second)][occurrence]
        return {"report_id": "r1", "sent_id": 1, "start": start, "end": start + len(word),
                "text": word}

    f["mentions"] = frame("mentions", [{**at("Army"), "actor_id": "army"},
                                       *({**at(w), "actor_id": a} for w, a in mentions)])
    f["numbers"] = frame("numbers", [
        {**at("5 people"), "number_id": "n1", "value": 5, "low": 5, "high": 5,
         "qualifier": "exact", "category": "killed"},
        *({**at(w), "number_id": f"n{i + 2}", "value": 1, "low": 1, "high": 1,
           "qualifier": "exact", "category": "other"} for i, w in enumerate(numbers))])
    f["events"] = frame("events", [
        {**at("shelled"), "event_id": "e1", "trigger": "shelled", "event_type": "ASSAULT",
         "modality": "asserted"},
        *({**at(w), "event_id": f"e{i + 2}", "trigger": w, "event_type": "COERCE",
           "modality": "asserted"} for i, w in enumerate(events))])
    return f


def _marks(html: str) -> list[tuple[str, str]]:
    """Return (text, label) for every highlighted span, in order."""
    found = re.findall(r"<mark[^>]*>\s*(.*?)\s*<span[^>]*>(.*?)</span>\s*</mark>", html, re.S)
    return [(text, label) for text, label in found]


def test_highlight_offsets_map_into_the_sentence():
    f = _frames()
    found = spans(f, "r1", 1, offset=S)
    assert sorted((SENTENCE[s.start:s.end], s.label) for s in found) == [
        ("5 people", "NUMBER:killed"), ("Army", "ACTOR:military"), ("shelled", "EVENT:ASSAULT")]
    assert _marks(highlight_sentence(f, "r1", 1)) == [
        ("Army", "ACTOR:military"), ("shelled", "EVENT:ASSAULT"), ("5 people", "NUMBER:killed")]


def test_highlight_actor_kind_falls_back_to_the_mention():
    f = _frames(mentions=[("Town", "town")])
    f["mentions"]["actor_kind"] = pd.array([None, "other"], dtype="string")
    assert ("Town", "ACTOR:other") in _marks(highlight_sentence(f, "r1", 1))


@pytest.mark.parametrize("where", ["span", "text", "title"])
def test_highlight_script_in_report_arrives_escaped(where):
    script = "<script>alert(1)</script>"
    text = INTRO + script + " " + SENTENCE if where != "title" else TEXT
    title = script if where == "title" else "Strike"
    f = _frames(text=text, title=title, mentions=[(script, "army")] if where == "span" else ())
    out = highlight_rows(f, pd.DataFrame({"report_id": ["r1"], "sent_id": [1]}))
    assert "<script" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


@pytest.mark.parametrize("found, expected", [
    ([], []),
    ([Span(0, 4, "A"), Span(0, 4, "A")], [Span(0, 4, "A")]),                # duplicates
    ([Span(0, 4, "A"), Span(2, 10, "B")], [Span(2, 10, "B")]),              # longest wins
    ([Span(0, 4, "B"), Span(2, 6, "A")], [Span(0, 4, "B")]),                # tie: earliest
    ([Span(0, 10, "A"), Span(2, 4, "B"), Span(5, 7, "C")], [Span(0, 10, "A")]),   # nested
    ([Span(0, 4, "A"), Span(4, 8, "B")], [Span(0, 4, "A"), Span(4, 8, "B")]),     # touching
    ([Span(-3, 2, "A"), Span(5, 99, "B"), Span(3, 3, "C"), Span(1, 3, "D")],
     [Span(1, 3, "D")]),                                                    # out of range
])
def test_highlight_resolve_overlaps(found, expected):
    assert resolve(found, 20) == expected
    assert resolve(list(reversed(found)), 20) == expected


def test_highlight_overlapping_spans_do_not_crash():
    f = _frames(mentions=[("shelled Town", "army"), ("Town", "army")],
                numbers=["Town,"], events=["shelled"])
    marks = _marks(highlight_sentence(f, "r1", 1))
    assert [m[0] for m in marks] == ["Army", "shelled Town", "5 people"]


def test_highlight_unknown_sentence_raises():
    with pytest.raises(ParameterError, match="sent_id"):
        highlight_sentence(_frames(), "r1", 7)


def test_highlight_rows_skip_rows_without_a_sentence():
    table = pd.DataFrame({
        "report_id": pd.array(["r1", "r1", None, "r9", "r1", "r1"], dtype="string"),
        "sent_id": pd.array([1, None, 0, 0, 99, 1], dtype="Int64"),
    })
    out = highlight_rows(_frames(), table)
    assert out.count("<figure") == 1
    assert "<figcaption>Strike in Town · Wire · 2025-03-04</figcaption>" in out
    assert "href" not in out


@pytest.mark.parametrize("limit, n", [(1, 1), (2, 2), (50, 2), (0, 0)])
def test_highlight_rows_limit(limit, n):
    table = pd.DataFrame({"report_id": ["r1", "r1"], "sent_id": [0, 1]})
    assert highlight_rows(_frames(), table, limit=limit).count("<figure") == n


def test_highlight_rows_empty():
    out = highlight_rows(empty_frames(), pd.DataFrame({"report_id": [], "sent_id": []}))
    assert "No sentences" in out and "<figure" not in out


# anchors and links to reports -------------------------------------------------------------------

def test_highlight_rows_carry_anchors_rows_can_link_to():
    table = pd.DataFrame({"report_id": ["r1", "r1"], "sent_id": [1, 0]})
    out = highlight_rows(_frames(), table, prefix="events")
    assert re.findall(r'<figure class="highlight" id="([^"]+)">', out) == \
        ["events-r1-1", "events-r1-0"]
    assert anchor("r1", 1) == "s-r1-1" and anchor('r"1 <x>', 2) == "s-r_1__x_-2"


def test_highlight_sentence_keys_are_the_sentences_shown():
    table = pd.DataFrame({"report_id": ["r1", "r9", "r1", "r1"], "sent_id": [1, 0, 1, 0]})
    assert sentence_keys(_frames(), table) == [("r1", 1), ("r1", 0)]
    assert sentence_keys(_frames(), table, limit=1) == [("r1", 1)]
    assert sentence_keys(_frames(), table, limit=None) == [("r1", 1), ("r1", 0)]


@pytest.mark.parametrize("url, path, href", [
    ("https://example.org/a?b=1&c=2", "wire/a.md", "https://example.org/a?b=1&amp;c=2"),
    (None, "data/reports/wire/a b.csv#row2", "data/reports/wire/a%20b.csv"),
    ("ftp://example.org/a", "feeds/a.jsonl#line3", "feeds/a.jsonl"),
    ("javascript:alert(1)", "javascript:alert(1).txt", "javascript%3Aalert%281%29.txt"),
    ('https://example.org/"onmouseover=alert(1)', "a.md", "a.md"),
    (None, "/home/ann/reports/a.md", None),      # never an absolute path
    (None, "C:\\Users\\ann\\a.md", None),
    (None, "~/reports/a.md", None),
    (None, "../secret/a.md", None),
    (None, None, None),
])
def test_highlight_caption_links_to_the_report(url, path, href):
    f = _frames(title="Strike <b>in</b> Town")
    f["reports"]["url"] = pd.array([url], dtype="string")
    f["reports"]["path"] = pd.array([path], dtype="string")
    out = highlight_rows(f, pd.DataFrame({"report_id": ["r1"], "sent_id": [1]}))
    caption = re.search(r"<figcaption>(.*?)</figcaption>", out).group(1)
    title = "Strike &lt;b&gt;in&lt;/b&gt; Town"
    if href is None:
        assert caption.startswith(title + " · ") and "href" not in caption
    else:
        assert caption.startswith(f'<a href="{href}">{title}</a> · ')
    assert "javascript:" not in out and "/home/" not in out and "onmouseover=alert" not in \
        out.replace('&quot;', "")


@pytest.mark.parametrize("base, expected", [
    ("../../", "../../data/reports/a.md"),     # a render in build/<set>/
    ("", "data/reports/a.md"),
    ("/home/ann/", "data/reports/a.md"),       # only steps up are taken
    ("javascript:", "data/reports/a.md"),
])
def test_highlight_report_file_links_lead_back_from_the_render(monkeypatch, base, expected):
    from analysis.views.highlight import LINK_BASE, report_link

    monkeypatch.setenv(LINK_BASE, base)
    assert report_link({"url": None, "path": "data/reports/a.md"}) == expected
    assert report_link({"url": "https://example.org/a", "path": "x.md"}) == "https://example.org/a"
