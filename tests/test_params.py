"""Parameter checks for notebooks and the CLI: good values pass, bad ones name the parameter."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis import params
from analysis.errors import ParameterError, WorkbookError
from conftest import ROOT, notebook_code_cells


def test_params_project_root_holds_the_package():
    assert params.project_root() == ROOT
    assert (params.project_root() / "analysis" / "params.py").is_file()


def test_params_error_is_a_value_error_with_id_and_name():
    with pytest.raises(ParameterError) as err:
        params.check_int("many", "processes")
    assert isinstance(err.value, ValueError) and isinstance(err.value, WorkbookError)
    assert err.value.code == "E020"
    assert str(err.value).startswith("[E020] parameter 'processes': 'many'")
    assert "\n" not in str(err.value)


# resolve_path ---------------------------------------------------------------------------------

def test_params_resolve_path_prefers_the_cwd(tmp_path, monkeypatch):
    (tmp_path / "analysis").mkdir()  # shadows the project's analysis/ from this cwd
    monkeypatch.chdir(tmp_path)
    assert params.resolve_path("analysis", "folder") == tmp_path / "analysis"


def test_params_resolve_path_falls_back_to_the_project_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert params.resolve_path("analysis", "folder") == ROOT / "analysis"
    assert params.resolve_path("analysis/params.py", "f", kind="file") == \
        ROOT / "analysis" / "params.py"


def test_params_resolve_path_from_notebooks_folder(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")  # where JupyterLab starts a notebook's kernel
    assert params.resolve_path("tests/fixtures", "frames_dir") == ROOT / "tests" / "fixtures"


def test_params_resolve_path_absolute(tmp_path):
    target = tmp_path / "reports"
    target.mkdir()
    assert params.resolve_path(str(target), "reports_dir") == target
    assert params.resolve_path(target, "reports_dir", kind="any") == target


def test_params_resolve_path_missing_names_the_parameter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParameterError, match=r"parameter 'reports_dir': 'no/such/folder'") as err:
        params.resolve_path("no/such/folder", "reports_dir")
    assert "tried" in str(err.value) and str(ROOT) in str(err.value)


@pytest.mark.parametrize("value, kind", [
    ("analysis/params.py", "dir"),
    ("analysis", "file"),
])
def test_params_resolve_path_wrong_kind(value, kind):
    with pytest.raises(ParameterError, match="is not one"):
        params.resolve_path(value, "p", kind=kind)


def test_params_resolve_path_new_folder_is_anchored_at_the_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = params.resolve_path("data/frames/not-yet", "frames_dir", must_exist=False)
    assert path == ROOT / "data" / "frames" / "not-yet"
    assert not path.exists()


def test_params_resolve_path_new_path_existing_as_a_file_is_refused(tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ParameterError):
        params.resolve_path(tmp_path / "taken", "frames_dir", must_exist=False, kind="dir")


@pytest.mark.parametrize("value", [None, "", "   ", 3, True])
def test_params_resolve_path_refuses_non_paths(value):
    with pytest.raises(ParameterError, match="expected a path"):
        params.resolve_path(value, "reports_dir")


def test_params_resolve_path_unknown_kind():
    with pytest.raises(ParameterError, match="kind"):
        params.resolve_path("analysis", "p", kind="folder")


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
def test_params_check_date_accepts(value, expected):
    result = params.check_date(value, "published")
    assert result == expected
    if result is not None:
        assert isinstance(result, pd.Timestamp) and result.tzinfo is None


@pytest.mark.parametrize("value", [
    "03/01/2024", "yesterday", "now", "2024-02-30", "2024-13-01", 20240301, 1.5, True,
    pd.NaT, ["2024-03-01"],
])
def test_params_check_date_refuses(value):
    with pytest.raises(ParameterError, match="parameter 'published'.*YYYY-MM-DD"):
        params.check_date(value, "published")


def test_params_check_date_required():
    with pytest.raises(ParameterError, match="expected a date YYYY-MM-DD\\)"):
        params.check_date(None, "since", optional=False)


# check_choice, check_int, check_bool -----------------------------------------------------------

def test_params_check_choice():
    assert params.check_choice("W", "freq", ["D", "W"]) == "W"
    assert params.check_choice(None, "engine", [None, "local"]) is None
    with pytest.raises(ParameterError, match="one of 'D', 'W'"):
        params.check_choice("d", "freq", ["D", "W"])
    with pytest.raises(ParameterError):
        params.check_choice(["D"], "freq", ["D", "W"])


@pytest.mark.parametrize("value, expected", [(3, 3), ("4", 4), (" 5 ", 5), (np.int64(6), 6)])
def test_params_check_int_accepts(value, expected):
    result = params.check_int(value, "processes", minimum=1)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value", [True, False, 1.5, 2.0, "two", "", None, 0, -1])
def test_params_check_int_refuses(value):
    with pytest.raises(ParameterError, match="parameter 'processes'"):
        params.check_int(value, "processes", minimum=1)


def test_params_check_int_without_minimum():
    assert params.check_int(-3, "offset") == -3


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), (np.bool_(True), True), (1, True), (0, False),
    ("true", True), ("False", False), ("yes", True), ("no", False), ("0", False),
])
def test_params_check_bool_accepts(value, expected):
    assert params.check_bool(value, "interactive") is expected


@pytest.mark.parametrize("value", [None, "", "maybe", 2, 0.0, []])
def test_params_check_bool_refuses(value):
    with pytest.raises(ParameterError, match="expected True or False"):
        params.check_bool(value, "interactive")


# notebooks ------------------------------------------------------------------------------------

NOTEBOOK_CASES = [  # notebook, parameter, wrong value, what the message says
    ("01-ingest", "reports_dir", "no/such/folder", "an existing path"),
    ("01-ingest", "reports_dir", 42, "expected a path"),
    ("01-ingest", "frames_dir", "analysis/params.py", "a folder"),
    ("01-ingest", "published", "2025-02-30", "a date YYYY-MM-DD"),
    ("01-ingest", "published", 20250301, "a date YYYY-MM-DD"),
    ("01-ingest", "processes", "two", "an integer >= 1"),
    ("01-ingest", "processes", 1.5, "an integer >= 1"),
    ("01-ingest", "model", "", "a non-empty text or None"),
    ("01-ingest", "gazetteer", "no-such.csv", "an existing file"),
    ("01-ingest", "triggers", "no-such.csv", "an existing file"),
    ("01-ingest", "engine", "spark", "one of 'local', 'dask'"),
    ("02-explore", "frames_dir", "data/frames/no-such-run", "an existing folder"),
    ("02-explore", "interactive", "maybe", "True or False"),
    ("03-briefing", "title", 3, "a non-empty text"),
    ("03-briefing", "top_n", 0, "an integer >= 1"),
    ("03-briefing", "top_n", "ten", "an integer >= 1"),
]


@pytest.mark.parametrize("stem, name, value, expected", NOTEBOOK_CASES)
def test_params_check_notebook_names_the_wrong_parameter(stem, name, value, expected):
    with pytest.raises(ParameterError) as err:
        params.check_notebook(stem, {name: value})
    message = str(err.value)
    assert message.startswith(f"[E020] parameter '{name}': {value!r}") and expected in message
    assert "\n" not in message


def test_params_check_notebook_converts_and_passes_the_rest(tmp_path):
    checked = params.check_notebook("01-ingest", {
        "reports_dir": "tests/fixtures/tiny", "frames_dir": str(tmp_path / "new"),
        "published": "2025-03-15", "processes": "2", "model": None, "gazetteer": None,
        "engine": "local", "unrelated": object()})
    assert checked == {"reports_dir": ROOT / "tests" / "fixtures" / "tiny",
                       "frames_dir": tmp_path / "new", "published": pd.Timestamp("2025-03-15"),
                       "model": None, "processes": 2, "gazetteer": None, "engine": "local"}
    assert params.check_notebook("some-other-notebook", {"x": 1}) == {}


def test_params_check_notebook_frames_written_later_need_not_exist():
    params.check_notebook("03-briefing", {"frames_dir": "data/frames/no-such-run"}, later=True)


def _run_until_checked(stem: str, overrides: dict) -> dict:
    """Run a notebook's code cells in this process, as papermill would with ``overrides``
    injected, up to and including the cell that checks the parameters; return its namespace."""
    namespace: dict = {}
    for cell, code in notebook_code_cells(stem):
        exec(code, namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(overrides)
        if "check_notebook(" in cell.source:
            return namespace
    raise AssertionError(f"{stem} has no cell checking its parameters")


@pytest.fixture(scope="module")
def empty_run(tmp_path_factory):
    """A run folder holding every frame, empty: enough for 02 and 03 to load."""
    import analysis
    from analysis.frames import empty_frames

    folder = tmp_path_factory.mktemp("empty-run")
    analysis.write_frames(empty_frames(), folder)
    return folder


@pytest.mark.parametrize("stem, name, value, expected", NOTEBOOK_CASES)
def test_params_notebooks_check_their_own_parameters(empty_run, stem, name, value, expected):
    with pytest.raises(ParameterError, match=f"parameter '{name}'"):
        _run_until_checked(stem, {"frames_dir": str(empty_run), name: value})


def test_params_notebooks_defaults_pass_their_own_checks(empty_run):
    for stem in ("01-ingest", "02-explore", "03-briefing"):
        namespace = _run_until_checked(stem, {"frames_dir": str(empty_run)})
        assert namespace["frames_path"] == empty_run
