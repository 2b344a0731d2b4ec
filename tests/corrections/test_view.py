"""Tests of analysis.corrections.view: the corrected view everywhere (frames, SQL, exports), and
corrections that survive re-runs."""
from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

import analysis
from analysis.corrections.ledger import append, corrections_path, new_correction
from analysis.corrections.view import load_frames, query
from tests.support import FIXTURES

TINY = FIXTURES / "tiny"
STRIKE_EVENT = "6c3db4c087971e85:3-13:ASSAULT:>"
STRIKE_TOLL = "6c3db4c087971e85:87-98"


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    analysis.extract([TINY / "a.txt", TINY / "b.md"], out, progress=False)
    return out


@pytest.fixture
def run(tmp_path, committed):
    out = tmp_path / "run"
    shutil.copytree(committed, out)
    append(out, [new_correction("events", STRIKE_EVENT, "event_type", "COERCE"),
                 new_correction("numbers", STRIKE_TOLL, "wrong", "true"),
                 new_correction("actors", "pentagon", "merge_into",
                                "united-states-armed-forces")])
    return out


def _event(frames, key):
    return frames["events"].set_index("key").loc[key]


def test_view_load_frames_is_corrected_and_raw_on_request(run):
    frames = analysis.load_frames(run)
    assert _event(frames, STRIKE_EVENT)["event_type"] == "COERCE"
    assert frames.corrections.rows == {"events": 1, "numbers": 1, "mentions": 1, "actors": 1}
    assert "pentagon" not in set(frames["actors"]["actor_id"])
    raw = load_frames(run, corrected=False)
    assert _event(raw, STRIKE_EVENT)["event_type"] == "ASSAULT"
    assert raw["events"]["corrected"].isna().all()


def test_view_sql_and_exports_see_the_corrected_rows(run, tmp_path):
    from analysis.cli import main

    got = query("SELECT event_type, corrected FROM events WHERE key = "
                f"'{STRIKE_EVENT}'", run)
    assert list(got.iloc[0]) == ["COERCE", "event_type; killed"]   # its toll was wrong
    assert query("SELECT count(*) AS n FROM numbers WHERE wrong", run)["n"][0] == 1
    assert query("SELECT count(*) AS n FROM actors WHERE actor_id = 'pentagon'",
                 run)["n"][0] == 0
    raw = query(f"SELECT event_type, key FROM events WHERE key = '{STRIKE_EVENT}'", run,
                corrected=False)
    assert list(raw.iloc[0]) == ["ASSAULT", STRIKE_EVENT]          # keys from SQL alone
    assert main(["export", str(run), "--to", str(tmp_path / "x.xlsx")]) == 0
    sheet = pd.read_excel(tmp_path / "x.xlsx", sheet_name="events")
    assert "COERCE" in set(sheet["event_type"]) and "corrected" in sheet.columns


def test_view_corrections_survive_a_run_that_adds_reports(run):
    analysis.extract([TINY], run, progress=False)                  # c.md is new
    frames = analysis.load_frames(run)
    assert len(frames["reports"]) == 3
    assert _event(frames, STRIKE_EVENT)["event_type"] == "COERCE"
    assert not frames.corrections.orphans and len(frames.corrections.applied) == 3


def test_view_corrections_survive_a_new_extractor_version(run, tmp_path):
    triggers = tmp_path / "triggers.csv"
    triggers.write_text("phrase,pos,event_type,mode,weak,object,symmetric,effect,senses\n"
                        "parley,VERB,CONSULT,,,,yes,,\n", encoding="utf-8")
    summary = analysis.extract([TINY / "a.txt", TINY / "b.md"], run, progress=False,
                               triggers=str(triggers))
    assert summary.n_processed == 2                               # everything re-extracted
    frames = analysis.load_frames(run)
    assert _event(frames, STRIKE_EVENT)["event_type"] == "COERCE"
    assert bool(frames["numbers"].set_index("key").loc[STRIKE_TOLL, "wrong"])


def test_view_a_correction_whose_row_vanished_is_orphaned(run):
    append(run, [new_correction("events", "6c3db4c087971e85:3-13:PROTEST:>", "wrong", "true")])
    frames = analysis.load_frames(run)
    assert len(frames.corrections.orphans) == 1 and "orphaned" in frames.corrections.line()


def test_view_two_analysts_appended_files_merge_in_git(tmp_path, committed):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(committed, repo / "run")

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@x", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    append(repo / "run", [new_correction("actors", "houthis", "kind", "militia")])
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "amina")
    append(repo / "run", [new_correction("events", STRIKE_EVENT, "event_type", "COERCE",
                                         by="amina")])
    git("commit", "-qam", "amina")
    git("checkout", "-q", "main")
    append(repo / "run", [new_correction("numbers", STRIKE_TOLL, "wrong", "true", by="omar")])
    git("commit", "-qam", "omar")
    git("merge", "-q", "--no-edit", "amina")                     # no conflict: union merge
    frames = analysis.load_frames(repo / "run")
    assert {c.who for c in frames.corrections.applied} >= {"amina", "omar"}
    assert len(frames.corrections.applied) == 3 and not frames.corrections.orphans
    assert corrections_path(repo / "run").read_text().count("\n") == 4
