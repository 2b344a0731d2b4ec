"""The command line: ``python -m analysis extract PATH... --out DIR``, ``python -m analysis
render``, ``python -m analysis export RUN_FOLDER --to FILE.xlsx`` and ``python -m analysis repair
RUN_FOLDER``.

Exit status: 0 when at least one report was processed or is already in the run folder (or a render
succeeded), 1 when nothing could be, 2 for bad arguments; every failure is one line on stderr, and
arguments are checked before any work starts.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from analysis.errors import ParameterError, WorkbookError
from analysis.ingest.reports import MAX_BYTES, Columns

log = logging.getLogger("analysis")

EPILOG = """examples:
  python -m analysis extract data/reports --out data/frames/sample
  python -m analysis extract feed.jsonl --out /tmp/run --text-column body --published 2025-03-01
  python -m analysis render --params daily
  python -m analysis export data/frames/sample --to sample.xlsx
  python -m analysis repair data/frames/sample
  python -m analysis correct data/frames/sample --wrong KEY --note "a tennis score"
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``python -m analysis``."""
    parser = _Parser(prog="python -m analysis", epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Turn reports into frames of actors, numbers and events.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ex = sub.add_parser("extract", help="read reports and write the frames into a run folder",
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders (recursive)")
    ex.add_argument("--out", required=True, metavar="DIR", help="run folder to write frames into")
    ex.add_argument("--published", metavar="YYYY-MM-DD",
                    help="date for reports that carry none (anchors 'on Monday')")
    ex.add_argument("--model", help="spaCy pipeline (default: en_core_web_sm, else its PyPI copy)")
    ex.add_argument("--processes", default="1", metavar="N",
                    help="worker processes for the spaCy pipeline (default 1)")
    ex.add_argument("--engine", default="local", metavar="NAME",
                    help="where extraction runs: local (default) or dask")
    ex.add_argument("--scheduler", metavar="ADDRESS",
                    help="Dask scheduler address such as tcp://host:8786 (engine dask; default: "
                         "a local cluster)")
    ex.add_argument("--format", dest="fmt", default="parquet", metavar="FORMAT",
                    help="file format of the frames: parquet (default) or csv")
    ex.add_argument("--gazetteer", metavar="CSV",
                    help="your own actors CSV (name,kind,country,aliases,affiliation)")
    ex.add_argument("--triggers", metavar="CSV",
                    help="your own event triggers CSV (phrase,pos,event_type,mode,...; "
                         "event_type - removes a bundled trigger)")
    for field in Columns._fields:
        ex.add_argument(f"--{field}-column", default=field, metavar="NAME",
                        help=f"{field} field of JSON/JSONL/CSV records (default '{field}')")
    ex.add_argument("--max-mb", default=str(MAX_BYTES / 1e6), metavar="MB",
                    help="skip files larger than this many megabytes (default %(default)s)")
    ex.add_argument("--quiet", action="store_true",
                    help="only errors and a short closing summary that counts the warnings")
    ex.add_argument("--verbose", action="store_true",
                    help="notes too, and the logs of Dask's scheduler and workers")
    rn = sub.add_parser("render", help="run the notebooks with papermill and export HTML")
    rn.add_argument("--params", default="sample", metavar="NAME",
                    help="parameter set params/NAME.yaml (default sample)")
    rn.add_argument("--build", default="build", metavar="DIR", help="output folder (default build)")
    rn.add_argument("--notebook", action="append", metavar="STEM",
                    help="render only this notebook (repeatable)")
    xp = sub.add_parser("export", help="write a run folder's frames to Excel or CSV files",
                        description="One sheet per frame in FILE.xlsx, or one CSV file per frame "
                                    "in DIR/; text that would open as a spreadsheet formula "
                                    "(=, +, -, @) is written as text.")
    xp.add_argument("run_folder", metavar="RUN_FOLDER", help="a run folder written by extract")
    xp.add_argument("--to", required=True, metavar="FILE.xlsx|DIR/",
                    help="an Excel workbook, or a folder for CSV files")
    rp = sub.add_parser("repair", help="rebuild a damaged run folder's manifest",
                        description="Rebuild the manifest of a run folder whose run.json is "
                                    "lost, damaged or of another layout, or that names files "
                                    "which are missing or cannot be read, from the partitions "
                                    "that can be read. Nothing is deleted: the rest is moved "
                                    "into RUN_FOLDER/.set-aside/.")
    rp.add_argument("run_folder", metavar="RUN_FOLDER", help="a run folder written by extract")
    _correction_parsers(sub)
    return parser


CORRECT_EPILOG = """keys: an event's is report:start-end:TYPE:source>target, a number's
report:start-end (the key column of the frames, shown in the explorer); an actor's is its actor_id.
examples:
  python -m analysis correct RUN --event KEY --set event_type=ACCUSE --note "criticism"
  python -m analysis correct RUN --wrong KEY
  python -m analysis correct RUN --number KEY --set value=14 --set qualifier=at_least
  python -m analysis correct RUN --actor houthis --set kind=armed_group
  python -m analysis correct RUN --merge-actors pentagon united-states-armed-forces
  python -m analysis correct RUN --add-event r1:231-239:MOBILIZE:kenya>haiti --set modality=planned
  python -m analysis corrections RUN --summary
"""


def _correction_parsers(sub) -> None:
    co = sub.add_parser("correct", help="record an analyst's correction of a run's frames",
                        description="Append a correction to RUN_FOLDER/corrections.csv; "
                                    "load_frames, the explorer, the briefing, exports and "
                                    "queries apply it from then on, through every re-run.",
                        epilog=CORRECT_EPILOG,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    co.add_argument("run_folder", metavar="RUN_FOLDER", help="a run folder written by extract")
    which = co.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", metavar="KEY", help="the event to correct")
    which.add_argument("--number", metavar="KEY", help="the number to correct")
    which.add_argument("--actor", metavar="ID", help="the actor to correct")
    which.add_argument("--wrong", metavar="KEY", help="mark an event or number wrong")
    which.add_argument("--merge-actors", nargs=2, metavar=("ID", "INTO"),
                       help="merge actor ID into actor INTO")
    which.add_argument("--add-event", metavar="KEY", help="add an event the extractor missed")
    co.add_argument("--set", action="append", default=[], metavar="COLUMN=VALUE",
                    help="a column's new value (repeatable); source and target are actor ids")
    co.add_argument("--note", default="", help="why (kept with the correction)")
    co.add_argument("--who", help="who corrects (default: $ANALYSIS_USER, else the login)")
    ls = sub.add_parser("corrections", help="list a run's corrections, or what they teach",
                        description="List the corrections of RUN_FOLDER (applied or "
                                    "orphaned); --summary counts them by the extractor's "
                                    "reading (event type and trigger); --to-gazetteer writes "
                                    "actor merges and renames as aliases into your actors CSV.")
    ls.add_argument("run_folder", metavar="RUN_FOLDER", help="a run folder written by extract")
    ls.add_argument("--summary", action="store_true",
                    help="count event corrections by event type and trigger")
    ls.add_argument("--to-gazetteer", metavar="CSV",
                    help="write merges and renames into this actors CSV (use it with "
                         "extract --gazetteer)")


def _correct(args) -> int:
    from analysis.corrections import edit

    folder = Path(args.run_folder)
    if not folder.is_dir():
        raise ParameterError("RUN_FOLDER", args.run_folder, "a run folder")
    values = {}
    for item in args.set:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            raise ParameterError("set", item, "COLUMN=VALUE")
        values[column.strip()] = value
    common = {"note": args.note, "by": args.who}
    if args.wrong:
        made = edit.mark_wrong(folder, args.wrong, **common)
    elif args.merge_actors:
        made = edit.merge_actors(folder, *args.merge_actors, **common)
    elif args.add_event:
        made = edit.add_event(folder, args.add_event,
                              modality=values.pop("modality", "asserted"), **common)
        if values:
            raise ParameterError("set", ", ".join(values), "only modality=... with --add-event")
    else:
        if not values:
            raise ParameterError("set", "", "at least one COLUMN=VALUE")
        frame = "events" if args.event else "numbers" if args.number else "actors"
        made = edit.correct(folder, frame, args.event or args.number or args.actor, **common,
                            **values)
    for c in made:
        print(one_line(f"recorded: {c.frame} {c.key} {c.column}: {c.old!r} -> {c.new!r}"),
              file=sys.stderr)
    return 0


def _corrections(args) -> int:
    from analysis.corrections import learn
    from analysis.corrections.ledger import corrections_path, read_corrections
    from analysis.corrections.view import load_frames

    if not Path(args.run_folder).is_dir():
        raise ParameterError("RUN_FOLDER", args.run_folder, "a run folder")
    frames = load_frames(args.run_folder)
    if args.to_gazetteer:
        raw = load_frames(args.run_folder, corrected=False)
        rows = learn.gazetteer_rows(raw, frames.corrections.applied)
        learn.to_gazetteer(args.to_gazetteer, rows)
        print(f"wrote {len(rows)} actors with their new aliases into {args.to_gazetteer}; "
              f"extract with --gazetteer {args.to_gazetteer} to use them", file=sys.stderr)
        return 0
    if args.summary:
        raw = load_frames(args.run_folder, corrected=False)
        table = learn.by_trigger(raw, read_corrections(corrections_path(args.run_folder)))
    else:
        table = learn.listing(frames.corrections)[["when", "who", "frame", "key", "column",
                                                   "old", "new", "state"]]
    print(one_line(frames.corrections.line()), file=sys.stderr)
    if not table.empty:
        print(table.to_string(index=False))
    return 0


def _repair(args) -> int:
    from analysis.store.repair import repair

    print("\n".join(one_line(line) for line in repair(args.run_folder).lines()),
          file=sys.stderr)
    return 0


def _export(args) -> int:
    from analysis.corrections.view import load_frames
    from analysis.store.export import export

    if not Path(args.run_folder).is_dir():
        raise ParameterError("RUN_FOLDER", args.run_folder, "a run folder")
    frames = load_frames(args.run_folder)
    path = export(frames, args.to)
    rows = ", ".join(f"{name} {len(df)}" for name, df in frames.items())
    print(f"exported {rows} to {path}", file=sys.stderr)
    return 0


def check_extract_args(args) -> dict:
    """Check the arguments of ``extract`` before any work starts; return the options of
    :func:`analysis.extract`. Raises :class:`ParameterError` naming the first wrong one.

    The options a run shares with :func:`analysis.extract` and the notebooks go through
    :func:`analysis.run.options.check_options`; the paths, record columns and size limit are the
    command line's own.
    """
    from analysis.run.options import check_options

    for raw in args.paths:
        if not Path(raw).exists() and not Path(raw).is_symlink():
            raise ParameterError("PATH", raw, "an existing file or folder")
    out = Path(args.out)
    if not str(args.out).strip() or (out.exists() and not out.is_dir()):
        raise ParameterError("out", args.out, "a folder (it is created when missing)")
    options = check_options(published=args.published, model=args.model,
                            processes=args.processes, engine=args.engine,
                            scheduler=args.scheduler, fmt=args.fmt, gazetteer=args.gazetteer,
                            triggers=args.triggers)
    for field in Columns._fields:
        if not getattr(args, f"{field}_column").strip():
            raise ParameterError(f"{field}-column", getattr(args, f"{field}_column"), "a name")
    try:
        max_mb = float(args.max_mb)
    except ValueError:
        max_mb = float("nan")
    if not max_mb > 0 or max_mb == float("inf"):
        raise ParameterError("max-mb", args.max_mb, "a number of megabytes above 0")
    del options["batch_size"], options["incremental"]   # not options of the command line
    return {**options, "max_bytes": int(max_mb * 1e6),
            "columns": Columns(**{f: getattr(args, f"{f}_column") for f in Columns._fields})}


def _extract(args) -> int:
    options = check_extract_args(args)   # before any report is read or the model loaded
    from analysis.run.pipeline import extract

    summary = extract(args.paths, args.out, progress=not args.quiet, **options)
    lines = summary.lines(max_skipped=0 if args.quiet else MAX_SKIPPED_SHOWN)
    hidden = args.log_filter.hidden if hasattr(args, "log_filter") else 0
    if args.quiet and hidden:
        lines.insert(1, f"{hidden} warnings not shown (--quiet); the files skipped "
                        f"and why are in the errors frame of {args.out}")
    print("\n".join(one_line(line) for line in lines), file=sys.stderr)
    if summary.n_processed + summary.n_unchanged + summary.n_resumed == 0:
        print("error: no report could be processed", file=sys.stderr)
        return 1
    return 0


def _render(args) -> int:
    from analysis.render.notebooks import render

    path = render(args.params, build_dir=args.build, notebooks=args.notebook)
    print(f"rendered into {path}", file=sys.stderr)
    return 0


def one_line(text: str) -> str:
    """Return ``text`` with its control characters escaped ("\\n", "\\x1b"): a file name
    can hold a newline or a terminal escape, and must not forge a line of the log.

    Examples
    --------
    >>> one_line("a\\nWARNING: b\\x1b[2J.txt")
    'a\\\\nWARNING: b\\\\x1b[2J.txt'
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in str(text))


class OneLineFormatter(logging.Formatter):
    """Every log message on one line, whatever the names it quotes."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


class LogFilter(logging.Filter):
    """What the command line shows of the log: warnings and errors of the workbook; with
    ``quiet`` errors only (the warnings hidden are counted); with ``verbose`` notes too, and the
    logs of Dask's scheduler and workers, which are otherwise shown from errors up."""

    QUIET_LOGGERS = ("distributed", "dask", "tornado", "bokeh", "asyncio")

    def __init__(self, *, quiet: bool = False, verbose: bool = False):
        super().__init__()
        self.quiet, self.verbose, self.hidden = quiet, verbose, 0

    def filter(self, record: logging.LogRecord) -> bool:
        if self.verbose:
            return True
        floor = logging.ERROR if self.quiet or record.name.split(".")[0] in \
            self.QUIET_LOGGERS else logging.WARNING
        if record.levelno >= floor:
            return True
        self.hidden += record.levelno == logging.WARNING and record.name.startswith("analysis")
        return False


MAX_SKIPPED_SHOWN = 20   # skipped files listed by the closing summary (all are in errors)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(levelname)s: %(message)s"))
    args.log_filter = LogFilter(quiet=getattr(args, "quiet", False),
                                verbose=getattr(args, "verbose", False))
    handler.addFilter(args.log_filter)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False)
                        else logging.WARNING, handlers=[handler], force=True)
    try:
        commands = {"extract": _extract, "render": _render, "export": _export,
                    "repair": _repair, "correct": _correct, "corrections": _corrections}
        return commands[args.command](args)
    except WorkbookError as exc:
        print(one_line(f"error: {exc}"), file=sys.stderr)
        return 2 if exc.code == "E020" else 1
    except KeyboardInterrupt:
        print("error: interrupted; frames already written are intact", file=sys.stderr)
        return 130
