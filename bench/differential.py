"""Differential check: the frames every evaluation extracts (the sample, the seed report, MUC-4,
PETRARCH2), dumped to a folder, and two dumps compared frame by frame.

    python bench/differential.py dump OUT     # before and after a change
    python bench/differential.py compare BEFORE AFTER

Frames must be equal (values, dtypes and row order); a restructuring that changes none of the
extractors' behaviour prints ALL IDENTICAL.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd


def dump(out: Path) -> None:
    """Run the sample extraction and every evaluation, saving each frame set they extract."""
    from analysis.run import pipeline
    from evaluation.__main__ import main

    out.mkdir(parents=True, exist_ok=True)
    original, count = pipeline.extract, [0]

    def extract(paths, dest, *args, **kwargs):
        summary = original(paths, dest, *args, **kwargs)
        folder = out / f"{count[0]:02d}-{Path(str(list(paths)[0])).name}"
        count[0] += 1
        folder.mkdir(exist_ok=True)
        for name, df in summary.frames.items():
            df.to_pickle(folder / f"{name}.pkl")
        return summary

    pipeline.extract = extract   # the evaluations import it at call time
    with tempfile.TemporaryDirectory() as tmp:
        extract(["data/reports"], Path(tmp) / "run", progress=False)
    main(["--out", str(out / "eval.md")])


def compare(before: Path, after: Path) -> bool:
    """Print one line per frame of every dumped set; return True when all are equal."""
    same_all = True
    for folder in sorted(p for p in before.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.pkl")):
            x, y = pd.read_pickle(path), pd.read_pickle(after / folder.name / path.name)
            same = x.equals(y)
            same_all &= same
            print(f"{folder.name:40s} {path.stem:10s} {len(x):6d} vs {len(y):6d} rows  "
                  f"{'identical' if same else 'DIFFERENT'}")
    print("ALL IDENTICAL" if same_all else "DIFFERENCES FOUND")
    return same_all


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        raise SystemExit(0 if compare(Path(sys.argv[2]), Path(sys.argv[3])) else 1)
    else:
        raise SystemExit(__doc__)
