"""The numbers extractor: every quantity of a report, with its range, unit and category.

:func:`numbers` finds quantity phrases ("about 500", "more than 1,600", "tens of thousands",
"between 20 and 30", "$2.5 million", "20%") with a spaCy ``Matcher`` built from CSV tables, drops
what is not a count (dates, years, times, ordinals, phone, street and ID numbers, numbers in
names, pronoun "one") and describes each as a :class:`Quantity`: UCDP-style, a best estimate
inside a low-high range. The conventions are data in ``analysis/resources/``: qualifier rules in
``number_qualifiers.csv`` (``value = n + value_offset`` for whole n >= 2, ``low = floor(n *
low_factor) + low_offset``, ``high = ceil(n * high_factor) + high_offset``, then ``0 <= low <=
value <= high``; ``preposition_for``: categories before which the phrase is a preposition, "over
three days"), vague phrases in ``vague_quantities.csv``, category words in
``number_categories.csv`` (role ``event``/``state``: what happened; ``unit``: the default of a
counted noun; ``measure``: units that stay "other", kilometres, percent, fractions; ``source`` and
``reporting``: "officials said"), and ``number_context``, ``number_currencies``; numbers in words
are read by :mod:`analysis.extractors.number_words`.
"""
from __future__ import annotations

import functools
import math
import re
from types import SimpleNamespace as _Lexicon
from typing import Iterator, NamedTuple

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from analysis.extractors.number_words import DIGITS, parse_number, rows, words

__all__ = ["Quantity", "numbers", "parse_number"]

_RANGE_TOKEN = re.compile(rf"({DIGITS})[\u2013\u2014-]({DIGITS})")
_YEAR = re.compile(r"(?:18|19|20)\d\d")
_EVENT, _PINNED, _VERBS = ("event", "state"), ("money", "duration"), ("VERB", "AUX")
# categories a transitive verb gives its object, not its subject ("gunmen killed two")
_DONE_TO_OBJECT = {"killed", "wounded", "arrested", "missing"}
_HELD = {"arrested", "missing"}      # people held, whom a homecoming releases


class Quantity(NamedTuple):
    """One quantity phrase of a doc; ``doc.text[start:end] == text`` and low <= value <= high."""

    start: int                  # character offsets of the phrase, qualifier included
    end: int
    text: str
    value: float                # best estimate
    low: float
    high: float
    qualifier: str              # exact approx more_than at_least less_than at_most range vague
    unit: str | None            # lemma of the counted noun ("people" stays "people")
    category: str               # killed wounded deployed force_size ... money duration other
    token_i: int                # head token of the number
    unit_i: int | None          # counted noun (or currency / percent sign)
    governor_i: int | None      # word saying what happened to it ("killing", "said", "toll")


# A number's own tokens (no qualifier), value, and (qualifier, value, low, high) if fixed ("dozens")
_Core = NamedTuple("_Core", [("i", int), ("j", int), ("value", float), ("fixed", tuple | None)])


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    terms: dict[str, list[dict]] = {}
    for row in rows("number_categories.csv"):
        terms.setdefault(row["term"], []).append(row)
    return _Lexicon(  # words: value and kind; context: kind; qualifiers, vague: rows by phrase
        words=words(), context={r["word"]: r["kind"] for r in rows("number_context.csv")},
        qualifiers={r["phrase"]: r for r in rows("number_qualifiers.csv")},
        vague={r["phrase"]: r for r in rows("vague_quantities.csv")}, terms=terms,
        currencies={r["symbol"]: r["unit"] for r in rows("number_currencies.csv")})


@functools.lru_cache(maxsize=8)
def _matchers(vocab) -> tuple[Matcher, PhraseMatcher]:
    """Numbers and ranges (token patterns), and the qualifier and vague phrases (a phrase
    matcher over lowercase words, far cheaper than a token pattern per phrase)."""
    lex, matcher = _lexicon(), Matcher(vocab)
    kinds = {k: [w for w, (_, kind) in lex.words.items() if kind == k] for k in
             ("abbr", "hundred", "scale")}
    names = "|".join(w for w, (_, kind) in lex.words.items() if kind != "abbr")
    num = {"LOWER": {"REGEX": rf"^(?:{DIGITS}(?:{'|'.join(kinds['abbr'])})?|{names})$"}}
    many, link = dict(num, OP="+"), {"LOWER": {"IN": ["and", "a", "an", "-"]}, "OP": "+"}
    article = {"LOWER": {"IN": ["a", "an"]}, "OP": "?"}
    matcher.add("NUM", [[article, many], [article, many, link, many], [num, {"LOWER": {
        "IN": kinds["abbr"]}}], [article, many, link, many, link, many]])
    matcher.add("RANGE", [[{"TEXT": {"REGEX": f"^{_RANGE_TOKEN.pattern}$"}}]])
    phrases = PhraseMatcher(vocab, attr="LOWER")
    for label, found in (("VAGUE", lex.vague),
                         *((f"QUAL_{p}", {k: r for k, r in lex.qualifiers.items()
                                          if k and r["position"] == p}) for p in
                           {r["position"] for r in lex.qualifiers.values()})):
        if found:
            phrases.add(label, [Doc(vocab, words=phrase.split()) for phrase in found])
    return matcher, phrases


@functools.lru_cache(maxsize=1)
def _number_words() -> tuple[re.Pattern, re.Pattern, frozenset[str], frozenset[str]]:
    """What a number pattern's tokens can be: a number (digits or a word), a range ("20-30"),
    and the words that join or follow numbers (articles, "and", "-", abbreviations)."""
    lex = _lexicon()
    abbr = [w for w, (_, kind) in lex.words.items() if kind == "abbr"]
    names = "|".join(w for w, (_, kind) in lex.words.items() if kind != "abbr")
    number = re.compile(rf"^(?:{DIGITS}(?:{'|'.join(abbr)})?|{names})$")
    span = re.compile(f"^{_RANGE_TOKEN.pattern}$")
    return number, span, frozenset(["and", "a", "an", "-"]), frozenset(abbr)


_KINDS: dict[tuple[int, int], int] = {}    # (lower, orth) hashes -> _kind, filled as words come
_KINDS_MAX = 100_000                       # then start again: memory stays bounded on archives


def _kind(lower: str, text: str) -> int:
    """2 for a number or a range, 1 for a word that joins or follows numbers, else 0."""
    number, span, joins, abbr = _number_words()
    if number.search(lower) or span.search(text):
        return 2
    return 1 if lower in joins or lower in abbr else 0


def _token_matches(doc: Doc, matcher: Matcher) -> list[tuple[int, int, int]]:
    """Run the number matcher on each run of tokens that could belong to a number phrase and
    holds a number; the same matches as over the whole Doc, without walking every token's
    patterns. Numbers are a few per sentence, so the runs are short."""
    lowers, texts = doc.to_array("LOWER"), doc.to_array("ORTH")
    found, run, has_number = [], None, False

    def flush(end: int) -> None:
        if run is not None and has_number:
            found.extend((key, run + i, run + j) for key, i, j in matcher(doc[run:end]))

    for k, key in enumerate(zip(lowers.tolist(), texts.tolist())):
        kind = _KINDS.get(key)
        if kind is None:
            if len(_KINDS) >= _KINDS_MAX:
                _KINDS.clear()
            kind = _KINDS[key] = _kind(doc.vocab.strings[key[0]], doc.vocab.strings[key[1]])
        if kind:
            if run is None:
                run, has_number = k, False
            has_number |= kind == 2
        else:
            flush(k)
            run = None
    flush(len(doc))
    return found


def _scaled(doc: Doc, i: int, j: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """A vague phrase and, if scalable, the phrase with each run of scale words after it
    ("several", "several hundred", "several hundred thousand")."""
    spans, row = [(i, j)], lex.vague.get(" ".join(t.lower_ for t in doc[i:j]))
    if row is not None and row["scalable"] == "yes":
        while j < len(doc) and lex.words.get(doc[j].lower_, (0, ""))[1] in ("hundred", "scale"):
            j += 1
            spans.append((i, j))
    return spans


def _core(doc: Doc, i: int, j: int, label: str, lex: _Lexicon) -> _Core | None:
    text = doc[i:j].text.lower()
    if label == "NUM":
        value = parse_number(text)
        numerator = lex.words.get(doc[i].lower_, (0, ""))[1] == "unit" or doc[i].like_num
        if value is None or 0 < value < 1 and not numerator or value == 0 and not (
                doc[i].like_num and doc[j:j + 1].text[-1:] == "s" or doc[i].is_digit):
            return None     # "half", "a third", "zero tolerance" are no counts; "two thirds" is
        return _Core(i, j, value, None)
    if label == "RANGE":
        low, high = (float(g.replace(",", "")) for g in _RANGE_TOKEN.fullmatch(text).groups())
        return _Core(i, j, low, ("range", (low + high) / 2, low, high)) if low < high else None
    words, factor = [t.lower_ for t in doc[i:j]], 1.0
    while len(words) > 1 and " ".join(words) not in lex.vague:
        factor *= lex.words.get(words.pop(), (1.0, ""))[0]     # "several thousand"
    row = lex.vague.get(" ".join(words))
    if row is None or row["followed_by"] and doc[j:j + 1].text.lower() != row["followed_by"]:
        return None
    value, low, high = (float(row[key]) * factor for key in ("value", "low", "high"))
    return _Core(i, j, value, None if row["qualifier"] == "exact" else ("vague", value, low, high))


def _scan(doc: Doc, lex: _Lexicon) -> tuple[dict, dict, list[tuple[_Core, _Core | None]]]:
    """Run the matcher: qualifier start by end token, post-qualifier end by start, and numbers
    alone or paired as ranges (a hyphenated pair that is no range, "3-1", is no count)."""
    before, after, candidates, cores = {}, {}, [], []
    tokens, phrases = _matchers(doc.vocab)
    for match_id, i, j in phrases(doc):
        label = doc.vocab.strings[match_id]
        if label == "QUAL_before":
            before[j] = min(before.get(j, i), i)
        elif label == "QUAL_after":
            after[i] = max(after.get(i, j), j)
        elif label == "VAGUE":
            candidates += [(i, -k, False, label) for i, k in _scaled(doc, i, j, lex)]
    for match_id, i, j in _token_matches(doc, tokens):  # leftmost, longest, vague before plain
        candidates.append((i, -j, True, doc.vocab.strings[match_id]))
    for i, j, _, label in sorted(candidates):
        core = _core(doc, i, -j, label, lex) if not cores or i >= cores[-1].j else None
        cores += [core] if core else []
    groups, k = [], 0
    while k < len(cores):
        a, b = cores[k], cores[k + 1] if k + 1 < len(cores) else None
        if b is not None and _range(doc, a, b, lex):
            groups.append((a, b))
        elif b is None or b.i - a.j != 1 or doc[a.j].text not in ("-", "\u2013") or a.fixed \
                or b.fixed:
            groups, k = groups + [(a, None)], k - 1
        k += 2
    return before, after, groups


def _range(doc: Doc, a: _Core, b: _Core, lex: _Lexicon) -> tuple[float, float] | None:
    if a.fixed or b.fixed or b.i - a.j != 1:    # one word between: "to", "or", "-", "and"
        return None
    joiner = doc[a.j].lower_
    between = a.i > 0 and doc[a.i - 1].lower_ == "between" and joiner == "and"
    if not (joiner in ("to", "-", "\u2013", "or") or between):
        return None
    low, high, (scale, kind) = a.value, b.value, lex.words.get(doc[b.j - 1].lower_, (1.0, ""))
    if kind == "scale" and low * scale <= high and all(
            lex.words.get(t.lower_, (0, ""))[1] != "scale" for t in doc[a.i:a.j]):
        low *= scale    # "two to three million"
    return (low, high) if low < high else None


def _head(doc: Doc, i: int, j: int) -> Token:
    return next((t for t in doc[i:j] if not i <= t.head.i < j or t.head.i == t.i), doc[i])


def _named(doc: Doc, i: int, j: int, lex: _Lexicon, *, qualified: bool) -> bool:
    """A number in a name, address, ID or phone: "Resolution 1701", "COVID-19", "No. 4"."""
    ctx, prev, text, head = lex.context, doc[max(0, i - 1)], doc[i:j].text, _head(doc, i, j)
    after_head = head.head.i >= j
    name = i and not qualified and ctx.get(prev.lower_) not in ("month", "weekday") and (
        prev.pos_ == "PROPN" or prev.is_title and prev.pos_ in ("NOUN", "X", "ADJ") and (
            not prev.is_sent_start or not after_head)
    ) and not (after_head and head.head.pos_ == "NOUN")
    k = i   # back over a list of numbers: "articles 497 and 498", "plates 6906, 6895"
    while k > 1 and doc[k - 1].lower_ in ("and", ",", "or", "&") and doc[k - 2].like_num:
        k -= 2
    ident = "id" in (ctx.get(doc[max(0, k - 1)].lower_), ctx.get(doc[max(0, k - 2):k].text.lower(
    ))) or (prev.text in ("-", "+") and not prev.whitespace_ and i > 1 and doc[i - 2].is_alpha)
    address = any(ctx.get(t.lower_) == "address" for t in doc[j:j + 3]) and all(
        t.is_title or ctx.get(t.lower_) for t in doc[j:j + 3])
    after_year = i and _YEAR.fullmatch(doc[i - 1].text) and _before_plural(doc, j)
    phone = re.search(r"(?<![\d.,])0\d|^\d{3}[\u2013-]\d{4}$", text) or any(
        re.fullmatch(r"\d+|\+", t.text) for t in (*doc[max(0, i - 1):i], *doc[j:j + 1])
        if not (after_year and t.i == i - 1)) or any(
        ctx.get(t.lower_) == "phone" for t in doc[max(0, i - 3):i])
    return bool(name or ident or address or phone or after_head and head.head.tag_ == "NNP"
                and text.lower() not in ("1", "one"))


def _not_count(doc: Doc, core: _Core, dated: set, lex: _Lexicon, *, alone: bool) -> bool:
    """True for dates, years, times, ordinals and entities other than numbers, pronoun "one"."""
    i, j, tokens, ctx = core.i, core.j, doc[core.i:core.j], lex.context
    head, nxt = _head(doc, i, j), doc[j:j + 1].text.lower()
    labels = ("", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME")
    year = len(tokens) == 1 and _YEAR.fullmatch(tokens[0].text) and not (
        head.head.i >= j and head.head.pos_ == "NOUN" and tokens[0].ent_type_ != "DATE")
    edges = doc[max(0, i - 1):i].text + " " + doc[j:j + 1].text
    modifies = head.head.i >= j and head.head.pos_ in ("NOUN", "PROPN")
    day = any(ctx.get(w.lower()) == "month" for w in edges.split() if w.istitle()) and (
        core.value <= 31 or i and ctx.get(doc[i - 1].lower_) == "month" and len(tokens.text) == 2
        and not modifies) and not (   # "1 Sep 88", but not "3 March 40 people"
        i and ctx.get(doc[i - 1].lower_) == "month" and _before_plural(doc, j))
    pronoun = alone and tokens.text.lower() == "one" and (
        (i and ctx.get(doc[i - 1].lower_) == "one_det") or nxt == "of" or (
            head.head.i < j or head.head.pos_ not in ("NOUN", "PROPN")) and not any(
            t.like_num and t.lower_ != "one" and t.i != head.i
            for t in (*head.children, head.head)))   # but "one, two, three" is a list
    clock = alone and re.fullmatch(r"(?:[01]\d|2[0-3])[0-5]\d", tokens.text) and not modifies \
        and any(ctx.get(t.lower_) == "clock" for t in doc[max(0, i - 2):i])    # "at 2230"
    marker = alone and nxt in (".", ")") and not tokens[-1].whitespace_ and (
        i == 0 or "\n" in doc[i - 1].text + doc[i - 1].whitespace_)      # "\n2. On Monday"
    return bool(any(t.ent_type_ not in labels or t.i in dated for t in tokens) or year or day
                or pronoun or ctx.get(nxt) == "time" or clock or marker)


def _before_plural(doc: Doc, j: int) -> bool:
    """True when the word after a number is a plural noun it counts ("... 40 people")."""
    return j < len(doc) and doc[j].tag_ in ("NNS", "NNPS")


def _counts_after_date(tok: Token, ent: Span) -> bool:
    """A number the model read as the end of a date but that counts the plural noun after it:
    "On Monday 12 soldiers", "On 3 March 40 people", "In 2023 300 families"."""
    return (tok.i == ent.end - 1 and tok.i > ent.start and tok.like_num
            and _before_plural(tok.doc, tok.i + 1))


def _term(tok: Token, roles: tuple, lex: _Lexicon) -> dict | None:
    return next((row for key in (tok.lemma_.lower(), tok.lower_) for row in lex.terms.get(key, ())
                 if row["role"] in roles and row["pos"] in ("*", tok.pos_)), None)


def _unit(doc: Doc, head: Token, j: int, lex: _Lexicon) -> tuple:
    """Return (counted noun, state word such as "dead" standing where the noun is, unit name)."""
    noun = head.head if head.head.i >= j else None
    if noun is None and _before_plural(doc, j):
        noun = doc[j]               # the parse hung the number elsewhere ("3 March 40 people")
    if noun is None or noun.pos_ not in ("NOUN", "PROPN", "ADJ"):
        noun = next((p for t in doc[head.i:j] for c in t.children if c.dep_ == "prep"
                     and c.lower_ == "of" and c.i >= j for p in c.children if p.dep_ == "pobj"),
                    None)
    if noun is not None and _term(noun, ("state",), lex):
        return None, noun, None     # "40 dead", "a dozen of the wounded"
    if noun is None or noun.pos_ not in ("NOUN", "PROPN") or lex.context.get(noun.lower_) in (
            "month", "weekday", "time", "anaphor"):
        return None, None, None     # no noun, "3 March", or "others": _fill_elided may find one
    lemma = "people" if noun.lower_ == "people" else noun.lemma_.lower()
    plural = noun.tag_ == "NNPS" and lemma == noun.lower_ and lemma.endswith("s")
    return noun, None, lemma[:-1] if plural else lemma


def _governor(tok: Token, lex: _Lexicon) -> Token | None:
    """The event word governing ``tok``: a modifier, a head up to its clause, or the clause's
    complement or subject ("were missing", "the toll rose to", "forced to flee"), or its object
    when the number is the verb's "to" ("raised the death toll to 52")."""
    found = next((c for c in tok.children if c.dep_ in ("amod", "acomp", "acl")
                  and _term(c, _EVENT, lex)), None)
    through_prep = False
    while found is None and tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ == "nsubj" and head.pos_ in _VERBS and (_term(head, _EVENT, lex) or {}).get(
                "category") in _DONE_TO_OBJECT and any(
                c.dep_ == "dobj" and c.lemma_.lower() != "life" for c in head.children):
            return None     # "three gunmen killed two policemen": who did it, not its toll
        through_prep |= tok.dep_ == "prep" and tok.lower_ not in ("of", "including", "among") \
            and not _range_word(tok)
        if not through_prep and _term(head, _EVENT, lex):
            return head
        if head.pos_ in _VERBS and head.dep_ != "prep":
            if _term(head, _EVENT, lex) or tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN"):
                return None     # "killed in 3 attacks"; a noun as a verb's conjunct (misparse)
            via_to = tok.lower_ == "to"     # then the object first: "brought its strength to"
            for child in sorted((c for c in head.children if c.i != tok.i),
                                key=lambda c: not via_to or c.dep_ != "dobj"):
                parts = [child] if child.dep_ in ("acomp", "oprd", "xcomp", "attr") else []
                if child.dep_ in ("nsubj", "nsubjpass") or child.dep_ == "dobj" and via_to:
                    parts = [child, *(c for c in child.children if c.dep_ == "compound"),
                             *(p for c in child.children if c.lower_ == "of" for p in c.children)]
                found = found or next((p for p in parts if _term(p, _EVENT, lex)), None)
            return found
        tok = head
    return found


def _range_word(tok: Token) -> bool:
    """Whether a preposition is the "between" of a range the parse took for a phrase of its own
    ("UVIRA, March 8 - Between 30 and 35 people were killed", the dateline as the subject)."""
    return tok.lower_ == "between" and any(t.like_num for t in tok.subtree)


def _unit_row(unit: str | None, lex: _Lexicon) -> dict | None:
    return next((r for r in lex.terms.get(unit or "", ()) if r["role"] in (
        "unit", "event", "measure")), None)


def _pinned(row: dict | None) -> bool:
    """A unit whose category no verb changes: money, durations, measures and shares."""
    return row is not None and (row["category"] in _PINNED or row["role"] == "measure")


def _classify(head: Token, unit: str | None, noun: Token | None, state: Token | None,
              lex: _Lexicon) -> tuple[str, Token | None]:
    """Return (category, governor token) of a number from its unit and dependency context."""
    row = _unit_row(unit, lex) or {"category": "other", "role": ""}
    anchor = noun if noun is not None and (noun.is_ancestor(head) or noun.i == head.i + 1
                                           and not head.is_ancestor(noun)) else head
    governor = state if state is not None else _governor(anchor, lex)
    if _pinned(row):    # money, durations, measures ("60 kilometres") and shares ("20%")
        return row["category"], governor
    if noun is not None and noun.head.lower_ == "to" and noun.head.head.lemma_ == "accord":
        return "sources", noun.head.head
    if noun is not None and _term(noun, ("source",), lex) and noun.dep_ == "nsubj" and _term(
            noun.head, ("reporting",), lex):
        return "sources", noun.head
    found = _term(governor, _EVENT, lex) if governor is not None else None
    if found is None and row["category"] in _HELD and governor is None and anchor.head.pos_ in (
            "VERB", "AUX") and any(_term(c, ("homecoming",), lex) for c in anchor.head.children):
        return "released", anchor.head  # "about 250 prisoners were flown home"
    return (found or row)["category"], governor


def _extent(doc: Doc, a: _Core, j: int, scan: tuple, floor: int, lex: _Lexicon,
            qualify: bool = True) -> tuple:
    """Grow a number to its phrase: qualifier (unless not ``qualify``), "between", currency,
    percent, post-qualifier."""
    (before, after, _), i, row, currency, percent = scan, a.i, lex.qualifiers[""], None, None
    if i > floor and doc[i - 1].lower_ in lex.currencies:
        i, currency = i - 1, doc[i - 1]
    if i > floor and doc[i - 1].lower_ == "between" and j > a.j:
        i -= 1
    if qualify and before.get(i, -1) >= floor:
        i, row = before[i], lex.qualifiers[" ".join(t.lower_ for t in doc[before[i]:i])]
    if lex.context.get(doc[j:j + 1].text.lower()) == "percent":
        j, percent = j + 1, doc[j]
    elif doc[j:j + 2].text.lower() == "per cent":
        j, percent = j + 2, doc[j + 1]
    if j in after:
        j, row = after[j], lex.qualifiers[" ".join(t.lower_ for t in doc[j:after[j]])]
    return i, j, row, currency, percent


def _quantity(doc: Doc, a: _Core, b: _Core | None, scan: tuple, floor: int,
              lex: _Lexicon) -> tuple[Quantity, int]:
    """Build the Quantity of a core (or range of two cores); also return its end token."""
    i, j, row, currency, percent = _extent(doc, a, (b or a).j, scan, floor, lex)
    head, state, last = _head(doc, a.i, (b or a).j), None, doc[a.j - 1]
    if currency is not None or percent is not None:
        noun = currency if currency is not None else percent
        unit = "percent" if currency is None else lex.currencies[currency.lower_]
    else:
        noun, state, unit = _unit(doc, head, (b or a).j, lex)
    if b is None and a.value < 1 and lex.words.get(last.lower_, (0, ""))[1] in (
            "fraction", "denominator") and (noun is None or noun.i != a.j):
        noun, state, unit = last, None, "fraction"  # "two thirds of the city" (not "half hour")
    category, governor = _classify(head, unit, noun, state, lex)
    if category in (row.get("preposition_for") or "").split("|"):   # "over three days"
        i, j, row, currency, percent = _extent(doc, a, (b or a).j, scan, floor, lex, False)
    if b is not None:
        (low, high), qualifier = _range(doc, a, b, lex), "range"
        value = (low + high) / 2
    elif a.fixed:
        qualifier, value, low, high = a.fixed
    else:   # the qualifier row's convention applied to the stated number n
        n, qualifier, f = a.value, row["qualifier"], {k: float(v) for k, v in row.items()
                                                       if k.endswith(("_factor", "_offset"))}
        value = n + f["value_offset"] if n == int(n) and n >= 2 else n
        low = round(n * f["low_factor"], 6) + f["low_offset"]
        high = round(n * f["high_factor"], 6) + f["high_offset"]
        low, high = (math.floor(low), math.ceil(high)) if n >= 1 and n == int(n) else (low, high)
        low, high = max(0.0, min(low, value)), max(high, value)
    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
    return Quantity(start, end, doc[i:j].text, float(value), float(low), float(high),
                    qualifier, unit, category, head.i, None if noun is None else noun.i,
                    None if governor is None else governor.i), j


def _fill_elided(doc: Doc, found: list[Quantity], lex: _Lexicon) -> list[Quantity]:
    """Give a bare number the counted noun of a coordinated number ("... and wounding 1,600")."""
    def climb(t: Token) -> tuple[Token, int]:   # the clause's verb, and how deep t is below it
        depth = 0
        while t.head.i != t.i and not (t.pos_ in _VERBS and t.dep_ != "prep"):
            t, depth = t.head, depth + 1
        return t, depth

    def verb(t: Token) -> Token:
        return climb(t)[0]

    for k, q in enumerate(found):
        tok = doc[q.token_i]
        near = [d for d in found if q.unit is None and q.category not in _PINNED
                and d.unit_i is not None and not _pinned(_unit_row(d.unit, lex))
                and tok.sent.start == doc[d.unit_i].sent.start and (
                    tok in doc[d.unit_i].conjuncts or tok in doc[d.token_i].conjuncts
                    or d.token_i < q.token_i and verb(tok) in verb(doc[d.unit_i]).conjuncts)]
        if near:
            d = min(near, key=lambda d: (climb(doc[d.unit_i])[1], abs(d.token_i - q.token_i),
                                         d.token_i > q.token_i))   # not "including two members"
            row = next((r for r in lex.terms.get(d.unit, ()) if r["role"] == "unit"), None)
            category = row["category"] if q.category == "other" and row else q.category
            found[k] = q._replace(unit=d.unit, unit_i=d.unit_i, category=category)
    return found


def numbers(doc: Doc) -> Iterator[Quantity]:
    """Yield every quantity of a spaCy Doc, in text order, with no overlaps.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A doc of the workbook pipeline (tagged, parsed, with entities). On a doc without a
        parse, numbers are still found, but units are None and categories "other".

    Yields
    ------
    Quantity
    """
    lex, found, floor = _lexicon(), [], 0
    scan = _scan(doc, lex)
    dated = {t.i for ent in doc.ents if ent.label_ in ("DATE", "TIME") and any(
        lex.context.get(x.lower_) in ("month", "weekday", "time") or _YEAR.fullmatch(x.text)
        for x in ent) for t in ent if not _counts_after_date(t, ent)}   # not "three days"
    for a, b in scan[2]:
        if _named(doc, a.i, (b or a).j, lex, qualified=a.i in scan[0]) or any(
                _not_count(doc, c, dated, lex, alone=b is None) for c in (a, b) if c is not None):
            continue
        quantity, floor = _quantity(doc, a, b, scan, floor, lex)
        found.append(quantity)
    yield from _fill_elided(doc, found, lex) if doc.has_annotation("DEP") else found
