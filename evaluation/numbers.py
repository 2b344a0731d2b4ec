"""Evaluate the numbers extractor on quantulum3's own test data, and side by side with quantulum3.

:func:`report` (called by ``python -m evaluation.seed``) returns Markdown with:

- **value accuracy** on ``../shared/corpus/quantulum3``: for every quantity quantulum3's tests
  expect (``quantities.json``), is there a number of ours whose span overlaps the expected surface
  (*found*), and one whose value also equals the expected value (relative tolerance 1e-6, *right
  value*); overall and by the kind of the expected unit. We extract counts, not measurements: a
  metre or a kilogram is found as a number but never converted ("4 km^2" is 4, "1/4 inch" is not
  read), so the physical row is low by design. quantulum3 itself on the same data is shown for
  reference (offline, without its optional classifier). ``spellout_values.json`` (numbers in words)
  is scored the same way on values alone;
- a **side-by-side** on qualified and vague phrases written for this project: what quantulum3
  returns (value, unit, surface, uncertainty: it has no qualifier and no vague words) and what we
  return (value, low, high, qualifier, unit, category).

The scoring helpers (:func:`unit_group`, :func:`expected_spans`, :func:`score_expected`,
:func:`score_values`) are pure functions of plain tuples, so they are tested without spaCy.
"""
from __future__ import annotations

import json
import math
import warnings
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Sequence

# quantulum3 unit names by what they measure; any other unit is physical.
COUNT_UNITS = {"dimensionless", "dozen", "baker's dozen", "gross", "percentage"}
MONEY_UNITS = {"dollar", "euro", "pound sterling", "penny", "cent", "dime", "yen"}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade",
                  "century", "megayear", "gigayear"}
GROUPS = ("count", "money", "duration", "physical")
# Phrases of our own: (sentence, the reading a careful analyst would write down).
SIDE_BY_SIDE = [
    ("About 500 people were killed in the strikes.", "approx 500"),
    ("More than 1,600 were wounded.", "more_than 1600"),
    ("Dozens of troops were sent to the border.", "vague, 24-99"),
    ("Tens of thousands of protesters marched on parliament.", "vague, 20000-99999"),
    ("Between 20 and 30 soldiers were captured.", "range 20-30"),
    ("Britain could send up to 700 troops.", "at_most 700"),
    ("Fewer than 20 civilians remained in the village.", "less_than 20"),
    ("Nearly 300 detainees were released.", "approx 300"),
    ("A dozen officials attended the talks.", "exact 12"),
    ("Hundreds of families fled the town.", "vague, 200-999"),
    ("At least 52 people died.", "at_least 52"),
    ("Some 300,000 people have been displaced.", "approx 300000"),
    ("Roughly 2,500 soldiers are stationed there.", "approx 2500"),
    ("Scores of villagers were detained.", "vague, 40-199"),
    ("Several thousand fighters crossed the river.", "vague, 3000-9000"),
    ("A few hundred demonstrators gathered.", "vague, 200-500"),
    ("Thousands of residents were evacuated.", "vague, 2000-9999"),
    ("The toll rose to 40 or more.", "at_least 40"),
    ("20 to 30 people were hurt.", "range 20-30"),
    ("An estimated 1.2 million people need aid.", "approx 1200000"),
    ("Almost two thousand homes were destroyed.", "approx 2000"),
    ("No fewer than 15 journalists were arrested.", "at_least 15"),
    ("Upwards of 10,000 troops massed on the border.", "more_than 10000"),
    ("Millions of people lack clean water.", "vague, 2-10 million"),
    ("Police detained 112 people.", "exact 112"),
    ("Two and a half million dollars was pledged.", "exact 2500000"),
]


class Span(NamedTuple):
    """A number found in a text: character offsets and value."""

    start: int
    end: int
    value: float


class Expected(NamedTuple):
    """A quantity a test expects, located in its text (start -1 when the surface is absent)."""

    start: int
    end: int
    value: float
    group: str


def unit_group(unit: str) -> str:
    """Return "count", "money", "duration" or "physical" for a quantulum3 unit name."""
    for group, names in (("count", COUNT_UNITS), ("money", MONEY_UNITS),
                         ("duration", DURATION_UNITS)):
        if unit in names:
            return group
    return "physical"


def same_value(a: float, b: float) -> bool:
    """Equal within a relative tolerance of 1e-6 (and 1e-9 absolute, for zero)."""
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def expected_spans(text: str, res: Iterable[dict]) -> list[Expected]:
    """Locate each expected ``surface`` in ``text``, left to right, a repeated surface at its next
    occurrence."""
    out, seen = [], Counter()
    for r in res:
        surface, start = r["surface"], -1
        for _ in range(seen[surface] + 1):
            start = text.find(surface, start + 1)
            if start < 0:
                break
        seen[surface] += 1
        end = start + len(surface) if start >= 0 else -1
        out.append(Expected(start, end, float(r["value"]), unit_group(r["unit"])))
    return out


def _overlaps(e: Expected, s: Span) -> bool:
    return e.start >= 0 and s.start < e.end and e.start < s.end


def score_expected(expected: Sequence[Expected], found: Sequence[Span]) -> list[tuple[bool, bool]]:
    """For each expected quantity: (a number overlaps its surface, one of those has its value)."""
    return [(any(_overlaps(e, s) for s in found),
             any(_overlaps(e, s) and same_value(s.value, e.value) for s in found))
            for e in expected]


def score_values(expected: Sequence[float], found: Sequence[float]) -> int:
    """How many expected values are among the found ones (each found value used once)."""
    left, right = list(found), 0
    for value in expected:
        k = next((k for k, v in enumerate(left) if same_value(v, value)), None)
        if k is not None:
            right += 1
            left.pop(k)
    return right


def _ours() -> Callable[[str], list]:
    from analysis.extractors.numbers import numbers
    from analysis.nlp.model import load_model

    nlp = load_model()
    return lambda text: list(numbers(nlp(text)))


def _quantulum() -> tuple[Callable[[str], list] | None, str]:
    """quantulum3's parser, or None and why not."""
    try:
        with warnings.catch_warnings():     # "classifier dependencies not installed"
            warnings.simplefilter("ignore")
            from quantulum3 import parser
            parser.parse("1 m")
    except Exception as exc:    # noqa: BLE001 - any failure only removes the comparison
        return None, f"quantulum3 could not be used ({type(exc).__name__}: {exc})"

    def parse(text: str) -> list:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parser.parse(text)
    from importlib.metadata import version
    return parse, f"quantulum3 {version('quantulum3')}, offline, without its optional classifier"


def _accuracy(cases: list[dict], spans: Callable[[str], list[Span]]) -> tuple[dict, list]:
    """[expected, found, right value] per unit group and overall, and the count-like
    expectations without the right value."""
    totals, missed = {g: [0, 0, 0] for g in (*GROUPS, "all")}, []
    for case in cases:
        expected = expected_spans(case["req"], case["res"])
        scores = score_expected(expected, spans(case["req"]))
        for e, r, (found, right) in zip(expected, case["res"], scores):
            for key in (e.group, "all"):
                totals[key][0] += 1
                totals[key][1] += found
                totals[key][2] += right
            if e.group == "count" and not right:
                missed.append(f"\"{r['surface']}\" {r['value']:g}")
    return totals, missed


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def _accuracy_table(rows: dict[str, dict[str, list[int]]]) -> list[str]:
    lines = ["| expected unit | expected | " + " | ".join(
        f"{name} found | {name} right value" for name in rows) + " |",
        "|---|---|" + "---|---|" * len(rows)]
    for group in (*GROUPS, "all"):
        n = next(iter(rows.values()))[group][0]
        cells = " | ".join(f"{_pct(t[group][1], n)} | {_pct(t[group][2], n)}"
                           for t in rows.values())
        lines.append(f"| {group} | {n} | {cells} |")
    return lines


def _describe_ours(q) -> str:
    unit = q.unit or "-"
    return (f"{q.value:g} [{q.low:g}-{q.high:g}] {q.qualifier}, {unit}, {q.category}"
            f" ('{q.text}')")


def _describe_theirs(q) -> str:
    spread = f" \u00b1{q.uncertainty:g}" if q.uncertainty is not None else ""
    return f"{q.value:g}{spread} {q.unit.name} ('{q.surface}')"


def side_by_side(ours: Callable[[str], list], theirs: Callable[[str], list] | None) -> list[str]:
    """The Markdown table of SIDE_BY_SIDE and a line counting what each side kept."""
    lines = ["| phrase | reading | quantulum3 | ours: value [low-high] qualifier, unit, category |",
             "|---|---|---|---|"]
    kept = Counter()
    for text, reading in SIDE_BY_SIDE:
        mine = ours(text)
        other = theirs(text) if theirs else []
        kept["ours found"] += bool(mine)
        kept["theirs found"] += bool(other)
        kept["ours qualifier"] += any(q.qualifier == reading.split()[0].rstrip(",")
                                      for q in mine)
        kept["theirs range"] += any(q.uncertainty is not None for q in other)
        kept["vague"] += reading.startswith("vague")
        kept["theirs vague"] += reading.startswith("vague") and bool(other)
        their_cell = "; ".join(map(_describe_theirs, other)) or (
            "nothing" if theirs else "(not run)")
        lines.append(f"| {text} | {reading} | {their_cell} | "
                     f"{'; '.join(map(_describe_ours, mine)) or 'nothing'} |")
    n = len(SIDE_BY_SIDE)
    lines += ["", f"Ours: a number for {kept['ours found']}/{n} phrases, the analyst's qualifier "
              f"for {kept['ours qualifier']}/{n}, with a low-high range on every row."]
    if theirs:
        lines.append(
            f"quantulum3: a quantity for {kept['theirs found']}/{n} phrases "
            f"({kept['theirs vague']}/{kept['vague']} of the vague ones, and then only the scale "
            f"word: 'a few hundred' is 100); it has no qualifier: 'about', 'more than', 'up to' "
            f"and 'at least' are dropped, and only ranges keep a spread (`uncertainty`, "
            f"{kept['theirs range']} phrases). Its units are dimensions (`dimensionless`), not "
            f"what is counted, and it has no category.")
    return lines


def report(corpus_dir: str | Path) -> str:
    """Run both evaluations and return them as Markdown.

    Parameters
    ----------
    corpus_dir : str or Path
        ``../shared/corpus`` (its ``quantulum3`` folder is read), or that folder itself.

    Returns
    -------
    str
        Markdown; a line saying so when the data or quantulum3 is missing, never an exception
        for those.
    """
    folder = Path(corpus_dir)
    folder = folder / "quantulum3" if (folder / "quantulum3").is_dir() else folder
    parts = ["## numbers: quantulum3"]
    if not (folder / "quantities.json").is_file():
        return "\n\n".join(parts + [f"No quantities.json under {folder}: skipped."])
    cases = json.loads((folder / "quantities.json").read_text(encoding="utf-8"))
    ours = _ours()
    theirs, about = _quantulum()
    spans = {"ours": lambda text: [Span(q.start, q.end, q.value) for q in ours(text)]}
    if theirs:
        spans["quantulum3"] = lambda text: [Span(*q.span, q.value) for q in theirs(text)]
    rows = {name: _accuracy(cases, fn) for name, fn in spans.items()}
    missed = rows["ours"][1]
    rows = {name: totals for name, (totals, _) in rows.items()}
    parts.append(
        f"Value accuracy on quantulum3's own test sentences (`quantities.json`, {len(cases)} "
        "texts): *found* = a number of ours overlaps the expected surface, *right value* = and "
        "its value equals the expected one (1e-6 relative). We extract counts, not "
        "measurements: metres, kilograms and rates are found as numbers but not converted "
        "(\"4 km^2\", \"1/4 inch\", \"2.48\u00d710\u22125\"), and years, IDs and negative "
        "numbers are not counts to us, so the count row includes expectations we drop by design "
        "(\"1979\", \"English 101\"), and \"a dozen eggs\" is 12 eggs to us where quantulum3 "
        "expects 1 dozen. quantulum3 scored on its own tests is a reference, not a "
        f"target. {about}.\n\n" + "\n".join(_accuracy_table(rows))
        + f"\n\nCount-like expectations we do not give the value of ({len(missed)}): "
        + "; ".join(missed) + ".")
    spell = folder / "spellout_values.json"
    if spell.is_file():
        spelled = json.loads(spell.read_text(encoding="utf-8"))
        n = sum(len(c["expected_values"]) for c in spelled)
        right = {name: sum(score_values(c["expected_values"], [s.value for s in fn(c["text"])])
                           for c in spelled) for name, fn in spans.items()}
        parts.append(f"Spelled-out numbers (`spellout_values.json`, {len(spelled)} texts, {n} "
                     "values; negatives such as \"minus ten\" are not counts to us): right value "
                     + ", ".join(f"{name} {_pct(r, n)}" for name, r in right.items()) + ".")
    parts.append("### Qualified and vague phrases, side by side with quantulum3\n\n"
                 + ("" if theirs else about + ".\n\n") + "\n".join(side_by_side(ours, theirs)))
    return "\n\n".join(parts)


if __name__ == "__main__":
    from evaluation import SHARED

    print(report(SHARED))
