"""Tests of analysis.render.parameters: each notebook's parameters checked, in the notebook too."""
from __future__ import annotations

import pytest

from analysis.errors import ParameterError
from analysis.render.parameters import check_notebook
from tests.support import ROOT, notebook_code_cells

NOTEBOOK_CASES = [  # notebook, parameter, wrong value, what the message says
    ("01-ingest", "reports_dir", "no/such/folder", "an existing path"),
    ("01-ingest", "reports_dir", 42, "expected a path"),
    ("01-ingest", "frames_dir", "analysis/checks.py", "a folder"),
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
def test_parameters_check_notebook_names_the_wrong_parameter(stem, name, value, expected):
    with pytest.raises(ParameterError) as err:
        check_notebook(stem, {name: value})
    message = str(err.value)
    assert message.startswith(f"[E020] parameter '{name}': {value!r}") and expected in message
    assert "\n" not in message


def test_parameters_check_notebook_converts_and_passes_the_rest(tmp_path):
    checked = check_notebook("01-ingest", {
        "reports_dir": "tests/fixtures/tiny", "frames_dir": str(tmp_path / "new"),
        "published": "2025-03-15", "processes": "2", "model": None, "gazetteer": None,
        "engine": "local", "unrelated": object()})
    assert checked == {"reports_dir": ROOT / "tests" / "fixtures" / "tiny",
                       "frames_dir": tmp_path / "new", "published": "2025-03-15",
                       "model": None, "processes": 2, "gazetteer": None, "engine": "local"}
    assert check_notebook("some-other-notebook", {"x": 1}) == {}


def test_parameters_check_notebook_frames_written_later_need_not_exist():
    check_notebook("03-briefing", {"frames_dir": "data/frames/no-such-run"}, later=True)


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
    from analysis.store.schema import empty_frames

    folder = tmp_path_factory.mktemp("empty-run")
    analysis.write_frames(empty_frames(), folder)
    return folder


@pytest.mark.parametrize("stem, name, value, expected", NOTEBOOK_CASES)
def test_parameters_notebooks_check_their_own_parameters(empty_run, stem, name, value, expected):
    with pytest.raises(ParameterError, match=f"parameter '{name}'"):
        _run_until_checked(stem, {"frames_dir": str(empty_run), name: value})


def test_parameters_notebooks_defaults_pass_their_own_checks(empty_run):
    for stem in ("01-ingest", "02-explore", "03-briefing"):
        namespace = _run_until_checked(stem, {"frames_dir": str(empty_run)})
        assert namespace["frames_path"] == empty_run
