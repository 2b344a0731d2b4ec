"""Throughput, memory and re-run time against the bare spaCy pipeline (``make bench``).

Builds corpora from the bundled sample (each copy made unique by a numbered sentence), then
measures, in one run and on the same texts:

- words per second of the bare pipeline (``nlp.pipe``: no extraction, nothing written) and of the
  extraction end to end (files on disk -> frames on disk), with 1 and with 2 processes, and the
  ratio (target: at least 0.85);
- peak memory (RSS of a child process, ``wait4``) extracting the memory corpus at 1x and at 10x
  (target: 10x under 1.5 times 1x);
- the time of a re-run with no new reports over the 10x run folder, in a fresh process, imports
  included (target: under 5 s for 1,000 reports);

then prints the table and writes it to ``bench/results.md`` with the machine and its load.
The defaults take about twelve minutes on two cores.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_corpus(folder: Path, n: int) -> int:
    """Write ``n`` reports into ``folder`` from the sample corpus; return their word count."""
    from analysis.ingest.reports import read_reports
    from analysis.records import Report

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
    from analysis.ingest.reports import read_reports
    from analysis.records import Report

    return [r.text for r in read_reports([folder]) if isinstance(r, Report)]


def bare(folder: Path, processes: int) -> float:
    """Seconds the bare spaCy pipeline takes over the corpus' texts (read beforehand)."""
    from analysis.nlp.model import load_model

    texts = _texts(folder)
    nlp = load_model()
    begin = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    return time.perf_counter() - begin


def end_to_end(folder: Path, processes: int) -> float:
    """Seconds from the files on disk to the frames on disk, in a new run folder."""
    from analysis.nlp.model import load_model
    from analysis.run.pipeline import extract

    load_model()  # loaded in both measurements before the clock starts
    with tempfile.TemporaryDirectory() as out:
        begin = time.perf_counter()
        extract([folder], out, processes=processes, progress=False)
        return time.perf_counter() - begin


def run_child(folder: Path, out: Path) -> tuple[float, float, float]:
    """Extract ``folder`` into ``out`` in a fresh Python; return its seconds, peak RSS (MB, from
    ``wait4``) and RSS when the run has finished (MB)."""
    code = (f"import analysis; analysis.extract([{str(folder)!r}], {str(out)!r}, progress=False);"
            "import os; print(int(open('/proc/self/statm').read().split()[1]) * "
            "os.sysconf('SC_PAGE_SIZE'))")
    begin = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"benchmark child failed ({proc.returncode}): {code}")
    return (time.perf_counter() - begin, usage.ru_maxrss / 1024,
            int(stdout.split()[-1]) / 2**20)


def machine() -> str:
    """Describe the machine: architecture, cores, memory, Python, system."""
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = float("nan")
    return (f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200,
                        help="reports of the throughput corpus (default %(default)s)")
    parser.add_argument("--memory-reports", type=int, default=100,
                        help="reports of the 1x memory corpus; 10x is ten times that and is the "
                             "run folder of the re-run (default %(default)s)")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the memory runs and the re-run")
    parser.add_argument("--repeat", type=int, default=3,
                        help="throughput runs of each side, alternating; the best of each counts, "
                             "as with timeit, so a passing job on the machine weighs less "
                             "(default %(default)s)")
    args = parser.parse_args(argv)
    load = [os.getloadavg()[0]]
    rows, memory, rerun = [], {}, None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        words = build_corpus(tmp / "throughput", args.reports)
        for processes in (1, 2):
            t_bare, t_ours = float("inf"), float("inf")
            for _ in range(max(1, args.repeat)):
                t_bare = min(t_bare, bare(tmp / "throughput", processes))
                t_ours = min(t_ours, end_to_end(tmp / "throughput", processes))
            rows.append((processes, words / t_bare, words / t_ours, t_bare / t_ours))
            print(f"processes={processes}: bare {words / t_bare:,.0f} w/s, "
                  f"end to end {words / t_ours:,.0f} w/s, ratio {t_bare / t_ours:.2f}", flush=True)
        if not args.no_memory:
            for scale in (1, 10):
                n = args.memory_reports * scale
                build_corpus(tmp / f"x{scale}", n)
                seconds, peak, final = run_child(tmp / f"x{scale}", tmp / f"run{scale}")
                memory[f"{scale}x ({n} reports)"] = (peak, final)
                print(f"{n} reports: {seconds:.0f} s, peak RSS {peak:.0f} MB, "
                      f"{final:.0f} MB at the end", flush=True)
            rerun = run_child(tmp / "x10", tmp / "run10")[0], args.memory_reports * 10
            print(f"re-run over {rerun[1]} processed reports, none new: {rerun[0]:.1f} s",
                  flush=True)
    load.append(os.getloadavg()[0])
    lines = [f"# Benchmark ({time.strftime('%Y-%m-%d')})", "",
             f"Machine: {machine()}. Load average (1 min) {load[0]:.1f} at the start, "
             f"{load[1]:.1f} at the end: other jobs on the machine slow both sides.",
             f"Throughput corpus: {args.reports} reports, {words:,} words; the best of "
             f"{max(1, args.repeat)} alternating runs of each side.", "",
             "| processes | bare spaCy (words/s) | end to end (words/s) | ratio (target >= 0.85) |",
             "|---|---|---|---|"]
    lines += [f"| {p} | {b:,.0f} | {o:,.0f} | {r:.2f} |" for p, b, o, r in rows]
    if memory:
        values = [peak for peak, _ in memory.values()]
        lines += ["", "| corpus | peak RSS (MB) | RSS at the end of the run (MB) |",
                  "|---|---|---|"]
        lines += [f"| {k} | {p:,.0f} | {f:,.0f} |" for k, (p, f) in memory.items()]
        lines += ["", f"10x / 1x peak memory: {values[1] / values[0]:.2f} (target < 1.5)", "",
                  f"Re-run with no new reports over {rerun[1]} processed reports (a fresh "
                  f"process, imports included): {rerun[0]:.1f} s (target < 5 s)"]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(json.dumps({"rows": rows, "memory": memory, "rerun_seconds": rerun and rerun[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
