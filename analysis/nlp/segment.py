"""Keep sentences bounded: a pipeline component that breaks run-on text before the parser sees it.

A report without sentence punctuation (telex copy, a transcript, a megabyte of words) would be one
sentence to the parser, and every rule that looks at "the token's sentence" would walk all of it.
``sentence_cap`` runs before the parser and marks a sentence start wherever a stretch of tokens
grows longer than ``max_tokens`` without anything that could end a sentence (``.``, ``!``, ``?``,
``;`` or a line break). The parser respects these marks and still splits inside the stretches as it
likes. Ordinary prose is untouched, and since the text itself is never changed, character offsets
stay exact.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

MAX_TOKENS = 200
ENDINGS = frozenset(".!?;\u2026")


class SentenceCap:
    """Mark a sentence start in every stretch of more than ``max_tokens`` without a sentence end.

    Parameters
    ----------
    max_tokens : int
        The longest stretch left to the parser alone.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("sentence_cap", config={"max_tokens": 3})
    >>> [t.is_sent_start for t in nlp("a b c d e f g")][1:]
    [None, None, True, None, None, True]
    """

    def __init__(self, *, max_tokens: int = MAX_TOKENS):
        if max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        run = 0
        for token in doc:
            if token.i > 0 and token.is_sent_start:   # a start set by an earlier component
                run = 0
            if run >= self.max_tokens and token.i > 0 and not token.is_space \
                    and doc[token.i - 1].whitespace_:   # never inside a word like "U.S.-led"
                token.is_sent_start = True
                run = 0
            run += 1
            if token.text[-1] in ENDINGS or "\n" in token.text:
                run = 0
        return doc


@Language.factory("sentence_cap", default_config={"max_tokens": MAX_TOKENS})
def make_sentence_cap(nlp: Language, name: str, *, max_tokens: int) -> SentenceCap:
    """Build a :class:`SentenceCap` (``nlp.add_pipe("sentence_cap", before="parser")``)."""
    return SentenceCap(max_tokens=max_tokens)
