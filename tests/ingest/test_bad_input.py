"""Bad input never stops a corpus: one run of ``analysis.extract`` over every kind of bad file
beside good ones, and the outcome of each.

Small bad files are committed in ``tests/fixtures/bad/``; large or unusual ones (a file over the
size limit, a one-megabyte sentence, a symlink loop, an unreadable file, a dangling link, a FIFO)
are made here in a temporary folder. Each input is processed, processed with a warning in the
run's log, or skipped into the ``errors`` frame with a one-line reason.
"""
from __future__ import annotations

import logging
import os
import re
import shutil

import pytest

import analysis
from analysis.ingest.reports import MAX_BYTES, MAX_CHARS
from tests.support import FIXTURES

PROCESSED, WARNED, SKIPPED = "processed", "processed with a warning", "skipped"
RUN_DATE = "2025-03-15"

# input (relative to the bad folder) -> outcome, and what the warning or the reason says
CASES = [
    ("empty.txt", SKIPPED, "empty file"),
    ("whitespace-only.md", SKIPPED, "empty file"),
    ("binary.txt", SKIPPED, "binary file, not text"),
    ("scan.pdf", SKIPPED, "unsupported file type '.pdf'"),
    ("invalid-utf8.txt", WARNED, "some bytes are not valid UTF-8; replaced"),
    ("utf16-bom.txt", PROCESSED, None),
    ("cp1252.txt", WARNED, "not UTF-8; read as Windows-1252"),
    ("oversized.txt", SKIPPED, f"file is 5.0 MB, over the {MAX_BYTES / 1e6:g} MB limit"),
    ("front-matter-broken.md", WARNED, "front matter is not valid YAML; read title, source, "
                                       "published line by line"),
    ("front-matter-prose.md", WARNED, "front matter is not a YAML mapping; ignored, body read"),
    ("front-matter-toml.md", PROCESSED, None),
    ("bad-published.md", WARNED, "published 'the day after the ceasefire' is not a date; "
                                 f"using the run's date {RUN_DATE}"),
    ("scripts-only.html", SKIPPED, "HTML page has no main text"),
    ("broken-line.jsonl#line1", PROCESSED, None),
    ("broken-line.jsonl#line2", SKIPPED, "not valid JSON (Unterminated string"),
    ("broken-line.jsonl#line3", PROCESSED, None),
    ("no-text-column.csv", SKIPPED, "cannot read records: no 'text' column (columns: headline, "
                                    "body)"),
    ("one-mb-sentence.txt", WARNED, "characters; split into"),
    ("other-language.txt", WARNED, "does not look like English; read, but the extractors are "
                                   "for English"),
    ("symlink-loop/report.txt", PROCESSED, None),
    ("symlink-loop/again", SKIPPED, "symlink loop: same folder as corpus/bad/symlink-loop"),
    ("unreadable.txt", SKIPPED, "cannot read file: "),
    ("broken-link.txt", SKIPPED, "broken symbolic link"),
    ("fifo.txt", SKIPPED, "not a regular file"),
]
GOOD = sorted(p.name for p in (FIXTURES / "tiny").iterdir())


def _sentence(size: int) -> str:
    """About ``size`` characters of report words, numbers and names with no punctuation at all."""
    words = re.findall(r"[^\W_]+", " ".join(
        p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "tiny").iterdir())))
    out, n = [], 0
    while n < size:
        out.append(words[len(out) % len(words)])
        n += len(out[-1]) + 1
    return " ".join(out)


def _make_unreadable(path) -> str:
    """Make ``path`` a file that cannot be read, and say how."""
    if os.geteuid() != 0:
        path.write_text("Officials said the border was closed.", encoding="utf-8")
        path.chmod(0)
        return "permission"
    # root reads any file whatever its mode; /proc/self/mem fails to read (EIO) even for root
    if not os.path.exists("/proc/self/mem"):
        return ""
    path.symlink_to("/proc/self/mem")
    return "proc"


class _Log(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Extract a corpus of ``bad/`` (every bad input) beside ``good/`` (the tiny corpus)."""
    corpus = tmp_path_factory.mktemp("bad-input") / "corpus"
    bad = corpus / "bad"
    shutil.copytree(FIXTURES / "bad", bad)
    shutil.copytree(FIXTURES / "tiny", corpus / "good")
    with open(bad / "oversized.txt", "wb") as fh:
        fh.write(b"Troops moved north. " * (MAX_BYTES // 20 + 1))
    (bad / "one-mb-sentence.txt").write_text(_sentence(1_000_000), encoding="utf-8")
    (bad / "symlink-loop").mkdir()
    (bad / "symlink-loop" / "report.txt").write_text(
        "Fighting resumed near the airport on Sunday, witnesses said.", encoding="utf-8")
    (bad / "symlink-loop" / "again").symlink_to(".", target_is_directory=True)
    how = _make_unreadable(bad / "unreadable.txt")
    (bad / "broken-link.txt").symlink_to(bad / "no-such-report.txt")
    os.mkfifo(bad / "fifo.txt")
    handler, logger = _Log(), logging.getLogger("analysis")
    logger.addHandler(handler)
    try:
        summary = analysis.extract([corpus], corpus.parent / "frames", published=RUN_DATE,
                                   progress=False)
    finally:
        logger.removeHandler(handler)
    return {"summary": summary, "frames": summary.frames, "log": handler.lines,
            "unreadable": how}


def _shown(name: str) -> str:
    return f"corpus/bad/{name}"


@pytest.mark.slow
@pytest.mark.parametrize("name, outcome, says", CASES, ids=[c[0] for c in CASES])
def test_bad_input_outcome(run, name, outcome, says):
    if name == "unreadable.txt" and not run["unreadable"]:
        pytest.skip("running as root without /proc/self/mem: no way to make a file unreadable")
    frames, shown = run["frames"], _shown(name)
    paths = frames["reports"]["path"].astype(str)
    mine = frames["reports"][(paths == shown) | paths.str.startswith(shown + "#part")]
    errors = frames["errors"][frames["errors"]["path"] == shown]
    warnings = [line for line in run["log"] if line.startswith(shown + ":")]
    if outcome == SKIPPED:
        assert mine.empty
        [reason] = errors["reason"]
        assert reason.startswith(says) and "\n" not in reason
        assert f"skipped {shown}: {reason}" in run["log"]
    else:
        assert len(mine) >= 1 and errors.empty
        assert (mine["text"].str.len() > 0).all()
        if outcome == WARNED:
            assert any(says in line for line in warnings), warnings
        else:
            assert warnings == []


@pytest.mark.slow
def test_bad_input_good_files_beside_them_are_processed(run):
    paths = set(run["frames"]["reports"]["path"].astype(str))
    assert {"corpus/good/a.txt", "corpus/good/b.md", "corpus/good/c.jsonl#line1"} <= paths
    assert run["summary"].n_processed == len(run["frames"]["reports"])
    assert len(run["summary"].skipped) == len(run["frames"]["errors"])


@pytest.mark.slow
def test_bad_input_metadata_kept_or_replaced(run):
    reports = run["frames"]["reports"].set_index("path")
    assert reports.loc[_shown("bad-published.md"), "published_assumed"]
    assert str(reports.loc[_shown("bad-published.md"), "published"].date()) == RUN_DATE
    toml = reports.loc[_shown("front-matter-toml.md")]
    assert toml["title"] == "Ceasefire talks resume in Doha" and not toml["published_assumed"]
    assert str(reports.loc[_shown("front-matter-broken.md"), "published"].date()) == "2025-03-04"
    assert "Bogotá" in reports.loc[_shown("cp1252.txt"), "text"]
    assert "Nairobi" in reports.loc[_shown("utf16-bom.txt"), "text"]


@pytest.mark.slow
def test_bad_input_one_megabyte_sentence_is_split_into_parts(run):
    reports = run["frames"]["reports"]
    parts = reports[reports["path"].str.startswith(_shown("one-mb-sentence.txt#part"))]
    assert len(parts) >= 1_000_000 // MAX_CHARS
    assert (parts["text"].str.len() <= MAX_CHARS).all()
    assert parts["title"].str.endswith(f"of {len(parts)})").all()
    sentences = run["frames"]["sentences"]
    lengths = sentences[sentences["report_id"].isin(parts["report_id"])]["text"].str.split()
    assert lengths.str.len().max() <= 250   # the sentence cap keeps run-on text in pieces


@pytest.mark.slow
def test_bad_input_offsets_hold_in_every_frame(run):
    frames = run["frames"]
    texts = frames["reports"].set_index("report_id")["text"]
    for name, column in (("sentences", "text"), ("mentions", "text"), ("numbers", "text"),
                         ("events", "trigger")):
        for row in frames[name].itertuples():
            assert texts[row.report_id][row.start:row.end] == getattr(row, column), (name, row)
