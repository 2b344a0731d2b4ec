"""A Doc into rows: what one report gives every per-report frame, actors still named.

:func:`extract_doc` appends a report's rows to a :class:`Rows`; the store names the actors by ids
and stages the batch (:func:`analysis.store.staging.stage_rows`), and actors are resolved across
the corpus when the run commits (:mod:`analysis.store.merge`). It runs as the last component of
the spaCy pipeline (:mod:`analysis.nlp.components`).
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Sequence

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span

from analysis.extractors import actors as actor_rules
from analysis.extractors import numbers as number_rules
from analysis.extractors import places as place_rules
from analysis.extractors.events import coder as event_rules
from analysis.extractors.events.references import restated
from analysis.extractors.events.senses import USER_DATA_KEY, senses_of
from analysis.extractors.events.triggers import figure_event_types
from analysis.extractors.events.victims import named_beside_figures
from analysis.extractors.locations import locate
from analysis.records import Report

# the frames a report's rows go to (the contract's per-report frames)
ROW_FRAMES = ("reports", "sentences", "mentions", "places", "numbers", "events")


class Rows:
    """Rows of the per-report frames of a batch, with actors still named, not numbered."""

    def __init__(self):
        self.tables: dict[str, list[dict]] = {name: [] for name in ROW_FRAMES}
        self.report_ids: list[str] = []

    def __len__(self) -> int:
        return len(self.report_ids)

    def extend(self, other: "Rows") -> None:
        """Append the rows of ``other`` (the rows of one report, from a worker process)."""
        self.report_ids.extend(other.report_ids)
        for name, table in other.tables.items():
            self.tables[name].extend(table)


def _sent_ids(sents: Sequence[Span], n_tokens: int) -> list[int]:
    """Return the sentence number of every token."""
    lengths = [s.end - s.start for s in sents]
    if sum(lengths) != n_tokens:  # sentences always cover the Doc; be safe if not
        ids = [0] * n_tokens
        for n, sent in enumerate(sents):
            ids[sent.start:sent.end] = [n] * (sent.end - sent.start)
        return ids
    return np.repeat(np.arange(len(sents)), lengths).tolist()


def _n_words(doc: Doc) -> int:
    """Return the number of tokens that are neither punctuation nor space."""
    flags = doc.to_array([IS_PUNCT, IS_SPACE]).reshape(len(doc), 2)
    return int((flags.sum(axis=1) == 0).sum())


def _link_event(q, doc: Doc, evs: Sequence[tuple[str, event_rules.Event]], sent_of: list[int]
                ) -> event_rules.Event | None:
    """Return the event a quantity belongs to: its clause's trigger, else one of the same sentence
    whose type fits the quantity's category."""
    same = [e for _, e in evs if sent_of[e.token_i] == sent_of[q.token_i]]
    ancestors = list(doc[q.token_i].ancestors)
    for e in same:
        if doc[e.token_i] in ancestors or e.token_i == q.governor_i:
            return e
    wanted = figure_event_types().get(q.category)
    return next((e for e in same if wanted and e.event_type == wanted), None)


def _place_rows(table: list[dict], rid: str, places: Sequence[place_rules.Place],
                of_events: Sequence[place_rules.Place | None], mentions, sent_of: list[int],
                gazetteer) -> dict[tuple[int, int], dict]:
    """Append a row per place mention (and per state an event took as its place) to ``table``,
    resolved with the report's context; return the rows by character span."""
    spans = {(p.start, p.end): p for p in places}
    for p in of_events:
        if p is not None:
            spans.setdefault((p.start, p.end), p)
    ordered = sorted(spans.values(), key=lambda p: p.start)
    rows = {}
    for k, (p, where) in enumerate(zip(ordered, locate(ordered, mentions, sent_of, gazetteer))):
        row = {"place_id": f"{rid}-p{k}", "report_id": rid, "sent_id": sent_of[p.tok_start],
               "start": p.start, "end": p.end, "text": p.text,
               "name": where.name if where else p.name,
               "feature": where.feature if where else None,
               "country": (where.country if where else None) or p.country,
               **{c: getattr(where, c) if where else None
                  for c in ("admin1", "admin2", "latitude", "longitude", "geonames_id",
                            "geo_precision")}}
        table.append(row)
        rows[(p.start, p.end)] = row
    return rows


def main_country(places: Sequence[place_rules.Place]) -> str | None:
    """Return the country a report is about: the one its places name most (the first named on
    a tie). Generic actors that name no country ("police", "troops") take it."""
    counts = Counter(p.country for p in places if p.country).most_common(1)
    return counts[0][0] if counts else None


def extract_doc(doc: Doc, report: Report, rows: Rows, gazetteer, triggers: str | None = None
                ) -> None:
    """Append the rows one report gives to ``rows`` (every frame but ``actors`` and ``errors``).

    Actor columns hold canonical names; :meth:`Rows.stage` turns them into ids. ``triggers``: an
    analyst's trigger CSV over the bundled lexicon. A killed or wounded figure in a sentence
    with no ASSAULT event and no sign of violence (``evidence`` of ``trigger_senses.csv``) is
    counted as ``other``: a quake's toll, deaths blamed on a drug.
    """
    rid = report.report_id
    rows.report_ids.append(rid)
    published = date.fromisoformat(report.published) if report.published else None
    sents = list(doc.sents)
    sent_of = _sent_ids(sents, len(doc))
    t = rows.tables
    t["reports"].append({**report._asdict(), "n_words": _n_words(doc)})
    for n, sent in enumerate(sents):
        t["sentences"].append({"report_id": rid, "sent_id": n, "start": sent.start_char,
                               "end": sent.end_char, "text": sent.text})
    places = place_rules.places(doc, gazetteer)
    found = list(actor_rules.mentions(doc, gazetteer, source=report.source,
                                      default_country=main_country(places)))
    for m in found:
        t["mentions"].append({
            "report_id": rid, "sent_id": sent_of[m.tok_start], "start": m.start, "end": m.end,
            "text": m.text, "actor_id": m.name, "label": m.label, "role": m.role,
            "actor_name": m.name, "actor_kind": m.kind, "actor_country": m.country,
            "actor_affiliation": m.affiliation, "actor_titles": "; ".join(m.titles) or None})
    participants = [m for m in found if m.role != "credit"]  # bylines never act in events
    evs = [(f"{rid}-e{k}", e) for k, e in enumerate(event_rules.events(
        doc, participants, places, published=published, user_triggers=triggers))]
    place_ids = _place_rows(t["places"], rid, places, [e.place for _, e in evs], found, sent_of,
                            gazetteer)
    for eid, e in evs:
        where = place_ids.get((e.place.start, e.place.end)) if e.place else None
        t["events"].append({
            "event_id": eid, "report_id": rid, "sent_id": sent_of[e.token_i], "start": e.start,
            "end": e.end, "trigger": e.trigger, "event_type": e.event_type, "mode": e.mode,
            "source_id": e.source.name if e.source else None,
            "target_id": e.target.name if e.target else None,
            "place": e.place.name if e.place else None,
            "place_country": ((where["country"] if where else None)
                              or (e.place.country if e.place else None)),
            "place_id": where["place_id"] if where else None,
            "latitude": where["latitude"] if where else None,
            "longitude": where["longitude"] if where else None,
            "admin1": where["admin1"] if where else None,
            "geo_precision": where["geo_precision"] if where else None,
            "date": e.date, "date_text": e.date_text, "date_precision": e.date_precision,
            "date_uncertain": e.date_uncertain or (e.date is not None
                                                   and report.published_assumed),
            "modality": e.modality, "attribution": e.attribution})
    n_numbers = len(t["numbers"])
    _number_rows(t, rid, doc, evs, sent_of, participants, sents)
    _drop_restated(t, doc, evs, {r["event_id"] for r in t["numbers"][n_numbers:]})
    doc.user_data.pop(USER_DATA_KEY, None)     # the Doc may be kept; its cues are not


def _drop_restated(t: dict[str, list[dict]], doc: Doc,
                   evs: Sequence[tuple[str, event_rules.Event]], linked: set) -> None:
    """Remove the report's events that only name an earlier one again ("the meeting") or the
    state of the victims of another ("wounded rebels ... after a clash")."""
    if not evs:
        return
    rows = t["events"][len(t["events"]) - len(evs):]
    drop = restated(doc, evs, rows, linked)
    if drop:
        del t["events"][len(t["events"]) - len(evs):]
        t["events"].extend(row for k, row in enumerate(rows) if k not in drop)


def _number_rows(t: dict[str, list[dict]], rid: str, doc: Doc,
                 evs: Sequence[tuple[str, event_rules.Event]], sent_of: list[int],
                 participants, sents: Sequence[Span]) -> None:
    """Append a row per quantity to ``t["numbers"]``, linked to its event and owner, and give
    the events their killed and wounded figures (the last ``len(evs)`` rows of
    ``t["events"]`` are the report's events, in the order of ``evs``)."""
    by_token = {i: m for m in participants for i in range(m.tok_start, m.tok_end)}
    rows_of_trigger: dict[int, list[dict]] = {}
    for (eid, e), row in zip(evs, t["events"][len(t["events"]) - len(evs):]):
        rows_of_trigger.setdefault(e.token_i, []).append(row)
    harmful = {category for category, kind in figure_event_types().items() if kind == "ASSAULT"}
    violent = {sent_of[e.token_i] for _, e in evs if e.event_type == "ASSAULT"}
    senses = senses_of(doc, sents)
    for k, q in enumerate(number_rules.numbers(doc)):
        event = _link_event(q, doc, evs, sent_of)
        category = q.category
        n = sent_of[q.token_i]
        if category in harmful and n not in violent and not senses.evidence[n]:
            category = "other"          # "a quake killed 3,000", "56,000 deaths": no violence
        owner = event_rules.actor_at(doc[q.unit_i], by_token) if q.unit_i is not None else None
        trigger_rows = [r for r in rows_of_trigger[event.token_i]   # not the riot beside it
                        if r["event_type"] == event.event_type] if event else []
        t["numbers"].append({
            "number_id": f"{rid}-n{k}", "report_id": rid, "sent_id": sent_of[q.token_i],
            "start": q.start, "end": q.end, "text": q.text, "value": q.value, "low": q.low,
            "high": q.high, "qualifier": q.qualifier, "unit": q.unit, "category": category,
            "actor_id": owner.name if owner else None,
            "event_id": trigger_rows[0]["event_id"] if trigger_rows else None})
        if category in ("killed", "wounded"):
            value = int(round(q.value))
            named, counted = named_beside_figures(doc[event.token_i]) if event else (0, ())
            if q.unit_i in counted:
                value += named          # "a lieutenant and five civilians were injured": 6
            for row in trigger_rows:  # every source-target row of the trigger carries the toll
                row.setdefault(category, value)
    for (_, e), row in zip(evs, t["events"][len(t["events"]) - len(evs):]):
        for toll in ("killed", "wounded"):  # else the victims the trigger names one by one
            if row.get(toll) is None and getattr(e, toll, None) is not None:
                row[toll] = getattr(e, toll)
