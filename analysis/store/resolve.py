"""Actors across a corpus: the mentions of every report resolved into one record per actor, and
the stable ids the frames name them by."""
from __future__ import annotations

import re
from typing import Iterable

from analysis.extractors.actors import Mention
from analysis.extractors.gazetteer import Gazetteer


def actor_id(name: str) -> str:
    """Return the stable id of an actor: its canonical name as a lower-case slug."""
    slug = re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-")
    return slug or "actor"


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
