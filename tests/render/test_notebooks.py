"""The render harness: parameter sets, fixture notebooks through papermill, HTML and the index."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from analysis.errors import ParameterError, WorkbookError
from analysis.render import notebooks as render
from tests.support import ROOT

NOTEBOOKS = ROOT / "tests" / "notebooks"
OK, BROKEN, NO_PARAMETERS = (NOTEBOOKS / f"{n}.ipynb" for n in ("ok", "broken", "no_parameters"))


def _params(tmp_path, name="t", text="all:\n  label: from-all\n"):
    folder = tmp_path / "params"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text)
    return folder


def assert_no_code(page: str) -> None:
    """Assert that an exported page shows no code cell input and no prompt."""
    soup = BeautifulSoup(page, "html.parser")
    body = soup.body
    assert body is not None
    for cell in body.select(".jp-CodeCell"):
        assert not cell.select(".jp-InputArea, .jp-InputPrompt, .highlight, pre.hl-ipython3")
    assert not body.select(".jp-InputPrompt, .jp-OutputPrompt")
    assert "In&nbsp;[" not in str(body) and "Out[" not in body.get_text()


# parameter sets --------------------------------------------------------------------------------

def test_render_load_param_set(tmp_path):
    folder = _params(tmp_path, text="all:\n  frames_dir: x\nok:\n  label: hi\nno_parameters:\n")
    assert render.load_param_set("t", params_dir=folder) == {
        "all": {"frames_dir": "x"}, "ok": {"label": "hi"}, "no_parameters": {}}


@pytest.mark.parametrize("name, text, message", [
    ("missing", None, "a parameter set in .* \\(t\\)"),
    ("../t", None, "a parameter set name"),
    ("t", "ok: [1, 2]\n", "a mapping of notebook name to parameters"),
    ("t", "- ok\n", "a mapping of notebook name to parameters"),
    ("t", "ok: {label: [unclosed\n", "valid YAML"),
])
def test_render_load_param_set_errors(tmp_path, name, text, message):
    folder = _params(tmp_path, text=text or "{}\n")
    with pytest.raises(ParameterError, match=message) as err:
        render.load_param_set(name, params_dir=folder)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("param_set", ["sample", "daily"])
def test_render_bundled_param_sets_fit_the_notebooks(param_set):
    sets = render.load_param_set(param_set)
    notebooks = render.find_notebooks()
    assert set(sets) - {"all"} <= {p.stem for p in notebooks}
    for path in notebooks:
        parameters = render.notebook_parameters(path, sets)  # no unknown name
        if path.stem == "02-explore" or path.stem == "03-briefing":
            assert parameters["interactive"] is False
    assert sets["03-briefing"]["title"]


def test_render_sample_set_is_the_notebook_defaults():
    sets = render.load_param_set("sample")
    briefing = render.notebook_parameters(ROOT / "notebooks" / "03-briefing.ipynb", sets)
    assert briefing["title"] == "Sample briefing"
    assert briefing["frames_dir"] == "data/frames/sample"


def test_render_notebook_parameters_merge_and_force(tmp_path):
    sets = {"all": {"label": "from-all", "frames_dir": "x"}, "ok": {"interactive": True}}
    # `all:` gives only what the notebook declares; interactive is forced off
    assert render.notebook_parameters(OK, sets) == {"label": "from-all", "interactive": False}
    sets["ok"]["label"] = "own"
    assert render.notebook_parameters(OK, sets)["label"] == "own"


def test_render_notebook_parameters_refuse_unknown_names():
    with pytest.raises(ParameterError, match=r"'ok.labl'.*label") as err:
        render.notebook_parameters(OK, {"ok": {"labl": "typo"}})
    assert "interactive" in str(err.value)


def test_render_notebook_without_parameters_cell():
    assert render.notebook_parameters(NO_PARAMETERS, {"all": {"label": "x"}}) == {}
    with pytest.raises(ParameterError, match="no_parameters.label.*none"):
        render.notebook_parameters(NO_PARAMETERS, {"no_parameters": {"label": "x"}})


# notebooks -------------------------------------------------------------------------------------

def test_render_find_notebooks_default_order():
    assert [p.stem for p in render.find_notebooks()] == ["01-ingest", "02-explore", "03-briefing"]


@pytest.mark.parametrize("given, stems", [
    (["03-briefing", "01-ingest"], ["03-briefing", "01-ingest"]),
    ("02-explore", ["02-explore"]),
    ([OK, str(BROKEN)], ["ok", "broken"]),
    ([NOTEBOOKS], ["broken", "no_parameters", "ok"]),
    (["tests/notebooks/ok.ipynb"], ["ok"]),
])
def test_render_find_notebooks_given(given, stems):
    assert [p.stem for p in render.find_notebooks(given)] == stems


@pytest.mark.parametrize("given, message", [
    (["04-missing"], "one of 01-ingest, 02-explore, 03-briefing"),
    ([OK, OK], "distinct names"),
    ([], "distinct names"),
    (["no/such.ipynb"], "parameter 'notebook'"),
])
def test_render_find_notebooks_errors(given, message):
    with pytest.raises(ParameterError, match=message):
        render.find_notebooks(given)


def test_render_committed_notebooks_have_no_outputs_and_one_parameters_cell():
    import nbformat

    for path in render.find_notebooks():
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata.kernelspec.name == "python3"
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        for line in tagged[0].source.splitlines():
            assert re.match(r"^\w+ = .+  # \S", line), line  # literal with a help comment
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


# the index -------------------------------------------------------------------------------------

def test_render_write_index_escapes_and_links_relatively(tmp_path):
    build = tmp_path / "build"
    (build / "a&b <i>").mkdir(parents=True)
    (build / "a&b <i>" / "01 x.html").write_text("x")
    (build / "a&b <i>" / "render.json").write_text(json.dumps(
        {"finished": "2024-03-02T06:00:00", "status": "<script>alert(1)</script>"}))
    (build / "daily").mkdir()
    (build / "daily" / "03-briefing.html").write_text("x")
    (build / "daily" / "render.json").write_text(json.dumps(
        {"finished": "2024-03-03T06:00:00", "status": "ok"}))
    (build / "empty").mkdir()  # no HTML: not a render
    (build / ".hidden").mkdir()
    page = render.write_index(build).read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a&amp;b &lt;i&gt;" in page
    assert 'href="a%26b%20%3Ci%3E/01%20x.html"' in page
    assert 'href="daily/03-briefing.html"' in page
    assert "empty" not in page and ".hidden" not in page and str(tmp_path) not in page
    assert page.index("daily") < page.index("a&amp;b")  # newest first


def test_render_write_index_without_renders(tmp_path):
    assert "no renders yet" in render.write_index(tmp_path).read_text()


def test_render_main_unknown_param_set_exits_1(capsys):
    assert render.main(["--params", "no-such-set"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("render failed: [E020] parameter 'params'") and err.count("\n") == 1


# papermill runs --------------------------------------------------------------------------------

@pytest.mark.slow
def test_render_runs_exports_and_indexes(tmp_path):
    params = _params(tmp_path, text="all:\n  label: from-all\nok:\n  interactive: true\n")
    build = tmp_path / "build"
    out = render.render("t", build_dir=build, params_dir=params,
                        notebooks=[OK, NO_PARAMETERS])
    assert out == build / "t"
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert files == ["no_parameters.html", "no_parameters.ipynb", "ok.html", "ok.ipynb",
                     "render.json"]
    page = (out / "ok.html").read_text()
    assert "data:image/png;base64," in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "label=from-all interactive=False" in page  # `all:` applied, interactive forced
    assert "plt.subplots" not in page and "%matplotlib" not in page
    assert not re.search(r"<script[^>]*\bsrc=", page)  # self-contained: nothing fetched
    assert_no_code(page)
    assert "no parameters here" in (out / "no_parameters.html").read_text()
    info = json.loads((out / "render.json").read_text())
    assert info["status"] == "ok" and info["notebooks"] == ["ok", "no_parameters"]
    index = (build / "index.html").read_text()
    assert 'href="t/ok.html"' in index and 'href="t/no_parameters.html"' in index

    # a second run overwrites in place and leaves no temporary file behind
    render.render("t", build_dir=build, params_dir=params, notebooks=[OK, NO_PARAMETERS])
    assert sorted(p.name for p in out.iterdir()) == sorted(files + [".render.lock"])


@pytest.mark.slow
def test_render_failing_notebook_raises_e050(tmp_path):
    params = _params(tmp_path, text="broken:\n  value: 7\n")
    build = tmp_path / "build"
    with pytest.raises(WorkbookError) as err:
        render.render("t", build_dir=build, params_dir=params, notebooks=[OK, BROKEN])
    message = str(err.value)
    assert err.value.code == "E050" and message.startswith("[E050] notebook broken failed in cell")
    assert 'raise RuntimeError(f"broken on purpose with value={value}")' in message
    assert "RuntimeError: broken on purpose with value=7" in message
    assert "\n" not in message
    out = build / "t"
    assert (out / "broken.failed.ipynb").is_file() and not (out / "broken.html").exists()
    assert (out / "ok.html").is_file()  # the notebooks before it keep their output
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".broken.*"))
    info = json.loads((out / "render.json").read_text())
    assert info["status"] == "failed" and info["notebooks"] == ["ok"]
    assert "failed" in (build / "index.html").read_text()


@pytest.mark.slow
def test_render_main_reports_a_failure_on_one_line(tmp_path, capsys):
    params = _params(tmp_path, text="{}\n")
    code = render.main(["--params", "t", "--build", str(tmp_path / "b"), "--params-dir",
                        str(params), "--notebook", str(BROKEN)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("render failed: [E050] notebook broken") and err.count("\n") == 1


@pytest.mark.slow
def test_render_main_success(tmp_path, capsys):
    params = _params(tmp_path, text="{}\n")
    code = render.main(["--params", "t", "--build", str(tmp_path / "b"), "--params-dir",
                        str(params), "--notebook", str(NO_PARAMETERS)])
    assert code == 0
    assert "rendered t into" in capsys.readouterr().out
    assert (tmp_path / "b" / "t" / "no_parameters.html").is_file()


@pytest.mark.parametrize("build, base", [
    (ROOT / "build" / "t", "../../"),      # the usual place: links lead back to the project
    (None, ""),                            # outside the project: no directory names written
])
def test_render_execute_tells_notebooks_the_way_back_to_report_files(tmp_path, monkeypatch,
                                                                      build, base):
    import os

    from analysis.views.highlight import LINK_BASE

    seen = {}

    def fake_execute(src, dest, **kwargs):
        seen["base"] = os.environ.get(LINK_BASE)
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write("{}")

    monkeypatch.delenv(LINK_BASE, raising=False)
    monkeypatch.setattr(render.papermill, "execute_notebook", fake_execute)
    folder = build if build is not None else tmp_path / "out"
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        render.execute(OK, folder / "ok.ipynb", {})
    finally:
        (folder / "ok.ipynb").unlink(missing_ok=True)
        if created and build is not None:
            folder.rmdir()
    assert seen["base"] == (base if build is not None else "")
    assert LINK_BASE not in os.environ      # put back as it was


def test_render_the_briefing_gets_the_last_render_of_its_parameters(tmp_path):
    sets = render.load_param_set("sample")
    briefing = render.notebook_parameters(ROOT / "notebooks" / "03-briefing.ipynb", sets)
    assert briefing[render.PREVIOUS] is None          # render() names its folder's seen.json
    # after a good render, the run folder's reports and events are recorded for the next one
    seen = render.write_seen(tmp_path, {"all": {"frames_dir": str(ROOT / "tests" / "fixtures"
                                                                  / "tiny_frames")}})
    assert seen is None                                  # no such run folder: nothing written
    from analysis.store.runfolder import write_frames
    from analysis.store.schema import empty_frames, frame

    frames = empty_frames()
    frames["reports"] = frame("reports", [{"report_id": "r1", "title": "t", "n_words": 1,
                                           "text": "x"}])
    write_frames(frames, tmp_path / "run")
    path = render.write_seen(tmp_path, {"all": {"frames_dir": str(tmp_path / "run")}})
    data = json.loads(path.read_text())
    assert (path.name, data["reports"], data["events"]) == (render.SEEN_FILE, ["r1"], [])
