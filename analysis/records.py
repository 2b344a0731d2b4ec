"""The records every layer passes: a :class:`Report` is what ingest reads, extraction reads and a
run folder stores (and gives back when a new extractor version reprocesses it)."""
from __future__ import annotations

from typing import NamedTuple


class Report(NamedTuple):
    """One report as read from disk; ``text`` is what every character offset points into."""

    report_id: str
    path: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None       # YYYY-MM-DD
    published_assumed: bool     # True when ``published`` came from the run, not the report
    text: str
