"""Tests of analysis.corrections.apply: every kind of correction, found by its row's key."""
from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.corrections.apply import apply_corrections
from analysis.corrections.ledger import Correction
from analysis.store.runfolder import load_frames as raw_frames
from tests.support import FIXTURES

TINY = FIXTURES / "tiny"
STRIKE = "6c3db4c087971e85"       # the air strike on Hodeidah: 12 killed, about 30 wounded
KENYA = "7549926f50a61ff3"        # Kenya plans to send 200 troops to Haiti


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([TINY], out, progress=False)
    return raw_frames(out)


def _fix(frame, key, column, new, when="2026-12-04T10:00:00+00:00", line=2):
    return Correction(when, "tester", frame, key, column, "", new, "", line=line)


def _key(raw, start, end):
    events = apply_corrections(raw, [])["events"]
    return events.loc[(events["report_id"] != "") & (events["start"] == start)
                      & (events["end"] == end), "key"].iloc[0]


def _row(frames, name, key):
    df = frames[name]
    rows = df[df["key"] == key] if "key" in df else df[df["actor_id"] == key]
    assert len(rows) == 1, key
    return rows.iloc[0]


@pytest.mark.parametrize("column, new, check", [
    ("event_type", "ACCUSE", lambda r: r["event_type"] == "ACCUSE"),
    ("modality", "possible", lambda r: r["modality"] == "possible"),
    ("mode", "air", lambda r: r["mode"] == "air"),
    ("source_id", "united-states", lambda r: r["source_id"] == "united-states"),
    ("target_id", "yemen", lambda r: r["target_id"] == "yemen"),
    ("place", "Hodeidah port", lambda r: r["place"] == "Hodeidah port"
     and pd.isna(r["latitude"])),
    ("date", "2025-03-04", lambda r: r["date"] == pd.Timestamp("2025-03-04")
     and r["date_precision"] == 1),
    ("wrong", "true", lambda r: bool(r["wrong"])),
])
def test_apply_sets_an_event_column(raw, column, new, check):
    key = f"{STRIKE}:3-13:ASSAULT:>"
    frames = apply_corrections(raw, [_fix("events", key, column, new)])
    row = _row(frames, "events", key)
    assert check(row) and row["corrected"] == column
    assert frames.corrections.rows["events"] == 1 and not frames.corrections.orphans
    assert frames["events"]["corrected"].notna().sum() == 1          # no other row touched


@pytest.mark.parametrize("column, new, check", [
    ("value", "14", lambda r: r["value"] == 14 and r["low"] == 12),   # a range keeps its ends
    ("range", "10-15", lambda r: (r["low"], r["high"]) == (10, 15)),
    ("qualifier", "approx", lambda r: r["qualifier"] == "approx"),
    ("category", "wounded", lambda r: r["category"] == "wounded"),
    ("wrong", "true", lambda r: bool(r["wrong"])),
])
def test_apply_sets_a_number_column(raw, column, new, check):
    key = f"{STRIKE}:87-98"
    frames = apply_corrections(raw, [_fix("numbers", key, column, new)])
    row = _row(frames, "numbers", key)
    assert check(row) and column in row["corrected"]


def test_apply_a_wrong_toll_leaves_its_event_and_the_totals(raw):
    from analysis.views.totals import totals

    frames = apply_corrections(raw, [_fix("numbers", f"{STRIKE}:87-98", "wrong", "true")])
    event = _row(frames, "events", f"{STRIKE}:3-13:ASSAULT:>")
    assert pd.isna(event["killed"]) and event["wounded"] == 30 and "killed" in event["corrected"]
    before = totals(apply_corrections(raw, [])).set_index("category")["conservative"]
    after = totals(frames).set_index("category")["conservative"]
    assert (before["killed"], after["killed"]) == (12, 0) and after["wounded"] == 30
    assert len(frames["numbers"]) == len(raw["numbers"])       # kept, with its flag


def test_apply_later_correction_wins_whatever_its_line(raw):
    key = f"{STRIKE}:3-13:ASSAULT:>"
    late = _fix("events", key, "event_type", "COERCE", when="2026-12-05T09:00:00Z", line=2)
    early = _fix("events", key, "event_type", "ACCUSE", when="2026-12-04T09:00:00Z", line=3)
    assert _row(apply_corrections(raw, [late, early]), "events", key)["event_type"] == "COERCE"


@pytest.mark.parametrize("column, new, check", [
    ("name", "Ansar Allah", lambda r: r["name"] == "Ansar Allah"),
    ("kind", "militia", lambda r: r["kind"] == "militia"),
    ("country", "SAU", lambda r: r["country"] == "SAU"),
    ("affiliation", "yemen", lambda r: r["affiliation"] == "yemen"),
])
def test_apply_sets_an_actor_column(raw, column, new, check):
    frames = apply_corrections(raw, [_fix("actors", "houthis", column, new)])
    assert check(_row(frames, "actors", "houthis"))


def test_apply_merges_actors_everywhere(raw):
    frames = apply_corrections(raw, [_fix("actors", "pentagon", "merge_into",
                                          "united-states-armed-forces")])
    assert "pentagon" not in set(frames["actors"]["actor_id"])
    merged = _row(frames, "actors", "united-states-armed-forces")
    assert "Pentagon" in merged["aliases"] and merged["n_mentions"] == 2
    assert "pentagon" not in set(frames["mentions"]["actor_id"].dropna())
    moved = frames["mentions"][frames["mentions"]["text"] == "Pentagon"]
    assert set(moved["actor_id"]) == {"united-states-armed-forces"}
    assert set(moved["corrected"]) == {"actor_id"}
    later = _fix("actors", "pentagon", "kind", "organization", when="2026-12-06T00:00:00Z")
    assert apply_corrections(raw, [_fix("actors", "pentagon", "merge_into",
                                        "united-states-armed-forces"), later]
                             ).corrections.orphans[0][1].startswith("merged into another actor")


def test_apply_adds_a_missed_event(raw):
    key = f"{KENYA}:231-239:MOBILIZE:police-forces-of-kenya>haiti"
    frames = apply_corrections(raw, [_fix("events", key, "add", "asserted")])
    row = _row(frames, "events", key)
    assert row["trigger"] == "deployed" and row["sent_id"] == 1 and row["corrected"] == "add"
    assert row["source_id"] == "police-forces-of-kenya" and row["modality"] == "asserted"
    assert frames["events"]["event_id"].is_unique


@pytest.mark.parametrize("correction, why", [
    (_fix("events", f"{STRIKE}:3-14:ASSAULT:>", "event_type", "ACCUSE"), "no row with this key"),
    (_fix("numbers", f"{STRIKE}:1-2", "wrong", "true"), "no row with this key"),
    (_fix("actors", "nobody", "kind", "person"), "no actor with this id"),
    (_fix("events", f"{STRIKE}:3-13:ASSAULT:>", "source_id", "nobody"), "no actor with id"),
    (_fix("events", "nope:1-5:ASSAULT:>", "add", "asserted"), "no report with this id"),
    (_fix("events", f"{STRIKE}:3-99999:ASSAULT:>", "add", ""), "the span is outside"),
])
def test_apply_a_correction_without_its_row_is_orphaned(raw, correction, why):
    frames = apply_corrections(raw, [correction])
    assert [(c, w[:len(why)]) for c, w in frames.corrections.orphans] == [(correction, why)]
    assert frames.corrections.n_rows == 0
    assert "orphaned" in frames.corrections.line()
