"""Tests of analysis.store.schema: the contract, validation, writing and reading back."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import WorkbookError
from analysis.store.runfolder import load_frames, write_frames
from analysis.store.schema import FRAME_NAMES, SCHEMAS, frame, validate, validate_links
from tests.support import small_frames

PROMISED = {
    "reports": "report_id path title source url published n_words text",
    "sentences": "report_id sent_id start end text",
    "actors": "actor_id name kind country aliases titles affiliation n_mentions n_reports "
              "first_seen last_seen",
    "mentions": "report_id sent_id start end text actor_id",
    "places": "place_id report_id sent_id start end text name feature country admin1 admin2 "
              "latitude longitude geonames_id geo_precision",
    "numbers": "number_id report_id sent_id start end text value low high qualifier unit "
               "category actor_id event_id",
    "events": "event_id report_id sent_id start end trigger event_type mode source_id target_id "
              "place place_country place_id latitude longitude admin1 geo_precision date "
              "date_text date_precision modality attribution killed wounded",
    "errors": "path reason",
}


@pytest.mark.parametrize("name", FRAME_NAMES)
def test_schema_have_every_promised_column(name):
    assert set(PROMISED[name].split()) <= set(SCHEMAS[name])


def test_schema_round_trip_parquet_and_csv(tmp_path):
    frames = small_frames()
    for fmt in ("parquet", "csv"):
        write_frames(frames, tmp_path / fmt, fmt=fmt)
        back = load_frames(tmp_path / fmt)
        for name in FRAME_NAMES:
            pd.testing.assert_frame_equal(back[name], frames[name], check_dtype=True)


@pytest.mark.parametrize("change, message", [
    (lambda f: f["numbers"].assign(low=pd.array([20.0], dtype="Float64")), "low <= value <= high"),
    (lambda f: f["numbers"].assign(actor_id=pd.array(["zz"], dtype="string")), "refers to ids"),
    (lambda f: f["numbers"].assign(start=pd.array([5], dtype="Int64")), "start <= end"),
])
def test_schema_invalid_rows_are_refused_and_nothing_is_written(tmp_path, change, message):
    frames = small_frames()
    frames["numbers"] = change(frames)
    with pytest.raises(WorkbookError, match=message):
        write_frames(frames, tmp_path)
    assert not list(tmp_path.iterdir())


def test_schema_unknown_category_value_is_missing_not_invented():
    df = frame("numbers", [{"qualifier": "roughly"}])
    assert df["qualifier"].isna().all()


def test_schema_validate_rejects_missing_key():
    df = frame("errors", [{"path": "a.txt", "reason": None}])
    with pytest.raises(WorkbookError, match="E011"):
        validate("errors", df)


def test_schema_write_keeps_previous_frames_when_a_write_fails(tmp_path, monkeypatch):
    frames = small_frames()
    write_frames(frames, tmp_path)
    before = load_frames(tmp_path)

    def boom(self, *a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(OSError):
        write_frames({**frames, "errors": frame("errors", [{"path": "x", "reason": "y"}])},
                     tmp_path)
    monkeypatch.undo()
    for name, df in load_frames(tmp_path).items():
        pd.testing.assert_frame_equal(df, before[name])
    assert not list(tmp_path.rglob("*.tmp"))


def test_schema_validate_links_checks_only_frames_present():
    frames = small_frames()
    validate_links({"numbers": frames["numbers"], "reports": frames["reports"]})
    with pytest.raises(WorkbookError, match="E012"):
        validate_links({"numbers": frames["numbers"], "actors": frame("actors")})


def test_schema_load_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(WorkbookError, match="no such run folder"):
        load_frames(tmp_path / "nope")
