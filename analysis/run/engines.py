"""Engines: where the spaCy pipeline and the extractors run, batch by batch.

- ``local``: this process streams every new report through ``nlp.pipe`` (with ``processes > 1``,
  spaCy's own worker processes parse and extract, :data:`analysis.extractors.document.EXTRACT_COMPONENT`) and
  stages a batch every ``batch_size`` reports.
- ``dask``: batches are tasks on a Dask cluster, the one at ``scheduler`` or a ``LocalCluster`` of
  ``processes`` worker processes. Each worker loads the model once (``load_model`` is cached per
  process) and writes the staged files of its batches itself, so the run folder must be on a file
  system the workers share.

Both yield the meta of each staged batch; :mod:`analysis.store.merge` commits them. The model is loaded
only when there is a report to process.
"""
from __future__ import annotations

import ctypes
import itertools
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from analysis.errors import WorkbookError
from analysis.extractors.document import Rows
from analysis.nlp.components import ExtractTask
from analysis.records import Report
from analysis.store.staging import stage_rows

CONNECT_TIMEOUT = "10s"  # to reach a scheduler given by address


class Job(NamedTuple):
    """What every batch of a run needs to know, whichever process runs it."""

    folder: Path         # the run folder (absolute)
    fmt: str
    extractor: str       # extractor version, recorded in every staged batch
    model: str | None
    gazetteer: str | None
    batch_size: int
    prefix: str          # "<generation>-<tag>": staged batches are "<prefix>-<seq>"
    triggers: str | None = None  # an analyst's trigger CSV

    def token(self, seq: int) -> str:
        """Return the name of the ``seq``-th staged batch of the run."""
        return f"{self.prefix}-{seq:05d}"


_forking = {"active": False, "parent": 0}  # set while a local run streams with processes > 1


def _remember_parent() -> None:
    _forking["parent"] = os.getpid()


def _die_with_parent() -> None:
    """In a process forked by a local run (spaCy's workers): ask Linux to end it when the run's
    process dies, so that a killed run leaves no worker behind."""
    if not (_forking["active"] and sys.platform.startswith("linux")):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux after all
        return
    if os.getppid() != _forking["parent"]:  # the run died before the request took
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_remember_parent, after_in_child=_die_with_parent)


def _chunks(reports: Iterator[Report], size: int) -> Iterator[list[Report]]:
    while chunk := list(itertools.islice(reports, size)):
        yield chunk


def run_local(reports: Iterator[Report], job: Job, *, processes: int = 1,
              on_report: Callable[[int], None] = lambda n: None) -> Iterator[dict]:
    """Extract ``reports`` in this process (spaCy's workers parse when ``processes > 1``)."""
    from analysis.nlp.model import load_model
    from analysis.nlp.tasks import run_tasks

    first = next(reports, None)
    if first is None:
        return
    nlp = load_model(job.model, gazetteer=job.gazetteer)
    stream = ((r.text, ExtractTask(r, job.gazetteer, job.triggers))
              for r in itertools.chain([first], reports))
    rows, seq = Rows(), 0
    _forking["active"] = processes > 1
    try:
        for rows_of_report in run_tasks(nlp, stream, processes=processes):
            rows.extend(rows_of_report)  # extracted where the Doc was parsed
            on_report(1)
            if len(rows) >= job.batch_size:
                seq += 1
                yield stage_rows(rows, job.folder, job.token(seq), extractor=job.extractor,
                                 fmt=job.fmt)
                rows = Rows()
    finally:
        _forking["active"] = False
    if len(rows):
        yield stage_rows(rows, job.folder, job.token(seq + 1), extractor=job.extractor, fmt=job.fmt)


def extract_batch(reports: list[Report], job: Job, seq: int) -> dict:
    """Extract and stage one batch (a Dask task); return its meta, or ``{"error": ...}``.

    Errors travel back as data: the driver raises them as the :class:`WorkbookError` they were.
    """
    from analysis.nlp.model import load_model
    from analysis.nlp.tasks import run_tasks

    try:
        nlp = load_model(job.model, gazetteer=job.gazetteer)
        rows = Rows()
        for rows_of_report in run_tasks(nlp, ((r.text, ExtractTask(r, job.gazetteer, job.triggers))
                                              for r in reports)):
            rows.extend(rows_of_report)
        return stage_rows(rows, job.folder, job.token(seq), extractor=job.extractor, fmt=job.fmt)
    except WorkbookError as exc:
        return {"error": [exc.code, exc.fields]}


def _client(scheduler: str | None, processes: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is in requirements.txt
        raise WorkbookError("E062", reason="dask.distributed is not installed "
                            "(pip install -r requirements.txt)") from None
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError) as exc:
            raise WorkbookError("E062", reason=f"cannot reach the scheduler at {scheduler} "
                                f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                                ) from None
    cluster = LocalCluster(n_workers=processes, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_dask(reports: Iterator[Report], job: Job, *, processes: int = 1,
             scheduler: str | None = None,
             on_report: Callable[[int], None] = lambda n: None) -> Iterator[dict]:
    """Extract ``reports`` as Dask tasks of ``job.batch_size`` reports, a few in flight per worker.

    Parameters
    ----------
    reports : iterator of Report
    job : Job
    processes : int
        Worker processes of the ``LocalCluster`` started when no ``scheduler`` is given.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``).
    on_report : callable
        Called with the number of reports each finished batch held.
    """
    chunks = _chunks(reports, job.batch_size)
    first = next(chunks, None)
    if first is None:
        return
    from distributed import wait

    client, cluster = _client(scheduler, processes)
    try:
        workers = len(client.scheduler_info().get("workers", {})) or processes
        pending = set()
        for seq, chunk in enumerate(itertools.chain([first], chunks), start=1):
            pending.add(client.submit(extract_batch, chunk, job, seq, pure=False,
                                      key=f"extract-{job.token(seq)}"))
            while len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when="FIRST_COMPLETED")
                yield from _results(done, on_report)
        while pending:
            done, pending = wait(pending, return_when="FIRST_COMPLETED")
            yield from _results(done, on_report)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _results(done, on_report) -> Iterator[dict]:
    for future in sorted(done, key=lambda f: f.key):
        meta = future.result()
        if "error" in meta:
            code, fields = meta["error"]
            raise WorkbookError(code, **fields)
        on_report(len(meta["reports"]))
        yield meta
