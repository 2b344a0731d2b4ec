"""Hostile text: markup and script in reports reach every HTML output and widget as text, never as
code, and the HTML an analyst shares names no home folder, project path or machine.

The three notebooks are rendered (as ``make render`` does) over the tiny corpus plus reports whose
title, source, text and even file name carry ``<script>`` and ``<img onerror=...>``.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import socket

import pytest
from bs4 import BeautifulSoup

from analysis.render import notebooks as render
from tests.support import FIXTURES, ROOT, notebook_code_cells

NOTEBOOKS = ["01-ingest", "02-explore", "03-briefing"]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HOSTILE_MD = f"""---
title: Militia attack {SCRIPT} near Goma
source: Lakes Wire {IMG}
published: 2025-03-12
---
Militia fighters attacked an army post near Goma on Wednesday {IMG}, killing 4 soldiers, the army
said.
The statement, which ended with {SCRIPT}, said 30 soldiers were wounded in the attack.
"""
HOSTILE_JSONL = ('{"title": "Protest in <b>Kinshasa</b>", "source": "<svg onload=alert(3)>", '
                 '"published": "2025-03-13", "text": "Police in Kinshasa arrested 35 protesters '
                 'on Thursday after clashes <iframe src=javascript:alert(4)></iframe> near '
                 'parliament, a police spokesman said."}\n')
HOSTILE_NAME = "<img src=x onerror=alert(5)>.txt"   # a skipped file: its name reaches the HTML


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Render the three notebooks on the hostile corpus; return the pages and the paths used."""
    tmp = tmp_path_factory.mktemp("hostile")
    reports = tmp / "reports"
    shutil.copytree(FIXTURES / "tiny", reports)
    (reports / "hostile.md").write_text(HOSTILE_MD, encoding="utf-8")
    (reports / "hostile.jsonl").write_text(HOSTILE_JSONL, encoding="utf-8")
    (reports / HOSTILE_NAME).write_text("", encoding="utf-8")
    frames, params = tmp / "frames", tmp / "params"
    params.mkdir()
    (params / "hostile.yaml").write_text(
        f"all:\n  frames_dir: '{frames}'\n"
        f"01-ingest:\n  reports_dir: '{reports}'\n  published: '2025-03-15'\n"
        "03-briefing:\n  title: 'Briefing <script>alert(6)</script>'\n", encoding="utf-8")
    out = render.render("hostile", build_dir=tmp / "build", params_dir=params)
    pages = {stem: (out / f"{stem}.html").read_text(encoding="utf-8") for stem in NOTEBOOKS}
    pages["index"] = (out.parent / "index.html").read_text(encoding="utf-8")
    return {"pages": pages, "tmp": tmp, "frames": frames}


def _table_cells(script: str) -> list[str]:
    """The cells of an interactive table (itables: its settings are JSON in the script, its
    rows JSON in ``data_json``); DataTables puts each cell into the page as HTML."""
    settings = json.loads(re.search(r"let dt_args = (\{.*?\});\n", script, re.S).group(1))
    return [str(cell) for row in json.loads(settings["data_json"]) for cell in row]


def _executable(page: str) -> list[str]:
    """Return what in ``page`` would run: scripts that call alert, ``on*`` handlers, javascript:
    links, and the tags the reports smuggled in; in an interactive table, what its cells would
    run once in the page."""
    soup = BeautifulSoup(page, "html.parser")
    found = []
    for tag in soup.find_all("script"):
        code = tag.get_text()
        if "new ITable(" in code:
            found += [f"table cell {cell[:60]}" for cell in _table_cells(code)
                      if _executable(cell) or "<script" in cell.lower()]
        elif "alert(" in code:
            found.append(str(tag)[:80])
    for tag in soup.find_all(True):
        found += [f"{tag.name} {name}" for name, value in tag.attrs.items()
                  if name.lower().startswith("on") or "javascript:" in str(value).lower()]
    found += [tag.name for tag in soup.find_all(["iframe", "svg", "img"])
              if "alert" in str(tag)]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS + ["index"])
def test_hostile_text_never_executes(rendered, stem):
    page = rendered["pages"][stem]
    assert _executable(page) == []
    for raw in ("<script>alert", "onerror=alert(2)>", "<svg onload", "<iframe src=javascript",
                "<b>Kinshasa</b>", "onerror=alert(5)>"):
        assert raw not in page.replace("&lt;", "\0"), raw   # only escaped forms may appear


@pytest.mark.slow
@pytest.mark.parametrize("stem, shown", [
    ("01-ingest", SCRIPT),               # the reports frame: title
    ("01-ingest", HOSTILE_NAME),         # the skipped file, by name
    ("03-briefing", SCRIPT),             # events table: the sentence and the title
    ("03-briefing", IMG),                # events table: the sentence
    ("03-briefing", "<script>alert(6)</script>"),   # the title parameter
    ("02-explore", IMG),
])
def test_hostile_text_is_shown_as_text(rendered, stem, shown):
    page = rendered["pages"][stem]
    assert html.escape(shown, quote=False) in page or html.escape(shown) in page
    text = BeautifulSoup(page, "html.parser").get_text()
    assert shown in text   # what the analyst reads is the report's own characters


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS + ["index"])
def test_hostile_text_html_has_no_local_paths(rendered, stem):
    page = rendered["pages"][stem]
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup(["style"]):
        tag.decompose()
    seen = soup.get_text(" ") + " ".join(
        str(v) for tag in soup.find_all(True) for v in tag.attrs.values()
        if not str(v).startswith("data:"))
    for local in (str(ROOT), str(rendered["tmp"]), "/root", "/home/", "/tmp/", "pytest-of-"):
        assert local not in seen, local
    host = socket.gethostname()
    assert host not in re.findall(r"[\w.-]+", seen), host
    if stem == "01-ingest":
        assert "reports/hostile.md" in seen   # paths are shown relative to the folder read


def _shown_by_widgets(stem: str, frames_dir, search: str) -> list:
    """Run a notebook's cells in this process with ``interactive=True`` up to its widgets, type
    ``search`` into the text filter, and return every object the notebook displayed."""
    shown: list = []
    namespace: dict = {}
    for cell, code in notebook_code_cells(stem):
        exec(code, namespace)
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(frames_dir=str(frames_dir), interactive=True)
        namespace["display"] = lambda *objs: shown.extend(objs)
        if "if interactive:" in cell.source:
            namespace["explorer"].debounce = 0     # redraw as the words are set
            namespace["explorer"].controls["text"].value = search
            return shown
    raise AssertionError(f"{stem} has no widgets")


def _as_html(obj) -> str:
    """The HTML a front end shows for ``obj`` (a DataFrame, an ``HTML`` object; "" otherwise)."""
    return getattr(obj, "_repr_html_", lambda: "")() or ""


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["02-explore", "03-briefing"])
def test_hostile_text_widgets_show_it_as_text(rendered, stem):
    shown = _shown_by_widgets(stem, rendered["frames"], "Goma")
    pages = [_as_html(obj) for obj in shown]
    filtered = pages[-1] if "Goma" in pages[-1] else next(p for p in pages[::-1] if "Goma" in p)
    assert html.escape(IMG, quote=False) in filtered
    for page in pages:
        assert _executable(page) == [] and "<script>alert" not in page
