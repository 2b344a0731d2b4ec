"""Tests of analysis.checks: good values pass, bad ones name the parameter."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis import checks
from analysis.errors import ParameterError, WorkbookError
from tests.support import ROOT


def test_checks_project_root_holds_the_package():
    assert checks.project_root() == ROOT
    assert (checks.project_root() / "analysis" / "checks.py").is_file()


def test_checks_error_is_a_value_error_with_id_and_name():
    with pytest.raises(ParameterError) as err:
        checks.check_int("many", "processes")
    assert isinstance(err.value, ValueError) and isinstance(err.value, WorkbookError)
    assert err.value.code == "E020"
    assert str(err.value).startswith("[E020] parameter 'processes': 'many'")
    assert "\n" not in str(err.value)


# resolve_path ---------------------------------------------------------------------------------

def test_checks_resolve_path_prefers_the_cwd(tmp_path, monkeypatch):
    (tmp_path / "analysis").mkdir()  # shadows the project's analysis/ from this cwd
    monkeypatch.chdir(tmp_path)
    assert checks.resolve_path("analysis", "folder") == tmp_path / "analysis"


def test_checks_resolve_path_falls_back_to_the_project_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert checks.resolve_path("analysis", "folder") == ROOT / "analysis"
    assert checks.resolve_path("analysis/checks.py", "f", kind="file") == \
        ROOT / "analysis" / "checks.py"


def test_checks_resolve_path_from_notebooks_folder(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")  # where JupyterLab starts a notebook's kernel
    assert checks.resolve_path("tests/fixtures", "frames_dir") == ROOT / "tests" / "fixtures"


def test_checks_resolve_path_absolute(tmp_path):
    target = tmp_path / "reports"
    target.mkdir()
    assert checks.resolve_path(str(target), "reports_dir") == target
    assert checks.resolve_path(target, "reports_dir", kind="any") == target


def test_checks_resolve_path_missing_names_the_parameter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParameterError, match=r"parameter 'reports_dir': 'no/such/folder'") as err:
        checks.resolve_path("no/such/folder", "reports_dir")
    assert "tried" in str(err.value) and str(ROOT) in str(err.value)


@pytest.mark.parametrize("value, kind", [
    ("analysis/checks.py", "dir"),
    ("analysis", "file"),
])
def test_checks_resolve_path_wrong_kind(value, kind):
    with pytest.raises(ParameterError, match="is not one"):
        checks.resolve_path(value, "p", kind=kind)


def test_checks_resolve_path_new_folder_is_anchored_at_the_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = checks.resolve_path("data/frames/not-yet", "frames_dir", must_exist=False)
    assert path == ROOT / "data" / "frames" / "not-yet"
    assert not path.exists()


def test_checks_resolve_path_new_path_existing_as_a_file_is_refused(tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ParameterError):
        checks.resolve_path(tmp_path / "taken", "frames_dir", must_exist=False, kind="dir")


@pytest.mark.parametrize("value", [None, "", "   ", 3, True])
def test_checks_resolve_path_refuses_non_paths(value):
    with pytest.raises(ParameterError, match="expected a path"):
        checks.resolve_path(value, "reports_dir")


def test_checks_resolve_path_unknown_kind():
    with pytest.raises(ParameterError, match="kind"):
        checks.resolve_path("analysis", "p", kind="folder")


# check_date ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024-03-01", pd.Timestamp("2024-03-01")),
    (" 2024-03-01 ", pd.Timestamp("2024-03-01")),
    ("2024-03-01T08:30", pd.Timestamp("2024-03-01 08:30")),
    ("2024-03-01 08:30:00", pd.Timestamp("2024-03-01 08:30")),
    ("2024-03-01T08:30+02:00", pd.Timestamp("2024-03-01 06:30")),
    (dt.date(2024, 3, 1), pd.Timestamp("2024-03-01")),
    (dt.datetime(2024, 3, 1, 9), pd.Timestamp("2024-03-01 09:00")),
    (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-01")),
    (np.datetime64("2024-03-01"), pd.Timestamp("2024-03-01")),
    (None, None),
    ("", None),
])
def test_checks_check_date_accepts(value, expected):
    result = checks.check_date(value, "published")
    assert result == expected
    if result is not None:
        assert isinstance(result, pd.Timestamp) and result.tzinfo is None


@pytest.mark.parametrize("value", [
    "03/01/2024", "yesterday", "now", "2024-02-30", "2024-13-01", 20240301, 1.5, True,
    pd.NaT, ["2024-03-01"],
])
def test_checks_check_date_refuses(value):
    with pytest.raises(ParameterError, match="parameter 'published'.*YYYY-MM-DD"):
        checks.check_date(value, "published")


def test_checks_check_date_required():
    with pytest.raises(ParameterError, match="expected a date YYYY-MM-DD\\)"):
        checks.check_date(None, "since", optional=False)


# check_choice, check_int, check_bool -----------------------------------------------------------

def test_checks_check_choice():
    assert checks.check_choice("W", "freq", ["D", "W"]) == "W"
    assert checks.check_choice(None, "engine", [None, "local"]) is None
    with pytest.raises(ParameterError, match="one of 'D', 'W'"):
        checks.check_choice("d", "freq", ["D", "W"])
    with pytest.raises(ParameterError):
        checks.check_choice(["D"], "freq", ["D", "W"])


@pytest.mark.parametrize("value, expected", [(3, 3), ("4", 4), (" 5 ", 5), (np.int64(6), 6)])
def test_checks_check_int_accepts(value, expected):
    result = checks.check_int(value, "processes", minimum=1)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value", [True, False, 1.5, 2.0, "two", "", None, 0, -1])
def test_checks_check_int_refuses(value):
    with pytest.raises(ParameterError, match="parameter 'processes'"):
        checks.check_int(value, "processes", minimum=1)


def test_checks_check_int_without_minimum():
    assert checks.check_int(-3, "offset") == -3


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), (np.bool_(True), True), (1, True), (0, False),
    ("true", True), ("False", False), ("yes", True), ("no", False), ("0", False),
])
def test_checks_check_bool_accepts(value, expected):
    assert checks.check_bool(value, "interactive") is expected


@pytest.mark.parametrize("value", [None, "", "maybe", 2, 0.0, []])
def test_checks_check_bool_refuses(value):
    with pytest.raises(ParameterError, match="expected True or False"):
        checks.check_bool(value, "interactive")


# notebooks ------------------------------------------------------------------------------------
