"""Small helpers over spaCy spans that several extractors share."""
from __future__ import annotations

from spacy.tokens import Span


def trim(span: Span) -> Span:
    """Trim determiners, possessive endings and punctuation off the edges of an entity."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]
