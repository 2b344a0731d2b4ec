"""Smoke runs of the three notebooks on the tiny corpus, rendered to HTML as `make render` does."""
from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup

from analysis.errors import ParameterError
from analysis.render import notebooks as render
from analysis.views import explore
from tests.support import FIXTURES, ROOT

NOTEBOOKS = ["01-ingest", "02-explore", "03-briefing"]
SCRIPT = "<script>alert(1)</script>"
TITLE = "Tiny <b>briefing</b>"

# A report whose title and text carry markup: it must reach the HTML escaped, never as a tag.
MARKUP_REPORT = f"""---
title: Militia attack {SCRIPT} near Goma
source: Test Wire
published: 2025-03-12
---
Militia fighters attacked an army post near Goma on Wednesday, killing 4 soldiers, the army said.
The statement ended with the string {SCRIPT} pasted by mistake.
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Render the three notebooks on a copy of the tiny corpus; return the render folder."""
    tmp = tmp_path_factory.mktemp("notebooks")
    reports = tmp / "reports"
    shutil.copytree(FIXTURES / "tiny", reports)
    (reports / "markup.md").write_text(MARKUP_REPORT, encoding="utf-8")
    frames = tmp / "frames"
    params = tmp / "params"
    params.mkdir()
    (params / "tiny.yaml").write_text(
        f"all:\n  frames_dir: '{frames}'\n"
        f"01-ingest:\n  reports_dir: '{reports}'\n  published: '2025-03-15'\n"
        f"03-briefing:\n  title: '{TITLE}'\n  top_n: 5\n", encoding="utf-8")
    out = render.render("tiny", build_dir=tmp / "build", params_dir=params)
    return {"out": out, "frames": frames, "tmp": tmp}


def _page(rendered, stem):
    return (rendered["out"] / f"{stem}.html").read_text(encoding="utf-8")


def _code_sources(stem):
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.slow
def test_notebooks_render_every_notebook(rendered):
    out = rendered["out"]
    for stem in NOTEBOOKS:
        assert (out / f"{stem}.ipynb").is_file() and (out / f"{stem}.html").is_file()
    assert list((rendered["frames"] / "events").glob("part-*.parquet"))
    index = (out.parent / "index.html").read_text()
    assert all(f'href="tiny/{stem}.html"' in index for stem in NOTEBOOKS)


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebooks_html_has_no_code(rendered, stem):
    page = _page(rendered, stem)
    body = BeautifulSoup(page, "html.parser").body
    for cell in body.select(".jp-CodeCell"):
        assert not cell.select(".jp-InputArea, .jp-InputPrompt, div.highlight")  # code
    assert not body.select(".jp-InputPrompt, .jp-OutputPrompt")
    text = body.get_text()
    for source in _code_sources(stem):
        for line in source.splitlines():
            if len(line.strip()) > 25 and not line.strip().startswith("#"):
                assert line.strip() not in text, line


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebooks_report_text_arrives_escaped(rendered, stem):
    page = _page(rendered, stem)
    assert SCRIPT not in page and "<b>briefing</b>" not in page
    assert "Traceback" not in page


@pytest.mark.slow
def test_notebooks_ingest_shows_the_markup_title_escaped(rendered):
    page = _page(rendered, "01-ingest")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "No file was skipped." in page or "reason" in page


@pytest.mark.slow
def test_notebooks_briefing_embeds_three_charts_and_the_title(rendered):
    page = _page(rendered, "03-briefing")
    assert page.count("data:image/png;base64,") >= 3
    assert "Tiny &lt;b&gt;briefing&lt;/b&gt;" in page
    assert "notebook-only" not in page and "03 · Briefing" not in page  # left out of the HTML
    for heading in ("Events by type over time", "Most active actors", "Casualties and deployments"):
        assert heading in page
    assert page.count("data:image/png;base64,") >= 5  # + modality timeline and actor network
    for heading in ("Who acts on whom", "Incidents across reports", "Conflicting claims",
                    "Source sentences", "People killed, wounded and deployed", "Summary",
                    "Contents:"):
        assert heading in page
    assert "<mark" in page  # displaCy highlights of the source sentences
    assert "</figcaption>\nNone\n</figure>" not in page


@pytest.mark.slow
def test_notebooks_explore_highlights_sentences(rendered):
    assert "<mark" in _page(rendered, "02-explore")


@pytest.mark.slow
def test_notebooks_explore_renders_static_tables(rendered):
    page = _page(rendered, "02-explore")
    assert "data:image/png;base64," in page
    assert "application/vnd.jupyter.widget-view+json" not in page  # no widgets in renders
    executed = nbformat.read(rendered["out"] / "02-explore.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert "interactive = False" in injected[0].source


def _run_cells(stem, parameters, *, until):
    """Run a notebook's code cells in this process, up to the first cell containing ``until``.

    Widgets are exercised here rather than through papermill: a headless kernel has no front
    end to answer widget messages, and nbclient is known to stall on them now and then
    (jupyter/nbclient#312). ``display`` is replaced by a list that collects what is shown.
    """
    shown = []
    namespace = {}
    for cell in nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith("%"))
        exec(compile(source, f"{stem}.ipynb", "exec"), namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(parameters)
        namespace["display"] = lambda *objs: shown.extend(objs)
        if until in cell.source:
            return namespace, shown
    raise AssertionError(f"no cell with {until!r}")


def _rows(page: str) -> int:
    """The rows of the first table of a page: an interactive one's data, else an HTML table's
    rows less its header row."""
    settings = re.search(r"let dt_args = (\{.*?\});\n", page, re.S)
    if settings:
        return len(json.loads(json.loads(settings.group(1))["data_json"]))
    return len(re.findall(r"<tr[ >]", page)) - 1


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["02-explore", "03-briefing"])
def test_notebooks_widgets_filter_the_events(rendered, stem):
    namespace, shown = _run_cells(stem, {"frames_dir": str(rendered["frames"]),
                                         "interactive": True}, until="if interactive:")
    events = namespace["frames"]["events"]
    explorer = namespace["explorer"]
    assert len(events) > 0 and shown[-1] is explorer
    assert len(explorer.current.table) == len(events)
    assert _rows(explorer.current.table_html) == min(len(events), explore.MAX_ROWS)
    kind = events["event_type"].astype(str).value_counts().index[-1]
    explorer.controls["event_type"].value = (kind,)  # the menu redraws the table
    n = int((events["event_type"] == kind).sum())
    assert len(explorer.current.table) == n and _rows(explorer.current.table_html) == n
    explorer.controls["event_type"].value = ()
    explorer.debounce = 0
    explorer.controls["text"].value = "no sentence says this"
    assert len(explorer.current.table) == 0 and _rows(explorer.current.table_html) == 0


@pytest.mark.slow
def test_notebooks_briefing_rows_link_to_highlighted_sentences(rendered):
    soup = BeautifulSoup(_page(rendered, "03-briefing"), "html.parser")
    anchors = {tag["id"] for tag in soup.select("figure.highlight[id]")}
    links = [a["href"] for a in soup.select("table a[href^='#']")]
    assert links and {href[1:] for href in links} <= anchors   # every row link lands
    for prefix in ("events-", "actors-", "figures-"):
        assert any(a.startswith(prefix) for a in anchors), prefix
    captions = soup.select("figcaption a[href]")
    assert captions and all(not a["href"].startswith(("/", "file:")) for a in captions)


@pytest.mark.slow
def test_notebooks_explore_rows_link_to_highlighted_sentences(rendered):
    soup = BeautifulSoup(_page(rendered, "02-explore"), "html.parser")
    anchors = {tag["id"] for tag in soup.select("figure.highlight[id]")}
    links = {a["href"][1:] for a in soup.select("table a[href^='#']")}
    assert links and links <= anchors
    assert any(a.startswith("s-") for a in anchors) and any(a.startswith("actors-")
                                                               for a in anchors)


@pytest.mark.slow
def test_notebooks_bad_parameter_fails_with_its_name(rendered, tmp_path):
    params = tmp_path / "params"
    params.mkdir()
    (params / "bad.yaml").write_text(
        f"03-briefing:\n  frames_dir: '{rendered['frames']}'\n  top_n: 0\n", encoding="utf-8")
    with pytest.raises(ParameterError) as err:  # checked before any notebook runs
        render.render("bad", build_dir=tmp_path / "build", params_dir=params,
                      notebooks=["03-briefing"])
    assert "parameter 'top_n'" in str(err.value) and not (tmp_path / "build").exists()


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebooks_name_the_kernel_make_setup_installs(stem):
    # a kernelspec that differs from the installed one makes Lab mark the notebook modified
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installed = re.search(r'ipykernel install .*--name (\S+) --display-name "([^"]+)"', makefile)
    spec = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4).metadata.kernelspec
    assert installed and (spec["name"], spec["display_name"]) == installed.groups()
