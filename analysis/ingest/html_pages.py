"""HTML pages: the main text and the metadata of a saved web page, read by trafilatura."""
from __future__ import annotations

import logging


def html_report(raw: str) -> tuple[dict, str]:
    import trafilatura  # imported on first HTML file: it is slow to import

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # "discarding data: None"

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return {}, ""
    meta = {"title": doc.title, "source": doc.sitename, "published": doc.date, "url": doc.url}
    text = doc.text or ""
    first, _, rest = text.partition("\n")
    if doc.title and first.strip() == doc.title.strip():
        text = rest
    return meta, text
