"""Whether an event happened (modality) and who says so (attribution), read off the parse.

Modality cues live in ``resources/modality_cues.csv`` (``cue, where, modality``): auxiliaries
("will" planned, "could" possible, "would" hypothetical, but planned when it reports a past
statement: "said the US would send"), governing verbs and nouns ("plans to", "is considering
options to", "threat of"), nouns that govern only a to-infinitive after a copula (``purpose``:
"it is time for us to rally"), modifiers ("possible attack", "scheduled deployment", "is imminent"),
subordinators ("if", "unless"), and negation ("not", "no", "never"). A trigger takes the cues of
its own clause and of the words it depends on, as far as they speak about it: the verb that
governs it through "to" or a participle, the verb it is subject of, the light verb that carries
it ("did not launch strikes"), a cue word it complements ("signs of", "warned of"), a causative
that passes its own cues on ("cannot let them kill"), the clause it is subject of ("holding
talks would be a step"); "neither" negates every conjunct; never past a
reporting verb ("officials said") or into a relative clause. The most doubtful cue wins.

Attribution is the subject of the reporting verb the trigger's clause depends on ("three defense
officials said"), or the object of "according to", as written; reporting verbs are listed in
``resources/reporting_verbs.csv``.
"""
from __future__ import annotations

import functools

from spacy.tokens import Token

from analysis.extractors.events.actors import is_nominal
from analysis.extractors.events.triggers import support_verbs
from analysis.resources import bundled, read_csv

MODALITY_ORDER = ["negated", "generic", "hypothetical", "possible", "planned"]
ANY_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
PAST_TAGS = {"VBD", "VBN"}
MAX_STEPS = 8
REPORTED_DEPS = {"ccomp", "parataxis", "xcomp"}


@functools.lru_cache(maxsize=1)
def modality_cues() -> dict[tuple[str, str], str]:
    """Return ``(where, cue) -> modality`` from ``resources/modality_cues.csv``."""
    rows = read_csv(bundled("modality_cues.csv"), ["where", "cue", "modality"])
    return {(r["where"], r["cue"]): r["modality"] for r in rows}


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Return the lemmas of verbs that attribute a statement ("said", "according to")."""
    return frozenset(r["lemma"] for r in read_csv(bundled("reporting_verbs.csv"), ["lemma"]))


def _is_governor_cue(token: Token) -> bool:
    """Whether a word governs the modality of its complement: a cue of its own ("plans to") or
    a causative that passes on its own cues ("cannot let them kill")."""
    cues = modality_cues()
    return any((where, word) in cues for where in ("governor", "causative")
               for word in (token.lemma_.lower(), token.lower_))


def _neither(token: Token) -> bool:
    """Whether "neither" heads a coordination, negating every conjunct ("neither tasked nor
    empowered to hold talks")."""
    return any(c.dep_ == "preconj" and c.lower_ == "neither" for c in token.children)


def _is_reporting(token: Token) -> bool:
    return token.lemma_.lower() in reporting_verbs() or token.lower_ in reporting_verbs()


def _reported_in_past(token: Token) -> bool:
    """Return True when a clause is the complement of a reporting verb in the past tense."""
    tok = token
    while tok.dep_ in ("xcomp", "conj") and tok.head != tok:
        tok = tok.head
    if tok.dep_ != "ccomp" or not _is_reporting(tok.head):
        return False
    verb = tok.head
    return verb.tag_ in PAST_TAGS or (verb.dep_ == "xcomp" and verb.head.tag_ in PAST_TAGS)


def _local(tok: Token, *, trigger: bool, reported: bool = True) -> list[str]:
    """Return the modality cues a token carries itself (auxiliaries, negation, modifiers);
    ``reported``: whether "would" in a past report is a plan ("said the US would send"), not
    when it judges the trigger's clause ("said holding talks would be a step")."""
    cues = modality_cues()
    found = []
    for child in tok.children:
        word, dep = child.lower_, child.dep_
        if dep in ("aux", "auxpass"):
            if ("aux_reported", word) in cues and reported and _reported_in_past(tok):
                found.append(cues[("aux_reported", word)])
            elif ("aux", word) in cues:
                found.append(cues[("aux", word)])
        elif dep == "neg" or (dep in ("det", "preconj") and ("negation", word) in cues):
            found.append("negated")
        elif dep in ("amod", "acomp") and ("modifier", word) in cues:
            if trigger or dep == "acomp":
                found.append(cues[("modifier", word)])
        elif dep == "advmod" and ("adverb", word) in cues:
            found.append(cues[("adverb", word)])
        elif dep == "mark" and ("mark", word) in cues:
            found.append(cues[("mark", word)])
    return found


def _step(tok: Token) -> Token | None:
    """Return the word whose cues also speak about ``tok``'s event, or None to stop."""
    head, dep = tok.head, tok.dep_
    if head == tok or _is_reporting(head) and dep in ("ccomp", "parataxis", "conj"):
        return None
    own = {c.dep_ for c in tok.children}
    if dep == "xcomp":
        return head
    if dep == "conj":
        return None if own & (ANY_SUBJECT_DEPS | {"aux", "auxpass"}) and not is_nominal(tok) else head
    if dep == "advcl":
        if "mark" not in own and tok.tag_ in ("VBG", "VBN"):
            return head
        marks = {c.lower_ for c in tok.children if c.dep_ in ("mark", "aux")}
        return head if {"for", "to"} <= marks else None   # "call for X to be killed"
    if (dep in ("nsubj", "nsubjpass") and is_nominal(tok)) or dep == "csubj":
        return head                     # "talks would help", "holding talks would be a step"
    if dep in ("dobj", "attr"):
        light = head.lemma_.lower() in support_verbs().get("light", ())
        return head if light or _is_governor_cue(head) else None
    if dep in ("pobj", "pcomp") and head.dep_ == "agent":
        return head.head                # "threatened by fighting": the passive verb tells it
    if dep in ("pobj", "pcomp") and head.dep_ == "prep":
        owner = head.head
        verbs = support_verbs()
        carried = owner.lemma_.lower() in verbs.get("light", ()) | verbs.get("motion", ())
        return owner if carried or _is_governor_cue(owner) else None
    if dep in ("acl", "relcl", "ccomp"):
        if _is_governor_cue(head) or (dep in ("acl", "relcl") and tok.tag_ == "VB"):
            return head                 # "options to send", "time for us to rally"
    return None


def _purpose_of_motion(token: Token) -> bool:
    """Return True for a nominal trigger that is the purpose of a movement ("left for a scheduled
    deployment"): the movement happened, whatever its purpose's own modifiers say."""
    prep = token.head
    return (is_nominal(token) and token.dep_ == "pobj" and prep.lower_ in ("for", "on", "to")
            and prep.head.lemma_.lower() in support_verbs().get("motion", ()))


def modality(head: Token) -> str:
    """Return the modality of the event a trigger heads: asserted, planned, possible,
    hypothetical or negated.

    Examples
    --------
    >>> modality(nlp("Iran is not scheduled to meet Israel.")[5])  # doctest: +SKIP
    'negated'
    """
    cues = modality_cues()
    found = _local(head, trigger=not _purpose_of_motion(head))
    tok = head
    for _ in range(MAX_STEPS):
        nxt = _step(tok)
        if nxt is None:
            break
        shared = tok.dep_ == "conj"     # "did not attack or threaten": only what they share
        beside = tok.dep_ == "advcl"    # "set the shacks on fire, shooting": no "set to"
        base_form = tok.tag_ == "VB"
        infinitive = base_form and tok.dep_ in ("acl", "relcl")
        judged = tok.dep_ in ANY_SUBJECT_DEPS     # "talks would be good": a judgement
        tok = nxt
        for word in (tok.lemma_.lower(), tok.lower_):
            if ("governor", word) in cues and not shared and not beside:
                found.append(cues[("governor", word)])
                break
            if infinitive and tok.dep_ == "attr" and ("purpose", word) in cues:
                found.append(cues[("purpose", word)])   # "it is time for us to rally",
                break                                   # not "had time to shoot"
        found += [m for m in _local(tok, trigger=False, reported=not judged)
                  if not shared or m != "negated" or base_form or _neither(tok)]
    return min(found, key=MODALITY_ORDER.index) if found else "asserted"


def _phrase(token: Token) -> str:
    """Return the noun phrase a token heads, as written; a relative pronoun ("which claims")
    stands for the phrase its clause modifies, without the clause."""
    if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
        noun = token.head.head
        words = [t for t in noun.subtree if t.i < token.head.left_edge.i]
        words = [t for t in words if not t.is_punct or t.i < words[-1].i]
        return token.doc[words[0].i:words[-1].i + 1].text if words else token.text
    words = list(token.subtree)
    return token.doc[words[0].i:words[-1].i + 1].text


def _according(sent) -> str | None:
    for tok in sent:
        if tok.lower_ == "according":
            objs = [g for c in tok.children for g in c.children if g.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
    return None


def attribution(head: Token) -> str | None:
    """Return who the sentence attributes the event to ("three defense officials"), as written.

    The subject of the nearest reporting verb the trigger depends on; else "according to X";
    else the subject of a reporting verb that closes the sentence ("..., officials said").
    """
    below = head
    for tok in head.ancestors:
        via, below = below.dep_, tok
        if _is_reporting(tok) and tok.lower_ != "according" and via in REPORTED_DEPS:
            subject = next((c for c in tok.children if c.dep_ in ANY_SUBJECT_DEPS), None)
            if subject is not None and not _expletive(subject):
                return _phrase(subject)
    according = _according(head.sent)
    if according:
        return according
    for tok in head.sent:
        if tok == head or not _is_reporting(tok) or tok in head.subtree:
            continue
        if tok.dep_ in ("ROOT", "parataxis", "conj") and head not in tok.subtree:
            subject = next((c for c in tok.children if c.dep_ in ANY_SUBJECT_DEPS), None)
            if subject is not None and head not in subject.subtree and not _expletive(subject):
                return _phrase(subject)
    return None


def _expletive(subject: Token) -> bool:
    """Whether a reporting verb's subject is the empty "it" of "it was announced that": no one
    is named as saying so."""
    return subject.dep_ == "nsubjpass" and subject.lower_ == "it"
