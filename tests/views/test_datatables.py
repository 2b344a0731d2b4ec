"""Tests of analysis.views.datatables: interactive tables with their cells as given (escaped
HTML and links), the bundle embedded, nothing to fetch."""
from __future__ import annotations

import json
import re

import pandas as pd

from analysis.views import datatables, tables


def _settings(page: str) -> dict:
    return json.loads(re.search(r"let dt_args = (\{.*?\});\n", page, re.S).group(1))


def test_datatables_cells_travel_as_given():
    cells = pd.DataFrame({"date": ["2025-03-01"],
                          "sentence": ['<a href="#s-r1-0">Army &lt;b&gt;shelled&lt;/b&gt;</a>']})
    page = datatables.to_html(cells)
    settings = _settings(page)
    assert json.loads(settings["data_json"]) == [["2025-03-01", cells.at[0, "sentence"]]]
    assert settings["pageLength"] == datatables.PAGE_LENGTH and settings["order"] == []
    assert {"className": "dt-left", "targets": "_all"} in settings["columnDefs"]
    assert {"width": "28em", "targets": 1} in settings["columnDefs"]   # the sentence's room
    assert "<b>shelled" not in page                                   # escaped stays escaped


def test_datatables_nothing_is_fetched():
    shown = []
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda *objs, **kw: shown.extend(objs)
    try:
        datatables.init()
    finally:
        IPython.display.display = original
    pages = "".join(getattr(obj, "data", "") or "" for obj in shown)
    assert len(pages) > 400_000                    # the DataTables bundle itself, embedded
    assert not re.search(r"""(src|href)=["']https?://""", pages)   # no script or style fetched
    assert not re.search(r"""import[^;]*from\s*["']https?://""", pages)


def test_datatables_from_the_tables_module_link_rows_to_sentences():
    from tests.support import linked_frames

    f = linked_frames()
    table = tables.event_table(f)
    page = tables.to_html(table, ["event_type", "sentence"], links={("r1", 0)}, interactive=True)
    rows = json.loads(_settings(page)["data_json"])
    assert any('href="#s-r1-0"' in cell for row in rows for cell in row)
