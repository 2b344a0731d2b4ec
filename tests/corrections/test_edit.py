"""Tests of analysis.corrections.edit and learn, and of the command line that drives them:
corrections made from Python and the shell, the summary, and merges fed back to the gazetteer."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import analysis
from analysis.corrections import edit, learn
from analysis.corrections.ledger import corrections_path, read_corrections
from analysis.errors import ParameterError
from tests.support import FIXTURES, ROOT

TINY = FIXTURES / "tiny"
STRIKE_EVENT = "6c3db4c087971e85:3-13:ASSAULT:>"
STRIKE_TOLL = "6c3db4c087971e85:87-98"


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([TINY], out, progress=False)
    return out


@pytest.fixture
def run(tmp_path, committed):
    shutil.copytree(committed, tmp_path / "run")
    return tmp_path / "run"


def test_edit_records_what_the_row_said(run):
    made = edit.correct(run, "events", STRIKE_EVENT, type="ACCUSE", source="houthis",
                        note="criticism", by="amina")
    assert [(c.column, c.old, c.new, c.who) for c in made] == [
        ("event_type", "ASSAULT", "ACCUSE", "amina"), ("source_id", "", "houthis", "amina")]
    assert edit.mark_wrong(run, STRIKE_TOLL)[0].old == "false"
    assert len(read_corrections(corrections_path(run))) == 3


@pytest.mark.parametrize("call, name", [
    (lambda run: edit.correct(run, "events", "r9:1-2:ASSAULT:>", event_type="ACCUSE"), "key"),
    (lambda run: edit.correct(run, "events", STRIKE_EVENT, event_type="SHOUT"), "event_type"),
    (lambda run: edit.correct(run, "events", STRIKE_EVENT, source="nobody"), "source_id"),
    (lambda run: edit.correct(run, "sentences", "x", text="y"), "frame"),
    (lambda run: edit.mark_wrong(run, "houthis"), "key"),
    (lambda run: edit.merge_actors(run, "pentagon", "nobody"), "merge_into"),
    (lambda run: edit.add_event(run, STRIKE_EVENT), "add-event"),           # already there
])
def test_edit_refuses_what_is_not_a_correction_of_this_run(run, call, name):
    with pytest.raises(ParameterError, match=rf"parameter '{name}'"):
        call(run)
    assert not corrections_path(run).exists()                    # nothing appended


def test_edit_summary_counts_corrections_by_trigger(run):
    edit.correct(run, "events", STRIKE_EVENT, event_type="COERCE")
    edit.mark_wrong(run, "6c3db4c087971e85:211-217:ASSAULT:united-states>")
    raw = analysis.load_frames(run, corrected=False)
    table = learn.by_trigger(raw, read_corrections(corrections_path(run)))
    assert table.to_dict("records") == [
        {"event_type": "ASSAULT", "trigger": "air strike", "correction": "event_type -> COERCE",
         "n": 1},
        {"event_type": "ASSAULT", "trigger": "attack", "correction": "wrong", "n": 1}]


def test_edit_merges_fed_back_to_the_gazetteer_resolve_next_time(run, tmp_path):
    edit.merge_actors(run, "pentagon", "united-states-armed-forces")
    frames = analysis.load_frames(run)
    rows = learn.gazetteer_rows(analysis.load_frames(run, corrected=False),
                                frames.corrections.applied)
    assert rows == [{"name": "United States Armed Forces", "kind": "military", "country": "USA",
                     "aliases": "Pentagon", "affiliation": ""}]
    gazetteer = tmp_path / "actors.csv"
    gazetteer.write_text("name,kind,country,aliases,affiliation\n"
                         "United States Armed Forces,military,USA,US military,\n",
                         encoding="utf-8")
    learn.to_gazetteer(gazetteer, rows)
    assert "US military|Pentagon" in gazetteer.read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    analysis.extract([TINY], fresh, progress=False, gazetteer=str(gazetteer))
    mentions = analysis.load_frames(fresh)["mentions"]
    assert set(mentions.loc[mentions["text"] == "Pentagon", "actor_id"]) == {
        "united-states-armed-forces"}                            # resolved by the extractor


def test_edit_from_the_command_line(run, tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT,
                              capture_output=True, text=True)

    proc = cli("correct", str(run), "--event", STRIKE_EVENT, "--set", "event_type=ACCUSE",
               "--note", "criticism", "--who", "omar")
    assert proc.returncode == 0 and "event_type: 'ASSAULT' -> 'ACCUSE'" in proc.stderr
    assert cli("correct", str(run), "--wrong", STRIKE_TOLL).returncode == 0
    assert cli("correct", str(run), "--merge-actors", "pentagon",
               "united-states-armed-forces").returncode == 0
    proc = cli("correct", str(run), "--event", STRIKE_EVENT, "--set", "event_type=SHOUT")
    assert proc.returncode == 2 and "parameter 'event_type'" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = cli("corrections", str(run))
    assert proc.returncode == 0 and "3 corrections by analysts applied" in proc.stderr
    assert proc.stdout.count("applied") == 3 and "omar" in proc.stdout
    proc = cli("corrections", str(run), "--summary")
    assert "event_type -> ACCUSE" in proc.stdout
    proc = cli("corrections", str(run), "--to-gazetteer", str(tmp_path / "g.csv"))
    assert proc.returncode == 0 and "Pentagon" in (tmp_path / "g.csv").read_text()
    corrections_path(run).write_text("when,who\n", encoding="utf-8")
    proc = cli("corrections", str(run))
    assert proc.returncode == 1 and "E071" in proc.stderr and "corrections.csv" in proc.stderr
