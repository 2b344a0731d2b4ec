"""Tests of analysis.extractors.token_words: the array reads give what a walk over the Tokens
gives."""
from __future__ import annotations

import pytest

from analysis.extractors.token_words import where_exact, where_untagged_dep, where_words, words_of

TEXTS = [
    "Militants attacked the Police in Kismayo. The police said two militants were killed.",
    "Gunmen stormed a village in Zamfara state on Monday, residents in Gusau said.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_token_words_match_the_tokens(nlp, text):
    doc = nlp(text)
    assert words_of(doc) == [(t.lemma_.lower(), t.lower_, t.pos_) for t in doc]
    heads = {"police", "militant", "gunman"}
    assert where_words(doc, heads) == [t.i for t in doc if t.lower_ in heads
                                       or t.lemma_.lower() in heads]
    assert where_exact(doc, texts={"Kismayo"}, lemmas={"attack", "kill"}, lowers={"said"}) == [
        t.i for t in doc if t.text == "Kismayo" or t.lemma_ in ("attack", "kill")
        or t.lower_ == "said"]
    assert where_untagged_dep(doc, "pobj") == [t.i for t in doc if t.dep_ == "pobj"
                                               and not t.ent_type_]


def test_token_words_nothing_asked_nothing_found(nlp):
    assert where_exact(nlp("Police said so."), texts=(), lemmas=(), lowers=()) == []
