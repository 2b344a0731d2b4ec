"""Staged batches: the frames of a batch a run has extracted but not yet committed.

A batch's rows are named by batch-local actor ids, checked against the contract and written under
``.staging/<token>/`` all or nothing; a run that is killed keeps every finished batch, and the next
run of the same extractor version adopts it (see :mod:`analysis.store.runfolder`).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping

import pandas as pd

from analysis.store.resolve import assign_ids
from analysis.store.runfolder import PER_REPORT, STAGING, atomic_write, write_table
from analysis.store.schema import frame, validate, validate_links

# the columns of the per-report frames that name an actor (canonical names until staged)
ACTOR_ID_COLUMNS = {"mentions": ("actor_id",), "numbers": ("actor_id",),
                    "events": ("source_id", "target_id")}


def stage_rows(rows, folder: Path, token: str, *, extractor: str, fmt: str) -> dict:
    """Check a batch's rows (:class:`analysis.extractors.document.Rows`) and write them as staged
    batch ``token``; return its meta.

    The meta holds the batch's report ids, rows per frame and ``ids``: canonical actor name to
    the batch-local actor id its rows carry.
    """
    tables = rows.tables
    names = {row[col] for name, cols in ACTOR_ID_COLUMNS.items() for row in tables[name]
             for col in cols if row.get(col) is not None}
    ids = assign_ids(names)
    for name, cols in ACTOR_ID_COLUMNS.items():
        for row in tables[name]:
            for col in cols:
                if row.get(col) is not None:
                    row[col] = ids[row[col]]
    frames = {name: validate(name, frame(name, tables[name])) for name in PER_REPORT}
    validate_links(frames)
    meta = {"reports": rows.report_ids, "extractor": extractor, "ids": ids}
    return stage_batch(folder, token, frames, meta, fmt)


def staged_path(folder: Path, token: str, name: str, fmt: str) -> Path:
    """Return the file of frame ``name`` in staged batch ``token``.

    Named ``<frame>.<fmt>.staged`` so that nothing looking for ``<frame>.parquet`` or
    ``<frame>/*.parquet`` mistakes it for committed data.
    """
    return Path(folder) / STAGING / token / f"{name}.{fmt}.staged"


def stage_batch(folder: Path, token: str, frames: Mapping[str, pd.DataFrame], meta: dict,
                fmt: str) -> dict:
    """Write the per-report frames of one batch as staged batch ``token``, all or nothing.

    Files go into a temporary folder that is renamed to ``.staging/<token>`` once complete, with
    ``meta.json`` (report ids, rows, the batch's actor ids, extractor version) written last.
    """
    root = Path(folder) / STAGING
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{token}-", dir=root))
    try:
        for name in PER_REPORT:
            write_table(frames[name], tmp / f"{name}.{fmt}.staged", fmt, durable=False)
        meta = {**meta, "token": token, "format": fmt,
                "rows": {name: len(frames[name]) for name in PER_REPORT}}
        data = json.dumps(meta)
        atomic_write(tmp / "meta.json", lambda t: Path(t).write_text(data, encoding="utf-8"),
                durable=False)
        os.replace(tmp, root / token)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return meta


def staged_batches(folder: Path, extractor: str, fmt: str) -> list[dict]:
    """Return the complete staged batches of ``extractor`` (oldest first); delete the others."""
    root = Path(folder) / STAGING
    found = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        meta = None
        if path.is_dir() and not path.name.startswith("."):
            try:
                meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                meta = None
        if meta and meta.get("extractor") == extractor and meta.get("format") == fmt:
            found.append(meta)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return sorted(found, key=lambda m: m["token"])


def discard_staged(folder: Path, token: str) -> None:
    """Delete staged batch ``token`` (and the staging folder once empty)."""
    root = Path(folder) / STAGING
    shutil.rmtree(root / token, ignore_errors=True)
    with contextlib.suppress(OSError):
        root.rmdir()


