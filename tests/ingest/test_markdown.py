"""Tests of analysis.ingest.markdown: front matter and headings, read directly."""
import pytest

from analysis.ingest.markdown import markdown_headings, split_front_matter


@pytest.mark.parametrize("text, meta, body", [
    ("---\ntitle: A\n---\nBody.", {"title": "A"}, "Body."),
    ("+++\ntitle = 'A'\n+++\nBody.", {"title": "A"}, "Body."),
    ("\ufeff---\nsource: Wire\n...\nBody.", {"source": "Wire"}, "Body."),
    ("No front matter.", {}, "No front matter."),
    ("---\ntitle: [unclosed\n---\nBody.", {"title": "[unclosed"}, "Body."),   # read line by line
    ("---\n- a list\n---\nBody.", {}, "Body."),                               # not a mapping
    ("+++\nnot closed\nBody.", {}, "+++\nnot closed\nBody."),
])
def test_split_front_matter(text, meta, body):
    assert split_front_matter(text, "a.md") == (meta, body)


def test_split_front_matter_unclosed_yaml_warns(caplog):
    assert split_front_matter("---\ntitle: A\nBody.", "a.md") == ({}, "---\ntitle: A\nBody.")
    assert "a.md: front matter has no closing" in caplog.text


@pytest.mark.parametrize("body, title, expected", [
    ("# Troops move\n\nThe army moved 500 troops.", None,
     ("Troops move", "\nThe army moved 500 troops.")),
    ("Intro.\n\n## Background ##\nTalks failed.", "Talks",
     ("Talks", "Intro.\n\nBackground.\nTalks failed.")),
    ("Troops move\n===========\nText.", None, ("Troops move", "Text.")),
    ("# Why?\nText.", "Other", ("Other", "Why?\nText.")),
    ("```\n# not a heading\n```\nText.", None, (None, "```\n# not a heading\n```\nText.")),
])
def test_markdown_headings(body, title, expected):
    assert markdown_headings(body, title) == expected
