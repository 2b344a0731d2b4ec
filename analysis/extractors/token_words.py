"""A Doc's words read from its arrays: the extractors scan every token of every report for a few
words, and building a Token object per token costs more than the test itself.

Each function returns token indices (or per-token strings) from ``Doc.to_array``; the caller
builds Tokens only for the few that pass.
"""
from __future__ import annotations

import functools
from typing import Iterable

from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, ORTH, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc


def _ids(words: Iterable[str]) -> frozenset[int]:
    return _ids_of(words if isinstance(words, frozenset) else frozenset(words))


@functools.lru_cache(maxsize=64)     # the lexicon's word sets come again with every report
def _ids_of(words: frozenset[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)


def words_of(doc: Doc) -> list[tuple[str, str, str]]:
    """Return every token's lower-case lemma, lower-case form and part of speech."""
    strings = doc.vocab.strings
    cache: dict[tuple[int, int, int], tuple[str, str, str]] = {}
    out = []
    for key in map(tuple, doc.to_array([LEMMA, LOWER, POS]).tolist()):
        words = cache.get(key)
        if words is None:
            words = cache[key] = (strings[key[0]].lower(), strings[key[1]], strings[key[2]])
        out.append(words)
    return out


def where_words(doc: Doc, words: Iterable[str], *, lemmas: Iterable[str] | None = None
                ) -> list[int]:
    """Return the indices of the tokens whose lower-case form is one of ``words`` or whose
    lower-cased lemma is one of ``lemmas`` (``words`` again when not given)."""
    words = words if isinstance(words, frozenset) else frozenset(words)
    lemmas = words if lemmas is None else frozenset(lemmas)
    if not len(doc):
        return []
    ids, strings = _ids(words), doc.vocab.strings
    rows = doc.to_array([LOWER, LEMMA]).tolist()
    known = {h for h in {lemma for _, lemma in rows} if strings[h].lower() in lemmas}
    return [i for i, (lower, lemma) in enumerate(rows) if lower in ids or lemma in known]


def where_exact(doc: Doc, *, texts: Iterable[str] = (), lemmas: Iterable[str] = (),
                lowers: Iterable[str] = ()) -> list[int]:
    """Return the indices of the tokens whose text, lemma (case kept) or lower-case form is one
    of those given."""
    if not len(doc):
        return []
    columns = [(n, _ids(words)) for n, words in enumerate((texts, lemmas, lowers)) if words]
    rows = doc.to_array([ORTH, LEMMA, LOWER]).tolist()
    return [i for i, row in enumerate(rows) if any(row[n] in ids for n, ids in columns)]


def where_untagged_dep(doc: Doc, dep: str) -> list[int]:
    """Return the indices of the tokens outside every entity whose dependency label is ``dep``."""
    if not len(doc):
        return []
    wanted = get_string_id(dep)
    return [i for i, (label, ent) in enumerate(doc.to_array([DEP, ENT_TYPE]).tolist())
            if label == wanted and not ent]
