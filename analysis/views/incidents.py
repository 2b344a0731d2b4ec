"""Group events from different reports that describe the same incident, and the figures each gives.

Two events are *compatible* when they share ``event_type`` and realisation (asserted, or not;
a planned event and an asserted one may be a plan and its doing: "agreed to release" and "were
flown home"), their dates (``date``, else the report's ``published``) are within a tolerance (a
date known only to the month or year, ``date_precision`` 3, dates no incident that happened: "in
March" is not a day; a plan "for April" is dated by its report), their
places agree
(same place or ``place_country``, or one unknown) and their actors agree side by side, directly or
swapped (same ``actor_id`` or same country via ``country``/``affiliation``; a missing side agrees).
Events of different reports are *linked* when compatible and sharing a clue (a place, a country,
an actor). Links merge groups strongest first, and only when every pair across the two groups is
compatible, so one vague event cannot chain two incidents. Ids hash the sorted event ids.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Mapping

import pandas as pd

from analysis.store.schema import CATEGORIES, frame
from analysis.views.shown import shown as _get

Frames = Mapping[str, pd.DataFrame]
MONTH_PRECISION = 3      # date_precision of a date known only to its month or year

INCIDENT_COLUMNS = [
    "incident_id", "event_type", "date", "place", "place_country", "source_id", "target_id",
    "n_reports", "n_events", "report_ids", "event_ids",
]
CLAIM_COLUMNS = [
    "incident_id", "event_type", "category", "text", "value", "low", "high", "qualifier",
    "attribution", "report_source", "title", "published", "conflicting", "event_id",
    "number_id", "report_id", "sent_id", "start", "end",
]
FIGURE_CATEGORIES = tuple(c for c in CATEGORIES if c not in ("sources", "duration", "other"))
INCIDENT_MODALITIES = ("asserted", "planned", "possible")
_REALISED = {"asserted"}


def _countries(actors: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Map each actor_id to the countries it belongs to (its own, then its affiliations')."""
    table = actors.drop_duplicates("actor_id").set_index("actor_id")
    country = {k: None if pd.isna(v) else str(v) for k, v in table["country"].items()}
    parent = {k: None if pd.isna(v) else str(v) for k, v in table["affiliation"].items()}
    out = {}
    for actor in table.index:
        found, seen, current = set(), set(), actor
        while current is not None and current not in seen:
            seen.add(current)
            if country.get(current):
                found.add(country[current])
            current = parent.get(current)
        out[actor] = frozenset(found)
    return out


def _same_actor(a: str | None, b: str | None, countries) -> bool:
    if a is None or b is None or a == b:
        return True
    return bool(countries.get(a, frozenset()) & countries.get(b, frozenset()))


def _actors_agree(x: dict, y: dict, countries) -> bool:
    """Sides agree directly, or swapped when one event names both sides (a clash told from
    either end); else an actor never matches itself on the other side ("X struck" vs "struck X")."""
    xs, xt, ys, yt = x["source_id"], x["target_id"], y["source_id"], y["target_id"]
    direct = (_same_actor(xs, ys, countries) and _same_actor(xt, yt, countries)
              and not ((xs and xs == yt) or (xt and xt == ys)))
    swapped = (((xs and xt) or (ys and yt)) and _same_actor(xs, yt, countries)
               and _same_actor(xt, ys, countries) and xs != ys and xt != yt)
    return bool(direct or swapped)


def _places_agree(x: dict, y: dict) -> bool:
    cx, cy = x["place_country"], y["place_country"]
    if cx and cy and cx != cy:
        return False
    px, py = x["place_key"], y["place_key"]
    if px and py and px != py:
        return bool(cx and cy)    # different places of one country (a town and its province)
    return True


def compatible(x: dict, y: dict, countries: Mapping[str, frozenset], *, days: int) -> bool:
    """Tell whether two event records (see :func:`_records`) may describe the same incident."""
    if x["event_type"] != y["event_type"]:
        return False
    if x["realised"] != y["realised"] and not (x["planned"] or y["planned"]):
        return False                    # a plan and its doing are one incident, a guess is not
    if x["when"] is None or y["when"] is None or abs((x["when"] - y["when"]).days) > days:
        return False
    return _places_agree(x, y) and _actors_agree(x, y, countries)


def _clues(x: dict, y: dict, countries) -> int:
    """Score the positive evidence that two events are one incident (0: none)."""
    lands = [frozenset().union(*(countries.get(a, frozenset()) for a in r["actor_ids"]))
             for r in (x, y)]
    shared = x["actor_ids"] & y["actor_ids"]
    return (2 * bool(x["place_key"] and x["place_key"] == y["place_key"])
            + bool(x["place_country"] and x["place_country"] == y["place_country"])
            + 2 * len(shared) + bool(not shared and lands[0] & lands[1])
            + bool(x["place_country"] in lands[1] or y["place_country"] in lands[0]))


def _records(frames: Frames, modalities: Iterable[str]) -> list[dict]:
    events = _get(frames, "events")
    events = events[events["modality"].isin(list(modalities))]
    published = _get(frames, "reports").drop_duplicates("report_id").set_index("report_id")
    published = published["published"]
    out = []
    for row in events.to_dict("records"):
        row = {k: None if pd.isna(v) else v for k, v in row.items()}
        when = row["date"] if row["date"] is not None else published.get(row["report_id"])
        realised = str(row["modality"]) in _REALISED
        if row["date"] is not None and (row.get("date_precision") or 1) >= MONTH_PRECISION:
            # "last month": no day to match another report's day; a plan "for April" is
            # matched by the day it was announced
            when = None if realised else published.get(row["report_id"])
        row["when"] = None if when is None or pd.isna(when) else pd.Timestamp(when).normalize()
        row["event_type"] = str(row["event_type"])
        row["realised"] = realised
        row["planned"] = str(row["modality"]) == "planned"
        row["place_key"] = row["place"].casefold().strip() if row["place"] else None
        row["actor_ids"] = frozenset(a for a in (row["source_id"], row["target_id"]) if a)
        out.append(row)
    out.sort(key=lambda r: (r["event_type"], r["when"] or pd.Timestamp.max, r["event_id"]))
    return out


def _groups(records: list[dict], countries, *, days: int) -> list[list[int]]:
    """Cluster records: link compatible pairs from different reports, strongest first."""
    pairs = []
    for i, x in enumerate(records):
        if x["when"] is None:
            continue
        for j in range(i + 1, len(records)):
            y = records[j]     # same type and dated, until the sorted order says otherwise
            if (y["event_type"] != x["event_type"] or y["when"] is None
                    or (y["when"] - x["when"]).days > days):
                break
            if x["report_id"] == y["report_id"] or not compatible(x, y, countries, days=days):
                continue
            score = _clues(x, y, countries)
            if score:
                gap = abs((y["when"] - x["when"]).days)
                pairs.append((-score, gap, x["event_id"], y["event_id"], i, j))
    group = list(range(len(records)))
    members = {i: [i] for i in range(len(records))}
    for *_, i, j in sorted(pairs):
        a, b = group[i], group[j]
        if a == b or not all(compatible(records[p], records[q], countries, days=days)
                             for p in members[a] for q in members[b]):
            continue
        a, b = min(a, b), max(a, b)
        for q in members[b]:
            group[q] = a
        members[a] += members.pop(b)
    return [sorted(m) for m in members.values()]


def _first(rows: list[dict], key: str):
    return next((r[key] for r in rows if r[key] is not None), None)


def incident_id(event_ids: Iterable[str]) -> str:
    """Return the stable id of the incident made of ``event_ids`` (order does not matter)."""
    digest = hashlib.sha1("\n".join(sorted(event_ids)).encode("utf-8")).hexdigest()
    return f"inc-{digest[:12]}"


def incidents(frames: Frames, *, days: int = 2, modalities: Iterable[str] = INCIDENT_MODALITIES,
              min_reports: int = 1) -> pd.DataFrame:
    """Group events that describe the same incident across reports into an incidents table.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames` (``events``, ``reports``, ``actors``).
    days : int, default 2
        Largest gap, in days, between the dates of two events of one incident.
    modalities : iterable of str, default ("asserted", "planned", "possible")
        Event modalities considered; negated and hypothetical events describe no incident.
    min_reports : int, default 1
        Keep only incidents carried by at least this many reports.

    Returns
    -------
    DataFrame
        ``INCIDENT_COLUMNS``, one row per incident: its type, earliest date, the first known
        place, country and actors (events in date order), the number of reports and events, and
        the ``"; "``-joined report and event ids. Sorted by reports (most first), date and id.

    Examples
    --------
    >>> incidents(frames, min_reports=2)[["event_type", "place", "n_reports"]]  # doctest: +SKIP
    """
    records = _records(frames, modalities)
    countries = _countries(_get(frames, "actors"))
    rows = []
    for members in _groups(records, countries, days=days):
        group = sorted((records[i] for i in members),
                       key=lambda r: (r["when"] or pd.Timestamp.max, r["report_id"],
                                      r["sent_id"], r["start"]))
        reports = list(dict.fromkeys(r["report_id"] for r in group))
        ids = sorted(r["event_id"] for r in group)
        rows.append({
            "incident_id": incident_id(ids), "event_type": group[0]["event_type"],
            "date": min((r["when"] for r in group if r["when"] is not None), default=pd.NaT),
            "place": _first(group, "place"), "place_country": _first(group, "place_country"),
            "source_id": _first(group, "source_id"), "target_id": _first(group, "target_id"),
            "n_reports": len(reports), "n_events": len(group), "report_ids": "; ".join(reports),
            "event_ids": "; ".join(ids),
        })
    dtypes = {"date": "datetime64[ns]", "n_reports": "Int64", "n_events": "Int64"}
    out = pd.DataFrame(rows, columns=INCIDENT_COLUMNS)
    out = out.astype({c: dtypes.get(c, "string") for c in INCIDENT_COLUMNS})
    out = out[out["n_reports"] >= min_reports]
    out = out.sort_values(["n_reports", "date", "incident_id"], ascending=[False, True, True],
                          na_position="last", kind="stable")
    return out.reset_index(drop=True)


def _conflicting(group: pd.DataFrame) -> bool:
    """Tell whether two reports give different values, or ranges that do not overlap."""
    rows = group.to_dict("records")
    return any(a["report_id"] != b["report_id"]
               and (a["value"] != b["value"] or a["low"] > b["high"] or b["low"] > a["high"])
               for i, a in enumerate(rows) for b in rows[i + 1:])


def _event_figures(events: pd.DataFrame, numbers: pd.DataFrame,
                   categories: set[str]) -> pd.DataFrame:
    """Turn ``events.killed``/``wounded`` into figures, as the number of their sentence if any."""
    rows = []
    for category in sorted({"killed", "wounded"} & categories):
        for ev in events[events[category].notna()].to_dict("records"):
            same = numbers[(numbers["report_id"] == ev["report_id"])
                           & (numbers["sent_id"] == ev["sent_id"])
                           & (numbers["category"] == category)
                           & (numbers["value"] == ev[category])]
            value = float(ev[category])
            row = same.iloc[0].to_dict() if len(same) else {
                "value": value, "low": value, "high": value, "category": category,
                **dict.fromkeys(("number_id", "text", "qualifier")),
                **{k: ev[k] for k in ("report_id", "sent_id", "start", "end")}}
            rows.append({**row, "incident_id": ev["incident_id"], "event_id": ev["event_id"]})
    return pd.DataFrame(rows)


def bare_events(frames: Frames, incidents_df: pd.DataFrame) -> dict[str, str]:
    """Map each event that names no actor and no place ("Dozens were killed in the attack",
    "Roughly 90 others were wounded") to the incident of its report and type that most reports
    carry: such an event links to nothing by itself, yet tells the toll of its report's
    incident. Events already in an incident of several reports keep it."""
    events = _get(frames, "events").drop_duplicates("event_id")
    member = {e: (row.incident_id, row.n_reports) for row in incidents_df.itertuples()
              for e in str(row.event_ids).split("; ")}
    best: dict[tuple, tuple[str, int]] = {}    # (report, type) -> the incident most carry
    for ev in events.itertuples():
        found = member.get(ev.event_id)
        key = (ev.report_id, str(ev.event_type))
        if found and (key not in best or found[1] > best[key][1]):
            best[key] = found
    bare = events[events[["source_id", "target_id", "place"]].isna().all(axis=1)]
    out = {}
    for ev in bare.itertuples():
        own = member.get(ev.event_id)
        target = best.get((ev.report_id, str(ev.event_type)))
        if target and (own is None or own[1] < target[1]):
            out[ev.event_id] = target[0]
    return out


def claims(frames: Frames, incidents_df: pd.DataFrame, *,
           categories: Iterable[str] = FIGURE_CATEGORIES) -> pd.DataFrame:
    """List the figures each report gives for each incident, side by side, never averaged.

    Figures are the ``numbers`` linked to an incident's events (and to the events of its reports
    that name no actor and no place: :func:`bare_events`) and the events' ``killed`` and
    ``wounded`` (as the number of the same sentence, when there is one); a figure repeated in one
    report is listed once.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    incidents_df : DataFrame
        The table returned by :func:`incidents`.
    categories : iterable of str, optional
        Number categories to list; by default every category but sources, duration and other.

    Returns
    -------
    DataFrame
        ``CLAIM_COLUMNS``, one row per (incident, report, figure) with the event's attribution
        and the report's source, title and date; ``conflicting`` is True for every figure of an
        incident's category in which two reports give different values or disjoint ranges.
        In the order of ``incidents_df``, then category, report date and position.

    Examples
    --------
    >>> table = incidents(frames, min_reports=2)  # doctest: +SKIP
    >>> claims(frames, table).query("conflicting")  # doctest: +SKIP
    """
    wanted = set(categories)
    links = incidents_df[["incident_id", "event_type", "event_ids"]].copy()
    links["event_id"] = links["event_ids"].astype(str).str.split("; ")
    links = links.explode("event_id").drop(columns="event_ids")
    joined = bare_events(frames, incidents_df)            # "Dozens were killed": its toll
    types = dict(zip(incidents_df["incident_id"], incidents_df["event_type"]))
    links = pd.concat([links[~links["event_id"].isin(list(joined))], pd.DataFrame(
        {"incident_id": list(joined.values()), "event_type": [types[i] for i in joined.values()],
         "event_id": list(joined)})], ignore_index=True)
    links["event_id"] = links["event_id"].astype("string")
    events = _get(frames, "events").drop(columns="event_type").merge(links, on="event_id")
    numbers = _get(frames, "numbers")
    numbers = numbers[numbers["category"].isin(wanted)]
    linked = numbers.merge(links, on="event_id")
    parts = [p for p in (linked, _event_figures(events, numbers, wanted)) if len(p)]
    if not parts:
        return pd.DataFrame(columns=CLAIM_COLUMNS).astype(_claim_dtypes())
    out = pd.concat(parts, ignore_index=True).drop(columns="event_type", errors="ignore")
    out = out.merge(links[["incident_id", "event_type"]].drop_duplicates(), on="incident_id")
    out = out.merge(events[["event_id", "attribution"]], on="event_id", how="left")
    reports = _get(frames, "reports").drop_duplicates("report_id")
    out = out.merge(reports[["report_id", "source", "title", "published"]]
                    .rename(columns={"source": "report_source"}), on="report_id", how="left")
    out["_incident"] = out["incident_id"].map({k: n for n, k in
                                               enumerate(incidents_df["incident_id"])})
    out["_category"] = out["category"].astype(object).map(CATEGORIES.index)
    out = out.sort_values(["_incident", "_category", "published", "report_id", "sent_id",
                           "start"], kind="stable", na_position="last")
    out = out.drop_duplicates(["incident_id", "report_id", "category", "value", "low", "high",
                               "qualifier"])
    flags = {key: _conflicting(group)
             for key, group in out.groupby(["incident_id", "category"], observed=True)}
    out["conflicting"] = [flags[k] for k in zip(out["incident_id"], out["category"])]
    out = out[CLAIM_COLUMNS].reset_index(drop=True)
    return out.astype(_claim_dtypes())


def _claim_dtypes() -> dict:
    known = {**frame("numbers").dtypes.to_dict(), "published": "datetime64[ns]",
             "conflicting": "boolean"}
    return {c: known.get(c, "string") for c in CLAIM_COLUMNS}


def incident_table(frames: Frames, incidents_df: pd.DataFrame) -> pd.DataFrame:
    """Return the incidents for reading: actors by name and the reports by title (source and
    date), not by their ids."""
    names = _get(frames, "actors").drop_duplicates("actor_id").set_index("actor_id")["name"]
    reports = _get(frames, "reports").set_index("report_id")
    label = {rid: f"{r.title} ({r.source}, {r.published:%d %b})" if pd.notna(r.published)
             else f"{r.title} ({r.source})" for rid, r in reports.iterrows()}
    out = incidents_df.assign(
        source=incidents_df["source_id"].map(names), target=incidents_df["target_id"].map(names),
        reports=[" · ".join(label.get(i, i) for i in str(ids).split("; "))
                 for ids in incidents_df["report_ids"]])
    return out[["event_type", "date", "place", "place_country", "source", "target", "n_reports",
                "n_events", "reports"]]
