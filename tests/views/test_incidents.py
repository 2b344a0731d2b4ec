"""Incidents across reports: grouping, keeping apart, and the conflicting claims of each report."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.store.runfolder import load_frames
from analysis.store.schema import empty_frames, frame
from analysis.views.incidents import CLAIM_COLUMNS, INCIDENT_COLUMNS, claims, incident_id, incidents
from tests.support import ROOT

ACTORS = [
    {"actor_id": "rsf", "name": "Rapid Support Forces", "kind": "armed_group", "country": "SDN"},
    {"actor_id": "saf", "name": "Sudanese Armed Forces", "kind": "military",
     "affiliation": "sudan"},
    {"actor_id": "sudan", "name": "Sudan", "kind": "state", "country": "SDN"},
    {"actor_id": "m23", "name": "M23", "kind": "armed_group", "country": "COD"},
    {"actor_id": "isr", "name": "Israel", "kind": "state", "country": "ISR"},
]


def _event(event_id, report_id, **kw):
    row = {"event_id": event_id, "report_id": report_id, "sent_id": 0, "start": 0, "end": 6,
           "trigger": "strike", "event_type": "ASSAULT", "modality": "asserted",
           "date": "2025-03-03", "place": "El Obeid", "place_country": "SDN"}
    return {**row, **kw}


def _frames(events, numbers=()):
    f = empty_frames()
    f["reports"] = frame("reports", [
        {"report_id": r, "title": f"Report {r}", "source": f"Outlet {r}", "published": day,
         "n_words": 10, "text": "..."}
        for r, day in [("r1", "2025-03-04"), ("r2", "2025-03-04"), ("r3", "2025-03-20")]])
    f["actors"] = frame("actors", [{"n_mentions": 1, "n_reports": 1, **a} for a in ACTORS])
    f["events"] = frame("events", events)
    f["numbers"] = frame("numbers", [
        {"number_id": f"n{i}", "sent_id": 0, "start": 10, "end": 20, "unit": "people", **n}
        for i, n in enumerate(numbers)])
    return f


EL_OBEID = [
    _event("e1", "r1", killed=40, attribution="the health ministry"),
    _event("e2", "r2", date=None, place="North Kordofan", source_id="rsf",
           attribution="local officials"),
]
FIGURES = [
    {"report_id": "r1", "text": "about 40", "value": 40, "low": 36, "high": 44,
     "qualifier": "approx", "category": "killed", "event_id": "e1"},
    {"report_id": "r2", "text": "at least 52", "value": 52, "low": 52, "high": 78,
     "qualifier": "at_least", "category": "killed", "event_id": "e2"},
    {"report_id": "r1", "text": "more than 60", "value": 60, "low": 60, "high": 90,
     "qualifier": "more_than", "category": "wounded", "event_id": "e1"},
]


def test_incidents_same_incident_across_two_reports():
    table = incidents(_frames(EL_OBEID))
    assert list(table.columns) == INCIDENT_COLUMNS
    assert len(table) == 1
    row = table.iloc[0]
    assert row["n_reports"] == 2 and row["report_ids"] == "r1; r2"
    assert row["event_ids"] == "e1; e2"
    assert row["date"] == pd.Timestamp("2025-03-03")      # the earliest
    assert (row["place"], row["place_country"], row["source_id"]) == ("El Obeid", "SDN", "rsf")
    assert row["incident_id"] == incident_id(["e2", "e1"])


@pytest.mark.parametrize("date, precision, joined", [
    ("2025-03-03", 1, True),        # the day of the other report's event
    ("2025-03-03", 2, True),        # "early this week": still a date to match
    ("2025-03-01", 3, False),       # "this month": not a day, no incident by date
])
def test_incidents_date_known_only_to_the_month_dates_no_incident(date, precision, joined):
    events = [EL_OBEID[0], _event("e2", "r2", date=date, date_precision=precision)]
    table = incidents(_frames(events), min_reports=2)
    assert (len(table) == 1) is joined


def test_incidents_claims_conflicting_figures_side_by_side():
    f = _frames(EL_OBEID, FIGURES)
    out = claims(f, incidents(f))
    assert list(out.columns) == CLAIM_COLUMNS
    killed = out[out["category"] == "killed"]
    assert killed["text"].tolist() == ["about 40", "at least 52"]     # never averaged
    assert killed["conflicting"].all()
    assert killed["attribution"].tolist() == ["the health ministry", "local officials"]
    assert killed["report_source"].tolist() == ["Outlet r1", "Outlet r2"]
    wounded = out[out["category"] == "wounded"]
    assert wounded["text"].tolist() == ["more than 60"] and not wounded["conflicting"].any()


@pytest.mark.parametrize("figures, conflicting", [
    ([(40, 36, 44), (40, 36, 44)], False),      # the same figure
    ([(40, 36, 44), (52, 52, 78)], True),       # different values
    ([(32.5, 30, 35), (30, 30, 45)], True),     # different values, overlapping ranges
])
def test_incidents_claims_conflicting_flag(figures, conflicting):
    numbers = [{"report_id": r, "text": str(v), "value": v, "low": lo, "high": hi,
                "qualifier": "approx", "category": "killed", "event_id": e}
               for (v, lo, hi), r, e in zip(figures, ["r1", "r2"], ["e1", "e2"])]
    events = [{**e, "killed": None} for e in EL_OBEID]
    f = _frames(events, numbers)
    assert claims(f, incidents(f))["conflicting"].tolist() == [conflicting] * 2


def test_incidents_claims_event_counts_without_a_number():
    f = _frames(EL_OBEID)
    out = claims(f, incidents(f))
    assert out[["report_id", "category", "value", "event_id"]].values.tolist() == [
        ["r1", "killed", 40.0, "e1"]]
    assert out["text"].isna().all() and not out["conflicting"].any()


def test_incidents_repeated_figure_listed_once():
    numbers = [{**FIGURES[0], "start": s, "end": s + 8} for s in (10, 60)]
    f = _frames(EL_OBEID, numbers)
    assert len(claims(f, incidents(f))) == 1


@pytest.mark.parametrize("change", [
    {"place": "Kharkiv", "place_country": "UKR"},               # another country
    {"place": "Bara", "place_country": None},                   # another place, country unknown
    {"date": "2025-03-20"},                                     # days apart
    {"event_type": "PROTEST"},                                  # another type
    {"modality": "possible"},                                   # only possible
    {"source_id": "m23"},                                       # actors of another country
    {"source_id": None, "target_id": "rsf"},                    # "RSF struck" vs "struck RSF"
])
def test_incidents_different_incidents_kept_apart(change):
    events = [_event("e1", "r1", source_id="rsf"), _event("e2", "r2", **change)]
    table = incidents(_frames(events))
    assert len(table) == 2 and (table["n_reports"] == 1).all()


def test_incidents_kept_apart_without_a_shared_clue():
    events = [_event("e1", "r1", place=None, place_country=None),
              _event("e2", "r2", place=None, place_country=None)]
    assert len(incidents(_frames(events))) == 2


@pytest.mark.parametrize("first, second", [
    ({"source_id": "rsf"}, {"source_id": "rsf", "place": None, "place_country": None}),
    ({"source_id": "saf"}, {"source_id": "sudan"}),             # same country via affiliation
    ({"source_id": "m23", "target_id": "saf"}, {"source_id": "saf", "target_id": "m23"}),
    ({"date": None}, {"date": "2025-03-05"}),                   # report date, 1 day apart
])
def test_incidents_compatible_events_grouped(first, second):
    events = [_event("e1", "r1", **first), _event("e2", "r2", **second)]
    table = incidents(_frames(events))
    assert table["n_reports"].tolist() == [2]


def test_incidents_vague_event_does_not_chain_two_incidents():
    events = [_event("e1", "r1", source_id="rsf"),
              _event("e2", "r2", source_id="rsf", place=None, place_country=None),
              _event("e3", "r3", source_id="rsf", place="Kharkiv", place_country="UKR",
                     date="2025-03-04")]
    table = incidents(_frames(events))
    assert sorted(table["n_reports"].tolist()) == [1, 2]
    assert "e1; e2" in table["event_ids"].tolist() or "e2; e3" in table["event_ids"].tolist()


def test_incidents_one_report_incidents():
    events = [_event("e1", "r1"), _event("e2", "r1", trigger="shelling")]
    table = incidents(_frames(events))
    assert table["n_reports"].tolist() == [1, 1]
    assert incidents(_frames(events), min_reports=2).empty


def test_incidents_ids_are_stable():
    one = incidents(_frames(EL_OBEID))
    two = incidents(_frames(list(reversed(EL_OBEID))))
    pd.testing.assert_frame_equal(one, two)


def test_incidents_empty_frames():
    table = incidents(empty_frames())
    assert table.empty and list(table.columns) == INCIDENT_COLUMNS
    out = claims(empty_frames(), table)
    assert out.empty and list(out.columns) == CLAIM_COLUMNS
    assert incidents({}).empty


@pytest.mark.slow
def test_incidents_sample_groups_el_obeid(tmp_path):
    from analysis import extract

    extract([ROOT / "data" / "reports"], tmp_path, progress=False)
    frames = load_frames(tmp_path)
    table = incidents(frames, min_reports=2)
    titles = frames["reports"].set_index("report_id")["title"]
    el_obeid = table[(table["event_type"] == "ASSAULT") & (table["place"] == "El Obeid")]
    assert len(el_obeid) == 1
    reports = el_obeid.iloc[0]["report_ids"].split("; ")
    assert len(reports) >= 2
    assert all("El Obeid" in titles[r] or "drone strike" in titles[r] for r in reports)
    killed = claims(frames, el_obeid)
    killed = killed[killed["category"] == "killed"]
    assert {"about 40", "At least 52"} <= set(killed["text"]) and killed["conflicting"].all()


def test_incidents_a_plan_and_its_doing_are_one_incident():
    # "agreed to release the detainees in the coming days" and "were flown home on Monday"
    events = [_event("e1", "r1", source_id="rsf", modality="planned"),
              _event("e2", "r2", source_id="rsf")]
    table = incidents(_frames(events))
    assert len(table) == 1 and table["n_reports"].iloc[0] == 2


def test_incidents_a_plan_for_a_month_is_dated_by_its_report():
    # "plans to send 500 troops in April" (10 March) and "could send up to 700" (11 March)
    events = [_event("e1", "r1", source_id="rsf", modality="planned", date="2025-04-01",
                     date_precision=3),
              _event("e2", "r2", source_id="rsf", modality="possible", date=None)]
    table = incidents(_frames(events))
    assert len(table) == 1 and table["n_reports"].iloc[0] == 2


def test_incidents_claims_take_the_toll_of_a_bare_event_of_the_report():
    # "Roughly 90 others were wounded" names no actor and no place: the strike's toll
    events = [*EL_OBEID, _event("e3", "r2", sent_id=2, date=None, place=None,
                                place_country=None, trigger="wounded")]
    numbers = [*FIGURES, {"report_id": "r2", "sent_id": 2, "text": "Roughly 90", "value": 90,
                          "low": 81, "high": 99, "qualifier": "approx", "category": "wounded",
                          "event_id": "e3"}]
    f = _frames(events, numbers)
    table = incidents(f, min_reports=2)
    wounded = claims(f, table).query("category == 'wounded'")
    assert wounded["text"].tolist() == ["more than 60", "Roughly 90"]
    assert wounded["conflicting"].all()
