"""Actor mentions in a Doc, and their resolution into one record per actor across a corpus.

A mention comes from an entity of the pipeline: the gazetteer's entity ruler names the canonical
actor; the statistical model's PERSON and ORG entities add actors the gazetteer does not know.
Places (gazetteer places, unknown GPE and LOC entities) are never actors, and nationality entities
the gazetteer does not know ("Smoke") are model noise and dropped.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from typing import Iterable, Iterator, NamedTuple

from spacy.tokens import Doc, Span

from .gazetteer import PLACE_PREFIX, RESOURCES, Gazetteer

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# "the village of Zayta": a name after these nouns is a place whatever the model says.
PLACE_NOUNS = {"village", "town", "city", "district", "province", "region", "camp", "port",
               "area", "neighbourhood", "neighborhood", "suburb", "county", "governorate"}


class Mention(NamedTuple):
    """One actor mention: where it is, what it says, and the actor it names."""

    start: int
    end: int
    text: str
    name: str               # canonical name
    kind: str
    country: str | None
    affiliation: str | None  # canonical name of the actor it belongs to
    titles: tuple[str, ...]
    label: str              # the entity label it came from
    tok_start: int
    tok_end: int


class Place(NamedTuple):
    """A place named in a Doc (never an actor)."""

    start: int
    end: int
    text: str
    name: str
    country: str | None
    tok_start: int
    tok_end: int


@functools.lru_cache(maxsize=1)
def titles() -> tuple[str, ...]:
    """Return the titles and roles of ``resources/titles.csv``, longest first."""
    with open(RESOURCES / "titles.csv", newline="", encoding="utf-8") as fh:
        found = [row["title"] for row in csv.DictReader(fh)]
    return tuple(sorted(found, key=len, reverse=True))


def actor_id(name: str) -> str:
    """Return the stable id of an actor: its canonical name as a lower-case slug."""
    slug = re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-")
    return slug or "actor"


def _clean(span: Span) -> Span:
    """Trim determiners, possessive endings and punctuation off the edges of an entity."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def _is_place_context(span: Span) -> bool:
    if span.start >= 2 and span.doc[span.start - 1].lower_ == "of":
        return span.doc[span.start - 2].lemma_.lower() in PLACE_NOUNS
    return False


def _titles_before(span: Span) -> tuple[str, ...]:
    """Return the titles written right before a person's name ("Maj. Gen.", "spokesman")."""
    sent_start = span.sent.start_char
    before = span.doc.text[sent_start:span.start_char].rstrip()
    found = []
    while True:
        for title in titles():
            if before.endswith(title) and (len(before) == len(title)
                                           or not before[-len(title) - 1].isalnum()):
                found.insert(0, title)
                before = before[:-len(title)].rstrip()
                break
        else:
            return tuple(found)


def places(doc: Doc, gazetteer: Gazetteer) -> Iterator[Place]:
    """Yield the places a Doc names: gazetteer places and unknown GPE / LOC / FAC entities."""
    for ent in doc.ents:
        span = _clean(ent)
        if not len(span):
            continue
        if ent.ent_id_.startswith(PLACE_PREFIX):
            entry = gazetteer.places[ent.ent_id_[len(PLACE_PREFIX):]]
            yield Place(span.start_char, span.end_char, span.text, entry.name, entry.country,
                        span.start, span.end)
        elif not ent.ent_id_ and (ent.label_ in PLACE_LABELS or _is_place_context(span)):
            entry = gazetteer.place(span.text)
            yield Place(span.start_char, span.end_char, span.text,
                        entry.name if entry else span.text, entry.country if entry else None,
                        span.start, span.end)


def mentions(doc: Doc, gazetteer: Gazetteer) -> Iterator[Mention]:
    """Yield the actor mentions of a Doc, in text order, with canonical names.

    A surname alone resolves to the full name used elsewhere in the same report.
    """
    found = []
    for ent in doc.ents:
        if ent.ent_id_.startswith(PLACE_PREFIX) or ent.label_ not in ACTOR_LABELS:
            continue
        span = _clean(ent)
        if not len(span) or not any(c.isalpha() for c in span.text):
            continue
        if ent.ent_id_:
            entry = gazetteer.actors[ent.ent_id_]
            found.append(Mention(span.start_char, span.end_char, span.text, entry.name,
                                 entry.kind, entry.country, entry.affiliation, (), ent.label_,
                                 span.start, span.end))
        elif ent.label_ in ("PERSON", "ORG") and not _is_place_context(span):
            entry = gazetteer.actor(span.text)
            if entry is not None:
                found.append(Mention(span.start_char, span.end_char, span.text, entry.name,
                                     entry.kind, entry.country, entry.affiliation, (),
                                     ent.label_, span.start, span.end))
                continue
            kind = "person" if ent.label_ == "PERSON" else "organization"
            person_titles = _titles_before(span) if kind == "person" else ()
            found.append(Mention(span.start_char, span.end_char, span.text, span.text, kind,
                                 None, None, person_titles, ent.label_, span.start, span.end))
    yield from _resolve_surnames(found)


def _resolve_surnames(found: list[Mention]) -> Iterator[Mention]:
    full_names = {m.name for m in found if m.kind == "person" and " " in m.name}
    by_last = defaultdict(set)
    for name in full_names:
        by_last[name.split()[-1]].add(name)
    for m in found:
        if m.kind == "person" and " " not in m.name and len(by_last.get(m.name, ())) == 1:
            m = m._replace(name=next(iter(by_last[m.name])))
        yield m


def assign_ids(names: Iterable[str]) -> dict[str, str]:
    """Map canonical names to actor ids, numbering the rare names whose slugs collide."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        base = candidate = actor_id(name)
        n = 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        ids[name] = candidate
    return ids


def actor_records(mentions_by_report: Iterable[tuple[str, str | None, list[Mention]]],
                  gazetteer: Gazetteer) -> list[dict]:
    """Resolve mentions across a corpus into one record per actor (the ``actors`` frame rows).

    Parameters
    ----------
    mentions_by_report : iterable of (report_id, published, mentions)
    gazetteer : Gazetteer
        Supplies the affiliations' own records (an affiliation is an actor too).
    """
    acc: dict[str, dict] = {}

    def record(m_name, kind, country, affiliation):
        rec = acc.setdefault(m_name, {
            "name": m_name, "kind": kind, "country": country, "affiliation": affiliation,
            "aliases": set(), "titles": set(), "n_mentions": 0, "reports": set(), "dates": []})
        rec["country"] = rec["country"] or country
        return rec

    for rid, published, found in mentions_by_report:
        for m in found:
            rec = record(m.name, m.kind, m.country, m.affiliation)
            rec["aliases"].add(m.text)
            rec["titles"].update(m.titles)
            rec["n_mentions"] += 1
            rec["reports"].add(rid)
            if published:
                rec["dates"].append(published)
    # every affiliation is a record of its own
    pending = [r["affiliation"] for r in acc.values() if r["affiliation"]]
    while pending:
        name = pending.pop()
        if name not in acc and name in gazetteer.actors:
            e = gazetteer.actors[name]
            record(e.name, e.kind, e.country, e.affiliation)
            if e.affiliation:
                pending.append(e.affiliation)
    ids = assign_ids(acc)
    rows = []
    for rec in acc.values():
        rows.append({
            "actor_id": ids[rec["name"]], "name": rec["name"], "kind": rec["kind"],
            "country": rec["country"], "aliases": "; ".join(sorted(rec["aliases"])) or None,
            "titles": "; ".join(sorted(rec["titles"])) or None,
            "affiliation": ids.get(rec["affiliation"]) if rec["affiliation"] else None,
            "n_mentions": rec["n_mentions"], "n_reports": len(rec["reports"]),
            "first_seen": min(rec["dates"]) if rec["dates"] else None,
            "last_seen": max(rec["dates"]) if rec["dates"] else None,
        })
    return sorted(rows, key=lambda r: r["actor_id"])
