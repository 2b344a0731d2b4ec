"""Headline totals: people counted once per incident, with ranges, never rows added up."""
from __future__ import annotations

import pytest

from analysis.store.schema import empty_frames, frame
from analysis.views.totals import TOTAL_COLUMNS, force_units, headline, incident_totals, totals

ACTORS = [{"actor_id": "rsf", "name": "Rapid Support Forces", "kind": "armed_group",
           "country": "SDN", "n_mentions": 1, "n_reports": 1}]


def _event(event_id, report_id, **kw):
    row = {"event_id": event_id, "report_id": report_id, "sent_id": 0, "start": 0, "end": 6,
           "trigger": "strike", "event_type": "ASSAULT", "modality": "asserted",
           "date": "2025-03-03", "place": "El Obeid", "place_country": "SDN",
           "source_id": "rsf"}
    return {**row, **kw}


def _figure(report_id, value, low, high, category="killed", event_id=None, unit="people",
            qualifier="approx", sent_id=0):
    return {"report_id": report_id, "text": str(value), "value": value, "low": low,
            "high": high, "qualifier": qualifier, "category": category, "unit": unit,
            "event_id": event_id, "sent_id": sent_id}


def _frames(events, numbers):
    f = empty_frames()
    f["reports"] = frame("reports", [
        {"report_id": r, "title": f"Report {r}", "source": f"Outlet {r}", "published": day,
         "n_words": 10, "text": "..."}
        for r, day in [("r1", "2025-03-04"), ("r2", "2025-03-04"), ("r3", "2025-03-05")]])
    f["actors"] = frame("actors", ACTORS)
    f["events"] = frame("events", events)
    f["numbers"] = frame("numbers", [{"number_id": f"n{i}", "start": 10, "end": 20, **n}
                                     for i, n in enumerate(numbers)])
    return f


def _row(table, category):
    return table.set_index("category").loc[category]


def test_totals_one_strike_in_three_reports_counts_once():
    events = [_event("e1", "r1"), _event("e2", "r2"), _event("e3", "r3")]
    numbers = [_figure("r1", 40, 36, 44, event_id="e1"),
               _figure("r2", 52, 52, 78, event_id="e2", qualifier="at_least"),
               _figure("r3", 36, 24, 99, event_id="e3", qualifier="vague")]   # "dozens"
    row = _row(totals(_frames(events, numbers)), "killed")
    # the lowest precise report, the range all allow; never 40 + 52 + 36
    assert (row["conservative"], row["low"], row["high"]) == (40, 24, 99)
    assert (row["n_incidents"], row["n_reports"], row["n_figures"]) == (1, 3, 3)


def test_totals_two_incidents_add_up():
    events = [_event("e1", "r1"), _event("e2", "r2", place="Kharkiv", place_country="UKR",
                                         source_id=None)]
    numbers = [_figure("r1", 40, 36, 44, event_id="e1"), _figure("r2", 9, 9, 9, event_id="e2",
                                                                  qualifier="exact")]
    row = _row(totals(_frames(events, numbers)), "killed")
    assert (row["conservative"], row["low"], row["high"], row["n_incidents"]) == (49, 45, 53, 2)


@pytest.mark.parametrize("numbers, expected", [
    # "at least 25 people, including 11 civilians": the people hold the civilians
    ([_figure("r1", 25, 25, 38, event_id="e1", qualifier="at_least"),
      _figure("r1", 11, 11, 11, event_id="e1", unit="civilian", qualifier="exact")], 25),
    # "14 soldiers and more than 30 militants were killed": different victims add up
    ([_figure("r1", 14, 14, 14, event_id="e1", unit="soldier", qualifier="exact"),
      _figure("r1", 30, 30, 45, event_id="e1", unit="militant", qualifier="more_than")], 44),
])
def test_totals_figures_of_one_report(numbers, expected):
    row = _row(totals(_frames([_event("e1", "r1")], numbers)), "killed")
    assert row["conservative"] == expected


def test_totals_a_bare_toll_joins_its_reports_incident():
    # "Dozens were killed in the attack" names no actor and no place: it is the strike's toll
    events = [_event("e1", "r1"), _event("e2", "r2"),
              _event("e3", "r2", source_id=None, place=None, place_country=None, sent_id=3)]
    numbers = [_figure("r1", 40, 36, 44, event_id="e1"),
               _figure("r2", 36, 24, 99, event_id="e3", qualifier="vague", sent_id=3)]
    assert _row(totals(_frames(events, numbers)), "killed")["n_incidents"] == 1


def test_totals_deployments_count_forces_that_went():
    events = [_event("m1", "r1", event_type="MOBILIZE", trigger="deployed"),
              _event("m2", "r2", event_type="MOBILIZE", trigger="send", modality="planned",
                     place="Kharkiv", place_country="UKR")]
    numbers = [_figure("r1", 600, 600, 600, "deployed", "m1", unit="troop", qualifier="exact"),
               _figure("r1", 2, 2, 2, "deployed", "m1", unit="planeload", qualifier="exact"),
               _figure("r2", 500, 450, 550, "deployed", "m2", unit="troop")]
    row = _row(totals(_frames(events, numbers)), "deployed")
    assert (row["conservative"], row["n_figures"]) == (600, 1)   # not the planeloads, not a plan
    assert {"troop", "soldier", "personnel"} <= force_units()


def test_totals_columns_and_headline():
    f = _frames([_event("e1", "r1")], [_figure("r1", 40, 36, 44, event_id="e1")])
    assert list(totals(f).columns) == TOTAL_COLUMNS
    assert headline(f).startswith("killed 40 (36–44; 1 incident, 1 report)")
    empty = _frames([], [])
    assert incident_totals(empty).empty and (totals(empty)["conservative"] == 0).all()
