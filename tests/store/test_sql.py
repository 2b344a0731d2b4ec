"""Tests of analysis.store.sql: DuckDB views over the partitions of a run folder."""
from __future__ import annotations

import pytest

import analysis
from analysis.errors import WorkbookError
from analysis.store.runfolder import load_frames
from analysis.store.schema import FRAME_NAMES
from analysis.store.sql import query
from tests.support import FIXTURES

TINY = FIXTURES / "tiny"


@pytest.fixture(scope="module")
def run_folders(tmp_path_factory):
    out = tmp_path_factory.mktemp("sql")
    analysis.extract([TINY], out / "parquet", progress=False, batch_size=2)
    analysis.extract([TINY], out / "csv", progress=False, batch_size=2, fmt="csv")
    return out


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_sql_tables_are_the_frames(run_folders, fmt):
    frames = load_frames(run_folders / fmt)
    for name in FRAME_NAMES:
        got = query(f"SELECT count(*) AS n FROM {name}", run_folders / fmt)
        assert got["n"][0] == len(frames[name]), name
    got = query("SELECT sum(value) AS total, max(published) AS last FROM numbers "
                "JOIN reports USING (report_id)", run_folders / fmt)
    assert got["total"][0] == pytest.approx(frames["numbers"]["value"].sum())
    assert got["last"][0] == frames["reports"]["published"].max()


def test_sql_joins_events_to_their_actors(run_folders):
    got = query("""SELECT e.event_id, a.name FROM events e
                   JOIN actors a ON a.actor_id = e.source_id ORDER BY e.event_id""",
                run_folders / "parquet")
    frames = load_frames(run_folders / "parquet")
    names = dict(zip(frames["actors"]["actor_id"], frames["actors"]["name"]))
    events = frames["events"].dropna(subset=["source_id"]).sort_values("event_id")
    assert list(got["name"]) == [names[s] for s in events["source_id"]]


def test_sql_bad_query_is_a_one_line_error(run_folders):
    with pytest.raises(WorkbookError, match=r"E063.*nope") as err:
        query("SELECT nope FROM events", run_folders / "parquet")
    assert "\n" not in str(err.value)
    with pytest.raises(WorkbookError, match="no such run folder"):
        query("SELECT 1", run_folders / "missing")
