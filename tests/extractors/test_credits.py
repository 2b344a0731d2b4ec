"""Tests of analysis.extractors.credits: one detector of bylines, photo credits and datelines."""
import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.credits import credit_sentences, dateline, is_credit
from analysis.extractors.events.coder import events
from analysis.extractors.gazetteer import load_gazetteer


def _sentence(nlp, text):
    return next(nlp(text).sents)


@pytest.mark.parametrize("text", [
    "Reporting by Huda Salem; Editing by Tom Lane.",
    "Additional reporting by Ana Ruiz.",
    "Jane Doe/AFP – Getty Images",
    "Photo: Reuters",
    "Photograph credit Associated Press",
    "Sam Hill and Lea Park contributed to this report.",
    "Nora Quist contributed reporting.",
])
def test_credits_are_credits(nlp, text):
    assert is_credit(_sentence(nlp, text))


@pytest.mark.parametrize("text", [
    "Reuters reported that rebels attacked the town.",          # an agency as a source of news
    "The army said it contributed 500 troops to the mission, and more would follow soon after "
    "the talks in the capital ended on Friday.",                 # "contribute" in a long sentence
    "Rebels attacked the town on Monday.",
    "The photo shows soldiers in the square.",                   # a cue word beside a verb
])
def test_other_sentences_are_not(nlp, text):
    assert not is_credit(_sentence(nlp, text))


def test_credit_names_never_act(nlp):
    doc = nlp("Rebels attacked the town of Qara on Monday.\n\nReporting by Huda Salem.")
    credits = credit_sentences(doc)
    assert len(credits) == 1
    found = list(mentions(doc, load_gazetteer()))
    assert {m.text: m.role for m in found}.get("Huda Salem") == "credit"
    assert all(e.source is None or e.source.text != "Huda Salem" for e in events(doc, found, []))


@pytest.mark.parametrize("text, filed", [
    ("KYIV, March 4 (Steppe Courier) - Russia attacked.", "KYIV, March 4 (Steppe Courier) -"),
    ("Lima, 2 Oct 88 (AFP) -- Rebels attacked.", "Lima, 2 Oct 88 (AFP) --"),
    ("Rebels attacked Lima, the capital, on Monday.", ""),
])
def test_dateline_is_found_near_the_top(nlp, text, filed):
    doc = nlp(text)
    span = dateline(doc)
    assert doc.text[span.start:span.stop] == filed


@pytest.mark.parametrize("text", [
    "Andre 3000 and Big Boi's album Speakerboxxx/",             # a title cut at its slash
    "All credit to the two songwriters.",                        # praise, not a credit line
])
def test_verbless_lines_that_are_not_credits(nlp, text):
    assert not is_credit(_sentence(nlp, text))
