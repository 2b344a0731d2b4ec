"""Run every evaluation whose corpus is present and print the tables (``make eval``)."""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from evaluation import SHARED, places
from evaluation.seed import evaluate_gold, table

# (module with report(corpus_dir) -> Markdown, the corpus folder it needs)
EXTRA_EVALUATIONS = [("numbers", "quantulum3"), ("muc4", "muc4"), ("petrarch", "petrarch2")]


def main(argv: list[str] | None = None) -> int:
    """Run every evaluation whose corpus is present and print the tables."""
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--corpus", default=str(SHARED), help="the shared corpus folder")
    parser.add_argument("--out", help="also write the results as Markdown to this file")
    parser.add_argument("--verbose", action="store_true", help="list missed and wrong rows")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    golds = sorted(corpus.glob("*/gold.json"))
    if not golds:
        print(f"error: no gold.json under {corpus}", file=sys.stderr)
        return 1
    parts = []
    for gold_path in golds:
        scores = evaluate_gold(gold_path)
        parts.append(f"## {gold_path.parent.name}: {gold_path.parent / json.loads(gold_path.read_text())['report']}\n\n{table(scores)}")
        if args.verbose:
            for name, s in scores.items():
                for key in ("missed", "wrong", "mistyped"):
                    if s.get(key):
                        parts.append(f"- {name} {key}: " + "; ".join(map(str, s[key])))
    for module, folder in EXTRA_EVALUATIONS:
        if (corpus / folder).is_dir():
            evaluation = importlib.import_module(f"evaluation.{module}")
            parts.append(evaluation.report(corpus))
    parts.append(places.report(corpus, verbose=args.verbose))   # MUC-4, seed, own sentences
    text = "\n\n".join(parts)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
