"""The executive summary a briefing opens with: what happened, where, and the people it cost.

It reads the incidents (:func:`analysis.views.incidents.incidents`) and their totals
(:mod:`analysis.views.totals`): the reports and outlets it rests on, the headline totals, and the
incidents that cost the most people (killed and wounded, conservative figures), each with its day,
place, type, actors and the number of reports that carry it. Every text is escaped.
"""
from __future__ import annotations

import html
import json
from typing import Mapping

import pandas as pd

from analysis.views import totals
from analysis.views.incidents import incidents as find_incidents
from analysis.views.shown import shown as _get

Frames = Mapping[str, pd.DataFrame]
HARM = ("killed", "wounded")


def main_incidents(frames: Frames, n: int = 5) -> pd.DataFrame:
    """Return the ``n`` incidents that cost the most people (killed plus wounded, conservative
    figures; more reports first on a tie), with their killed and wounded figures and ranges."""
    found = find_incidents(frames)
    per = totals.incident_totals(frames, HARM)
    if found.empty or per.empty:
        return found.head(0)
    wide = per.pivot_table(index="incident_id", columns="category", observed=True,
                           values=["conservative", "low", "high"], aggfunc="sum")
    wide.columns = [f"{category}_{what}" for what, category in wide.columns]
    out = found.merge(wide, how="inner", left_on="incident_id", right_index=True)
    for category in HARM:
        for what in ("conservative", "low", "high"):
            column = f"{category}_{what}"
            out[column] = out[column].fillna(0) if column in out else 0
    out["people"] = out["killed_conservative"] + out["wounded_conservative"]
    return out.sort_values(["people", "n_reports"], ascending=False, kind="stable").head(n)


def _figure(row, category: str) -> str:
    value, low, high = (int(row[f"{category}_{w}"]) for w in ("conservative", "low", "high"))
    if not value and not high:
        return ""
    spread = f" ({low:,}–{high:,})" if (low, high) != (value, value) else ""
    return f"{category} {value:,}{spread}"


def executive_summary(frames: Frames, n: int = 5) -> str:
    """Return the summary as HTML: the reports, the totals and the main incidents."""
    reports = _get(frames, "reports")
    names = _get(frames, "actors").drop_duplicates("actor_id").set_index("actor_id")["name"]
    outlets = reports["source"].dropna().nunique()
    first, last = reports["published"].min(), reports["published"].max()
    period = "" if pd.isna(first) else f" published from {first:%d %B %Y} to {last:%d %B %Y}"
    parts = [f"<p>{len(reports)} reports from {outlets} outlets{period}. "
             f"{html.escape(totals.headline(frames))}.</p>"]
    rows = []
    for row in main_incidents(frames, n).itertuples(index=False):
        row = row._asdict()
        when = "" if pd.isna(row["date"]) else f"{row['date']:%d %B}, "
        where = row["place"] if pd.notna(row["place"]) else "place unknown"
        if pd.notna(row["place_country"]):
            where = f"{where} ({row['place_country']})"
        actors = " on ".join(str(names.get(a, a)) for a in (row["source_id"], row["target_id"])
                             if pd.notna(a))
        figures = ", ".join(f for f in (_figure(row, c) for c in HARM) if f)
        reports_n = int(row["n_reports"])
        text = (f"{when}{where}: {row['event_type']}{' by ' + actors if actors else ''} — "
                f"{figures}; {reports_n} report{'s' * (reports_n != 1)}")
        rows.append(f"<li>{html.escape(text)}</li>")
    if rows:
        parts.append("<p>The incidents that cost the most people:</p><ul>" + "".join(rows)
                     + "</ul>")
    return "\n".join(parts)


def previous_render(path) -> dict | None:
    """Return what the previous render of a parameter set saw (its ``seen.json``: ``rendered``,
    ``reports``, ``events``), or None when there was none or it cannot be read."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            seen = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(seen, dict) or not isinstance(seen.get("reports"), list):
        return None
    return seen


def new_since(frames: Frames, seen: dict | None) -> tuple[set[str], set[str]]:
    """Return the report and event ids that the previous render did not see (all of them when
    there was no previous render)."""
    reports = set(_get(frames, "reports")["report_id"].astype(str))
    events = set(_get(frames, "events")["event_id"].astype(str))
    if seen is None:
        return reports, events
    return reports - set(map(str, seen.get("reports", ()))), events - set(
        map(str, seen.get("events", ())))


def since_note(frames: Frames, seen: dict | None) -> str:
    """Return one HTML line on what is new since the previous render of the same parameters."""
    if seen is None:
        return "<p>First render of these parameters: everything below is new.</p>"
    reports, events = new_since(frames, seen)
    when = html.escape(str(seen.get("rendered", "an earlier render")).replace("T", " "))
    if not reports and not events:
        return f"<p>Nothing new since the previous render ({when}).</p>"
    return (f"<p>Since the previous render ({when}): {len(reports)} new report"
            f"{'s' * (len(reports) != 1)} and {len(events)} new event"
            f"{'s' * (len(events) != 1)}, marked <em>new</em> in the events table.</p>")
