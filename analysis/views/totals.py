"""Totals that mean what they say: people killed, wounded and deployed, counted per incident.

A briefing's headline must not add up rows: three reports of one strike give three tolls of the
same dead, and "two planeloads" are no troops. Here each figure belongs to an incident (the
incident of its event, :func:`analysis.views.incidents.incidents`; a figure with no event, or
whose event names no actor and no place and so links to nothing, joins the incident of its
report with an event of its category's type that most reports carry, else stands alone), and
each incident counts once:

- within one report, figures of the same victims are alternatives (the largest is the report's
  figure), and a figure of people in general ("at least 25 people, including 11 civilians")
  contains those of particular victims; figures of different victims ("14 soldiers" and "30
  militants") add up;
- across reports, the incident's *conservative* figure is the lowest report's figure (a vague
  "dozens" only when no report is more precise), and its range runs from the lowest low to the
  highest high of the reports;
- only figures whose event happened (``asserted``, or no event) count: "plans to send 500" is
  no deployment yet;
- ``deployed`` counts troops and forces only: the units ``number_categories.csv`` gives the
  category ``force_size`` (troop, soldier, personnel, marine ...).

The totals are the sums over incidents: a conservative figure and a range (sum of lows - sum of
highs), with how many incidents, reports and figures they rest on.
"""
from __future__ import annotations

import functools
from typing import Iterable, Mapping

import pandas as pd

from analysis.resources import bundled, read_csv
from analysis.views.incidents import bare_events
from analysis.views.incidents import incidents as find_incidents
from analysis.views.shown import shown as _get

Frames = Mapping[str, pd.DataFrame]
TOTAL_CATEGORIES = ("killed", "wounded", "deployed")
TOTAL_COLUMNS = ["category", "conservative", "low", "high", "n_incidents", "n_reports",
                 "n_figures"]
# the event type a figure of a category belongs to, when it has no event of its own
CATEGORY_EVENT_TYPES = {"killed": "ASSAULT", "wounded": "ASSAULT", "deployed": "MOBILIZE"}
GENERAL_UNITS = {"people", "person"}     # victims in general: a figure of them holds the others
COUNTED_MODALITIES = {"asserted"}


@functools.lru_cache(maxsize=1)
def force_units() -> frozenset[str]:
    """Return the units that count troops and forces (``force_size`` units of
    ``number_categories.csv``): a deployment of them is one of people."""
    rows = read_csv(bundled("number_categories.csv"), ["term", "role", "category"])
    return frozenset(r["term"] for r in rows if r["role"] == "unit"
                     and r["category"] == "force_size")


def _figures(frames: Frames, categories: Iterable[str]) -> pd.DataFrame:
    """The figures that count: of the categories, of events that happened, deployments of
    forces only."""
    numbers = _get(frames, "numbers")
    numbers = numbers[numbers["category"].isin(list(categories))].copy()
    events = _get(frames, "events").drop_duplicates("event_id").set_index("event_id")
    modality = numbers["event_id"].map(events["modality"])
    happened = modality.isna() | modality.astype(object).isin(COUNTED_MODALITIES)
    units = numbers["unit"].astype(object)
    forces = units.isin(force_units()) | units.str.rstrip("s").isin(force_units())
    keep = happened & ((numbers["category"] != "deployed") | forces)
    return numbers[keep.fillna(False).astype(bool)]


def _incident_of(figures: pd.DataFrame, frames: Frames) -> pd.Series:
    """Map each figure (by index) to its incident id: its event's, or for an event that names no
    actor and no place the incident of its report that most reports carry
    (:func:`analysis.views.incidents.bare_events`); a figure with no event joins the incident
    of its report, of its category's event type, that most reports carry (the nearest on a
    tie); else it is a group of its own."""
    found = find_incidents(frames)
    by_event = {e: row.incident_id for row in found.itertuples()
                for e in str(row.event_ids).split("; ")}
    by_event.update(bare_events(frames, found))
    n_reports = dict(zip(found["incident_id"], found["n_reports"]))
    events = _get(frames, "events").drop_duplicates("event_id")
    events = events[events["event_id"].isin(list(by_event))].set_index("event_id")
    out = {}
    for k, fig in figures.iterrows():
        incident = by_event.get(fig["event_id"]) if pd.notna(fig["event_id"]) else None
        if incident is None:
            kind = CATEGORY_EVENT_TYPES.get(str(fig["category"]))
            near = events[(events["report_id"] == fig["report_id"])
                          & (events["event_type"] == kind)]
            if len(near):
                rank = pd.DataFrame({
                    "reports": [-n_reports[by_event[e]] for e in near.index],
                    "distance": (near["sent_id"] - fig["sent_id"]).abs().to_numpy()},
                    index=near.index).sort_values(["reports", "distance"], kind="stable")
                incident = by_event[rank.index[0]]
        out[k] = incident if incident is not None else f"alone-{fig['number_id']}"
    return pd.Series(out, dtype=object)


def _report_figure(group: pd.DataFrame) -> tuple[float, float, float, bool]:
    """One report's figure for one incident: (value, low, high, vague)."""
    units = group["unit"].astype(object).fillna("people").str.rstrip("s")
    general = group[units.isin(GENERAL_UNITS)]
    parts = [general] if len(general) else [g for _, g in group.groupby(units, sort=False)]
    value = low = high = 0.0
    vague = False
    for part in parts:       # the largest figure of each group of victims, groups added up
        top = part.loc[part["value"].astype(float).idxmax()]
        value += float(top["value"])
        low += float(top["low"]) if pd.notna(top["low"]) else float(top["value"])
        high += float(top["high"]) if pd.notna(top["high"]) else float(top["value"])
        vague |= top["qualifier"] == "vague"
    return value, low, high, vague


def incident_totals(frames: Frames, categories: Iterable[str] = TOTAL_CATEGORIES
                    ) -> pd.DataFrame:
    """Return one row per incident and category: its conservative figure, its range, and the
    reports and figures behind it (columns ``incident_id, category, conservative, low, high,
    n_reports, n_figures``)."""
    figures = _figures(frames, categories)
    columns = ["incident_id", "category", "conservative", "low", "high", "n_reports",
               "n_figures"]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    figures = figures.assign(incident_id=_incident_of(figures, frames))
    rows = []
    for (incident, category), group in figures.groupby(["incident_id", "category"],
                                                       observed=True, sort=True):
        per_report = [_report_figure(g) for _, g in group.groupby("report_id", sort=False)]
        precise = [r for r in per_report if not r[3]] or per_report
        rows.append({"incident_id": incident, "category": category,
                     "conservative": min(r[0] for r in precise),
                     "low": min(r[1] for r in per_report), "high": max(r[2] for r in per_report),
                     "n_reports": len(per_report), "n_figures": len(group)})
    return pd.DataFrame(rows, columns=columns)


def totals(frames: Frames, categories: Iterable[str] = TOTAL_CATEGORIES) -> pd.DataFrame:
    """Return the headline totals, one row per category (``TOTAL_COLUMNS``): the sum of the
    incidents' conservative figures, the sum of their lows and of their highs, and how many
    incidents, reports and figures they rest on.

    Examples
    --------
    >>> totals(frames).set_index("category").loc["killed", "conservative"]  # doctest: +SKIP
    """
    categories = list(categories)
    per_incident = incident_totals(frames, categories)
    numbers = _figures(frames, categories)
    rows = []
    for category in categories:
        part = per_incident[per_incident["category"] == category]
        reports = numbers.loc[numbers["category"] == category, "report_id"].nunique()
        rows.append({"category": category, "conservative": int(round(part["conservative"].sum())),
                     "low": int(round(part["low"].sum())), "high": int(round(part["high"].sum())),
                     "n_incidents": len(part), "n_reports": int(reports),
                     "n_figures": int(part["n_figures"].sum())})
    return pd.DataFrame(rows, columns=TOTAL_COLUMNS)


def headline(frames: Frames, categories: Iterable[str] = TOTAL_CATEGORIES) -> str:
    """Return the totals as one line of text: "killed 97 (74–215; 6 incidents, 9 reports)"."""
    parts = []
    for row in totals(frames, categories).itertuples():
        spread = f"{row.low:,}–{row.high:,}" if row.low != row.high else f"{row.low:,}"
        parts.append(f"{row.category} {row.conservative:,} ({spread}; "
                     f"{row.n_incidents} incident{'s' * (row.n_incidents != 1)}, "
                     f"{row.n_reports} report{'s' * (row.n_reports != 1)})")
    return " · ".join(parts)
