"""What the corrections teach: which triggers are most often wrong, and actor merges and renames
written to the analysts' gazetteer so that the next extraction resolves them itself.

``python -m analysis corrections RUN --summary`` prints :func:`by_trigger`;
``python -m analysis corrections RUN --to-gazetteer my_actors.csv`` runs :func:`to_gazetteer`.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from analysis.corrections.apply import Applied
from analysis.corrections.ledger import Correction
from analysis.resources import read_csv
from analysis.store.runfolder import atomic_write

GAZETTEER_COLUMNS = ["name", "kind", "country", "aliases", "affiliation"]


def listing(done: Applied) -> pd.DataFrame:
    """Every correction with its state (applied, or why it is orphaned), in the order applied."""
    rows = [{**c._asdict(), "state": "applied"} for c in done.applied]
    rows += [{**c._asdict(), "state": f"orphaned: {why}"} for c, why in done.orphans]
    columns = list(Correction._fields) + ["state"]
    return pd.DataFrame(rows, columns=columns).sort_values(["when", "line"], ignore_index=True)


def by_trigger(raw: Mapping[str, pd.DataFrame], corrections: Iterable[Correction]
               ) -> pd.DataFrame:
    """Count the corrections of events by the extractor's reading they corrected: its event type
    and trigger word (lower case), and what the analysts made of it.

    Returns
    -------
    DataFrame
        Columns event_type, trigger, correction (``wrong``, ``event_type -> ACCUSE``, ...),
        n; the most frequent first.
    """
    events = raw["events"]
    from analysis.corrections.keys import frame_keys

    found = pd.DataFrame({"key": frame_keys("events", events),
                          "event_type": events["event_type"].astype("string"),
                          "trigger": events["trigger"].astype("string").str.lower()})
    found = found.drop_duplicates("key").set_index("key")
    rows = []
    for c in corrections:
        if c.frame != "events" or c.key not in found.index:
            continue
        what = "wrong" if c.column == "wrong" and c.new == "true" else f"{c.column} -> {c.new}"
        rows.append({**found.loc[c.key].to_dict(), "correction": what})
    table = pd.DataFrame(rows, columns=["event_type", "trigger", "correction"])
    if table.empty:
        return table.assign(n=pd.Series(dtype="int64"))
    return (table.groupby(["event_type", "trigger", "correction"], dropna=False).size()
            .reset_index(name="n").sort_values(["n", "event_type", "trigger"],
                                               ascending=[False, True, True], ignore_index=True))


def gazetteer_rows(raw: Mapping[str, pd.DataFrame], corrections: Iterable[Correction]
                   ) -> list[dict[str, str]]:
    """Rows of an analysts' actor CSV that make the next extraction do what the merges and
    renames did: the kept actor under its (new) name, with the other names as aliases."""
    actors = raw["actors"].set_index("actor_id")
    entries: dict[str, dict] = {}       # actor_id -> row

    def entry(actor_id: str) -> dict:
        if actor_id not in entries:
            a = actors.loc[actor_id]
            entries[actor_id] = {
                "name": str(a["name"]), "kind": "other" if pd.isna(a["kind"]) else str(a["kind"]),
                "country": "" if pd.isna(a["country"]) else str(a["country"]),
                "aliases": [str(a["name"])], "affiliation": ""}
        return entries[actor_id]

    merged: dict[str, str] = {}
    for c in sorted(corrections, key=lambda c: (pd.to_datetime(c.when, utc=True), c.line)):
        if c.frame != "actors" or c.key not in actors.index or c.key in merged:
            continue
        if c.column == "name":
            entry(c.key)["name"] = c.new
        elif c.column == "merge_into" and c.new in actors.index:
            into = merged.get(c.new, c.new)
            gone = entry(c.key)
            entry(into)["aliases"] += [gone["name"]] + gone["aliases"]
            merged[c.key] = into
            entries.pop(c.key)
    out = []
    for row in entries.values():
        aliases = [a for a in dict.fromkeys(row["aliases"]) if a != row["name"]]
        if aliases:
            out.append({**row, "aliases": "|".join(aliases)})
    return out


def to_gazetteer(path: str | os.PathLike, rows: list[dict[str, str]]) -> int:
    """Merge ``rows`` into the actor CSV at ``path`` (created when missing): a row of the same
    name gains the new aliases; others are added. Written atomically; returns the rows written."""
    path = Path(path)
    existing = read_csv(path, GAZETTEER_COLUMNS) if path.exists() else []
    by_name = {r["name"]: dict(r) for r in existing}
    for row in rows:
        old = by_name.get(row["name"])
        if old is None:
            by_name[row["name"]] = dict(row)
            continue
        aliases = [a for a in old["aliases"].split("|") + row["aliases"].split("|") if a]
        old["aliases"] = "|".join(dict.fromkeys(aliases))
        for col in ("kind", "country"):
            old[col] = old[col] or row[col]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, GAZETTEER_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(by_name.values())
    atomic_write(path, lambda tmp: Path(tmp).write_text(out.getvalue(), encoding="utf-8"))
    return len(by_name)
