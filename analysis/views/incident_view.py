"""One incident at a time: every report that tells it, with its title and link, the dates it
gives, and its figures side by side with who gave them (never averaged).

:func:`incident_view` renders the incidents of :func:`analysis.views.incidents.incidents` as HTML
blocks, the figures taken from :func:`analysis.views.incidents.claims`; a category whose
reports disagree is marked.
"""
from __future__ import annotations

import html
from typing import Mapping

import pandas as pd

from analysis.views.highlight import report_link
from analysis.views.incidents import claims
from analysis.views.tables import _get

Frames = Mapping[str, pd.DataFrame]

NAME_MISSING = "–"


def _figure(row) -> str:
    text = row["text"] if pd.notna(row["text"]) else f"{row['value']:g}"
    spread = ("" if pd.isna(row["low"]) or row["low"] == row["high"]
              else f" ({row['low']:,.0f}–{row['high']:,.0f})")
    who = f" — {row['attribution']}" if pd.notna(row["attribution"]) else ""
    return html.escape(f"{text}{spread}{who}")


def _dates(events: pd.DataFrame) -> str:
    shown = []
    for text, day in zip(events["date_text"], events["date"]):
        if pd.notna(day):
            label = f"{day:%d %b %Y}" + (f" ({text})" if pd.notna(text) else "")
            if label not in shown:
                shown.append(label)
    return html.escape("; ".join(shown)) or NAME_MISSING


def _title(report: dict) -> str:
    title = html.escape(str(report.get("title") or report.get("report_id")))
    link = report_link(report)
    return f'<a href="{html.escape(link)}">{title}</a>' if link else title


def _heading(incident, names: Mapping[str, str]) -> str:
    who = " on ".join(names.get(i, i) for i in (incident.source_id, incident.target_id)
                      if pd.notna(i))
    where = incident.place if pd.notna(incident.place) else "place unknown"
    when = f"{incident.date:%d %B %Y}" if pd.notna(incident.date) else "date unknown"
    text = f"{incident.event_type}{' by ' + who if who else ''} · {where} · {when}"
    return f"<h4>{html.escape(text)}</h4>"


def _rows(incident, reports: pd.DataFrame, events: pd.DataFrame, figures: pd.DataFrame,
          categories: list[str]) -> list[str]:
    rows = []
    for rid in str(incident.report_ids).split("; "):
        report = reports.loc[rid].to_dict() if rid in reports.index else {"report_id": rid}
        report["report_id"] = rid
        own = figures[figures["report_id"] == rid]
        cells = [_title(report), html.escape(str(report.get("source") or NAME_MISSING)),
                 f"{report['published']:%d %b %Y}" if pd.notna(report.get("published"))
                 else NAME_MISSING, _dates(events[events["report_id"] == rid])]
        cells += ["<br>".join(_figure(r) for _, r in own[own["category"] == c].iterrows())
                  or NAME_MISSING for c in categories]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return rows


def incident_view(frames: Frames, incidents_df: pd.DataFrame) -> str:
    """Return one block per incident: a heading (type, actors, place, date) and a table with a
    row per report: its title (linked to the report), outlet, publication date, the dates its
    events give, and a column per figure category with the report's figures and attribution.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    incidents_df : DataFrame
        Incidents as :func:`analysis.views.incidents.incidents` returns them.

    Returns
    -------
    str
        HTML, every text escaped; a category whose reports disagree is headed with "≠".
    """
    if incidents_df.empty:
        return "<p>No incident is reported by two reports or more.</p>"
    reports = _get(frames, "reports").drop_duplicates("report_id")
    reports = reports.set_index(reports["report_id"].astype(str))
    names = (_get(frames, "actors").drop_duplicates("actor_id").set_index("actor_id")["name"]
             .astype(str).to_dict())
    events = _get(frames, "events").set_index("event_id", drop=False)
    figures = claims(frames, incidents_df)
    blocks = []
    for incident in incidents_df.itertuples(index=False):
        own = figures[figures["incident_id"] == incident.incident_id]
        categories = list(dict.fromkeys(own["category"].astype(str)))
        differ = {c for c in categories
                  if own.loc[own["category"] == c, "conflicting"].fillna(False).any()}
        ids = [i for i in str(incident.event_ids).split("; ") if i in events.index]
        head = ["report", "outlet", "published", "dates given",
                *[("≠ " if c in differ else "") + c for c in categories]]
        table = ("<table class=\"incident\"><thead><tr>"
                 + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
                 + "".join(_rows(incident, reports, events.loc[ids], own, categories))
                 + "</tbody></table>")
        blocks.append(f'<div class="incident-view">{_heading(incident, names)}{table}</div>')
    return "\n".join(blocks)
