"""Tests of analysis.nlp.segment: run-on text is cut into bounded sentences, prose is left alone."""
from __future__ import annotations

import spacy

from analysis.nlp.segment import MAX_TOKENS
from tests.support import FIXTURES


def test_segment_sentence_cap_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("sentence_cap") < names.index("parser")


def test_segment_run_on_text_gets_bounded_sentences(nlp):
    text = " ".join(f"troops moved north from town{i} and" for i in range(400))  # no punctuation
    doc = nlp(text)
    assert max(len(s) for s in doc.sents) <= MAX_TOKENS
    assert doc.text == text   # the text, and so every offset, is untouched


def test_segment_prose_is_left_to_the_parser(nlp):
    text = (FIXTURES / "tiny" / "a.txt").read_text(encoding="utf-8")
    with nlp.select_pipes(disable=["sentence_cap"]):
        plain = [s.text for s in nlp(text).sents]
    assert [s.text for s in nlp(text).sents] == plain


def test_segment_never_cuts_inside_a_word():
    blank = spacy.blank("en")
    blank.add_pipe("sentence_cap", config={"max_tokens": 2})
    doc = blank("U.S.-led forces moved; then stopped")
    starts = [t.i for t in doc if t.is_sent_start and t.i > 0]
    assert all(doc[i - 1].whitespace_ for i in starts)
