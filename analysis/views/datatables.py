"""Interactive tables (sort, search, paging) that work offline, in JupyterLab and in the exported
HTML: itables in its offline mode, which embeds its own DataTables bundle in the page once
(:func:`init`), so nothing is fetched.

:func:`to_html` takes a table whose cells are already HTML (escaped report text, links to the
highlighted sentences: :func:`analysis.views.tables.to_html` builds them) and returns the
interactive table, with a plain table as its fallback where scripts do not run. Text is
left-aligned, the sentence column given room to wrap; a table wider than the page scrolls
sideways in its box, so no column is cut off.
"""
from __future__ import annotations

import itables
import pandas as pd

PAGE_LENGTH = 10
PAGE_CHOICES = [10, 25, 50, 100]
WIDE_COLUMNS = {"sentence": "28em", "text": "18em", "title": "14em", "attribution": "12em"}
# DataTables shows text as written; our cells are escaped HTML, wrapped, left and top aligned
CSS = ("<style>table.dataTable td,table.dataTable th{text-align:left!important;"
       "vertical-align:top;white-space:normal}"
       "table.dataTable thead th{white-space:nowrap;padding-right:22px!important}</style>")


def init() -> None:
    """Load the DataTables bundle into the notebook once (offline: the bundle is in the output,
    nothing is fetched). Call it in a notebook before the first :func:`to_html` table."""
    from IPython.display import HTML, display

    itables.init_notebook_mode(all_interactive=False, connected=False)
    display(HTML(CSS))


def to_html(cells: pd.DataFrame, *, page_length: int = PAGE_LENGTH) -> str:
    """Return ``cells`` (every cell HTML already: escaped text, links) as an interactive table.

    Parameters
    ----------
    cells : DataFrame
        The table to show, its cells HTML; the index is not shown.
    page_length : int, default ``PAGE_LENGTH``
        Rows per page (the reader picks 10, 25, 50 or 100).

    Returns
    -------
    str
        The itables HTML: the table, its settings and data as JSON, a plain fallback table.
    """
    widths = [{"width": WIDE_COLUMNS[c], "targets": i}
              for i, c in enumerate(cells.columns) if c in WIDE_COLUMNS]
    return itables.to_html_datatable(
        cells.reset_index(drop=True), connected=False, allow_html=True, showIndex=False,
        classes="display compact", maxBytes=0, scrollX=True,
        pageLength=page_length, lengthMenu=PAGE_CHOICES, order=[],
        text_in_header_can_be_selected=False,      # a click on a header sorts by it
        columnDefs=[{"className": "dt-left", "targets": "_all"}, *widths])
