"""Tests of analysis.views.correction_panel: the explorer's correction controls write to the
run's corrections file, and the explorer redraws with the fix."""
from __future__ import annotations

import html
import shutil

import pytest

pytest.importorskip("ipywidgets")

import analysis  # noqa: E402
from analysis.corrections.ledger import corrections_path, read_corrections  # noqa: E402
from analysis.views import widgets  # noqa: E402
from tests.support import FIXTURES  # noqa: E402

STRIKE_EVENT = "6c3db4c087971e85:3-13:ASSAULT:>"


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([FIXTURES / "tiny"], out, progress=False)
    return out


@pytest.fixture
def explorer(tmp_path, committed):
    run = tmp_path / "run"
    shutil.copytree(committed, run)
    return widgets.explorer(analysis.load_frames(run), debounce=0, run_folder=run)


def test_correction_panel_offers_the_events_of_the_view(explorer):
    panel = explorer.panel
    assert len(panel.event.options) == len(explorer.current.table)
    explorer.controls["event_type"].value = ("ASSAULT",)
    assert {v.split(":")[2] for _, v in panel.event.options} == {"ASSAULT"}
    panel.event.value = STRIKE_EVENT
    assert "<mark>air strike</mark>" in panel.sentence.value
    assert html.escape(STRIKE_EVENT) in panel.sentence.value            # the key to copy


def test_correction_panel_mark_wrong_drops_the_event_from_the_view(explorer):
    panel, before = explorer.panel, len(explorer.current.table)
    panel.event.value = STRIKE_EVENT
    panel.note.value = "no strike"
    panel.buttons["wrong"].click()
    assert "recorded" in panel.status.value
    got = read_corrections(corrections_path(explorer.run_folder))
    assert [(c.key, c.column, c.new, c.note) for c in got] == [
        (STRIKE_EVENT, "wrong", "true", "no strike")]
    assert len(explorer.current.table) == before - 1           # redrawn without it
    assert STRIKE_EVENT not in {v for _, v in panel.event.options}


def test_correction_panel_changes_type_and_actors_and_merges(explorer):
    panel = explorer.panel
    panel.event.value = STRIKE_EVENT
    panel.event_type.value = "COERCE"
    panel.buttons["type"].click()
    panel.source.value = "united-states"
    panel.buttons["actors"].click()
    panel.merge_from.value, panel.merge_into.value = "pentagon", "united-states-armed-forces"
    panel.buttons["merge"].click()
    events = explorer.frames["events"].set_index("key")
    assert events.loc[STRIKE_EVENT, "event_type"] == "COERCE"
    assert events.loc[STRIKE_EVENT, "source_id"] == "united-states"
    assert "pentagon" not in set(explorer.frames["actors"]["actor_id"])
    table = explorer.current.table
    assert "COERCE" in set(table["event_type"])
    assert [c.column for c in read_corrections(corrections_path(explorer.run_folder))] == [
        "event_type", "source_id", "merge_into"]
    panel.buttons["actors"].click()                              # nothing changed: said so
    assert "already" in panel.status.value
    assert len(read_corrections(corrections_path(explorer.run_folder))) == 3


def test_explorer_without_a_run_folder_has_no_controls(committed):
    assert widgets.explorer(analysis.load_frames(committed), debounce=0).panel is None


def test_shown_frames_leave_out_wrong_rows_and_say_what_was_corrected(tmp_path, committed):
    from analysis.corrections import edit
    from analysis.views.shown import corrections_note, shown_frames

    run = tmp_path / "run"
    shutil.copytree(committed, run)
    assert corrections_note(analysis.load_frames(run)) == ""
    edit.mark_wrong(run, STRIKE_EVENT)
    frames = analysis.load_frames(run)
    shown = shown_frames(frames)
    assert len(shown["events"]) == len(frames["events"]) - 1
    assert not shown["events"]["wrong"].any()
    assert corrections_note(shown) == ('<p class="corrections">1 correction by analysts '
                                       'applied (rows corrected: events 1).</p>')
