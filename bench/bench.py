"""Throughput and memory of the workbook against the bare spaCy pipeline (``make bench``).

Builds a corpus of N reports from the bundled sample (each copy made unique by a numbered
sentence), then measures on the same texts, in one run:
- words per second of the bare pipeline (``nlp.pipe``, no extraction, nothing written);
- words per second end to end (read from disk -> frames on disk), with 1 and 2 processes;
- peak memory (RSS of a child process) at 1x and 10x the corpus;
and writes the table to ``bench/results.md`` with the machine it ran on.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_corpus(folder: Path, n: int) -> int:
    """Write ``n`` reports into ``folder`` from the sample corpus; return their word count."""
    from analysis.reports import Report, read_reports

    sample = [r for r in read_reports([ROOT / "data" / "reports"]) if isinstance(r, Report)]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        base = sample[i % len(sample)]
        text = f"{base.text}\nThis is copy {i} of the benchmark corpus."
        front = f"---\ntitle: copy {i}\npublished: {base.published or '2025-03-01'}\n---\n"
        (folder / f"r{i:06d}.txt").write_text(front + text, encoding="utf-8")
        words += len(text.split())
    return words


def _texts(folder: Path) -> list[str]:
    from analysis.reports import Report, read_reports

    return [r.text for r in read_reports([folder]) if isinstance(r, Report)]


def bare(folder: Path, processes: int) -> float:
    """Seconds the bare spaCy pipeline takes over the corpus' texts (read beforehand)."""
    from analysis.nlp import load_model

    texts = _texts(folder)
    nlp = load_model()
    begin = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    return time.perf_counter() - begin


def end_to_end(folder: Path, processes: int) -> float:
    """Seconds from the files on disk to the frames on disk."""
    from analysis.nlp import load_model
    from analysis.pipeline import extract

    load_model()  # loaded in both measurements before the clock starts
    with tempfile.TemporaryDirectory() as out:
        begin = time.perf_counter()
        extract([folder], out, processes=processes, progress=False)
        return time.perf_counter() - begin


def peak_rss_mb(folder: Path) -> float:
    """Peak RSS (MB) of a child process that extracts the corpus."""
    code = ("import sys; sys.path.insert(0, %r); from analysis.pipeline import extract; "
            "import tempfile; d = tempfile.mkdtemp(); extract([%r], d, progress=False)"
            % (str(ROOT), str(folder)))
    subprocess.run([sys.executable, "-c", code], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports in the 1x corpus")
    parser.add_argument("--no-memory", action="store_true", help="skip the 10x memory run")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "x1"
        words = build_corpus(small, args.reports)
        for processes in (1, 2):
            t_bare = bare(small, processes)
            t_ours = end_to_end(small, processes)
            rows.append((processes, words / t_bare, words / t_ours, t_bare / t_ours))
            print(f"processes={processes}: bare {words / t_bare:,.0f} w/s, "
                  f"end to end {words / t_ours:,.0f} w/s, ratio {t_bare / t_ours:.2f}", flush=True)
        memory = {}
        if not args.no_memory:
            memory["1x"] = peak_rss_mb(small)
            big = Path(tmp) / "x10"
            build_corpus(big, args.reports * 10)
            memory["10x"] = peak_rss_mb(big)
            print(f"peak RSS: 1x {memory['1x']:.0f} MB, 10x {memory['10x']:.0f} MB", flush=True)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
               f" {platform.system()} {platform.release()}")
    lines = [f"# Benchmark ({time.strftime('%Y-%m-%d')})", "", f"Machine: {machine}.",
             f"Corpus: {args.reports} reports, {words:,} words (1x).", "",
             "| processes | bare spaCy (words/s) | end to end (words/s) | ratio (target >= 0.85) |",
             "|---|---|---|---|"]
    lines += [f"| {p} | {b:,.0f} | {o:,.0f} | {r:.2f} |" for p, b, o, r in rows]
    if memory:
        lines += ["", "| corpus | peak RSS (MB) |", "|---|---|"]
        lines += [f"| {k} | {v:,.0f} |" for k, v in memory.items()]
        lines.append(f"\n10x / 1x memory: {memory['10x'] / memory['1x']:.2f} (target < 1.5)")
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({"rows": rows, "memory": memory}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
