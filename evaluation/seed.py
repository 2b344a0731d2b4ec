"""Score frames against hand-annotated gold files (``../shared/corpus/seed/gold.json`` format).

:func:`evaluate_gold` extracts each gold report with the workbook and
prints precision, recall and F1 of the actors, numbers and events frames, as the corpus README
defines them (``python -m evaluation`` prints them).
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Mapping

import pandas as pd

from analysis.store.runfolder import load_frames


def _fold(text) -> str:
    return " ".join(str(text).split()).casefold()


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "predicted": n_pred, "gold": n_gold}


def _actor_surfaces(frames: Mapping[str, pd.DataFrame]) -> dict[str, set[str]]:
    surfaces = {row.actor_id: {_fold(row.name)} for row in frames["actors"].itertuples()}
    for row in frames["mentions"].itertuples():
        surfaces.setdefault(row.actor_id, set()).add(_fold(row.text))
    return surfaces


def _gold_actor_of(surfaces: set[str], gold: list[dict]) -> dict | None:
    for g in gold:
        if surfaces & {_fold(a) for a in [g["name"], *g.get("aliases", [])]}:
            return g
    return None


def score_actors(frames, gold) -> dict:
    """Precision and recall of the actors frame, and kind / country accuracy of matched actors."""
    surfaces = _actor_surfaces(frames)
    matched = {}
    for row in frames["actors"].itertuples():
        g = _gold_actor_of(surfaces.get(row.actor_id, set()), gold["actors"])
        if g is not None:
            matched[row.actor_id] = (g, row)
    found_core = {g["name"] for g, _ in matched.values() if g.get("core")}
    core = [g for g in gold["actors"] if g.get("core")]
    result = _prf(len(matched), len(frames["actors"]), len(found_core), len(core))
    typed = [row.kind in g["kind"] and (row.country if pd.notna(row.country) else None)
             == g.get("country") for g, row in matched.values()]
    result["kind_country_accuracy"] = sum(typed) / len(typed) if typed else 0.0
    result["mistyped"] = sorted(f"{row.name} ({row.kind}, {row.country}; gold {g['kind']}, "
                                f"{g.get('country')})" for (g, row), ok in
                                zip(matched.values(), typed) if not ok)
    result["missed"] = sorted({g["name"] for g in core} - found_core)
    result["wrong"] = sorted(set(frames["actors"]["name"]) - {r.name for _, r in matched.values()})
    return result


def _sentence_text(frames) -> dict[tuple[str, int], str]:
    return {(r.report_id, r.sent_id): r.text for r in frames["sentences"].itertuples()}


def _in(value, accepted) -> bool:
    return not accepted or (pd.notna(value) and _fold(value) in {_fold(a) for a in accepted})


def score_numbers(frames, gold) -> dict:
    """Precision and recall of the numbers frame: value in range, unit and category accepted."""
    sents = _sentence_text(frames)
    matched_gold, tp = set(), 0
    for row in frames["numbers"].itertuples():
        sent = sents.get((row.report_id, row.sent_id), "")
        hit = None
        for k, g in enumerate(gold["numbers"]):
            if (g["anchor"] in sent and g["accept"][0] <= row.value <= g["accept"][1]
                    and _in(row.unit, g.get("unit")) and _in(row.category, g.get("category"))):
                hit = k
                break
        if hit is not None:
            tp += 1
            matched_gold.add(hit)
    core = [k for k, g in enumerate(gold["numbers"]) if g.get("core")]
    result = _prf(tp, len(frames["numbers"]), len(matched_gold & set(core)), len(core))
    result["missed"] = [gold["numbers"][k]["text"] + " @ " + gold["numbers"][k]["anchor"]
                        for k in core if k not in matched_gold]
    return result


def _role_ok(actor_id, names, frames, gold_actors) -> bool:
    if not names:
        return True
    if pd.isna(actor_id):
        return False
    actors = frames["actors"].set_index("actor_id")
    surfaces = _actor_surfaces(frames).get(actor_id, set())
    wanted = [g for g in gold_actors if g["name"] in names]
    if _gold_actor_of(surfaces, wanted) is not None or _fold(actors.loc[actor_id, "name"]) in {
            _fold(n) for n in names}:
        return True
    country = actors.loc[actor_id, "country"]
    return pd.notna(country) and any(g.get("country") == country and "state" in g["kind"]
                                     for g in wanted)


def score_events(frames, gold) -> dict:
    """Precision and recall of the events frame (type, source and target), and modality accuracy
    of the core gold events found."""
    sents = _sentence_text(frames)
    matched, tp, modality_ok = {}, 0, []
    for row in frames["events"].itertuples():
        sent = sents.get((row.report_id, row.sent_id), "")
        fits = [k for k, g in enumerate(gold["events"]) if g["anchor"] in sent and (
            g["type"] == ["*"] or (
                row.event_type in g["type"]
                and _role_ok(row.source_id, g.get("source"), frames, gold["actors"])
                and _role_ok(row.target_id, g.get("target"), frames, gold["actors"])))]
        # one gold event per prediction: an event not yet credited first
        hit = next((k for k in fits if k not in matched and gold["events"][k]["type"] != ["*"]),
                   fits[0] if fits else None)
        if hit is not None:
            tp += 1
            if gold["events"][hit]["type"] != ["*"]:
                matched.setdefault(hit, []).append(row.modality)
    core = [k for k, g in enumerate(gold["events"]) if g.get("core")]
    found = [k for k in core if k in matched]
    result = _prf(tp, len(frames["events"]), len(found), len(core))
    for k in found:
        modality_ok.append(any(m in gold["events"][k].get("modality", [m]) for m in matched[k]))
    result["modality_accuracy"] = sum(modality_ok) / len(modality_ok) if modality_ok else 0.0
    result["missed"] = [gold["events"][k]["anchor"] for k in core if k not in matched]
    return result


def evaluate_gold(gold_path: Path, *, model: str | None = None) -> dict[str, dict]:
    """Extract the report a gold file describes and score actors, numbers and events."""
    from analysis.run.pipeline import extract

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        extract([gold_path.parent / gold["report"]], tmp, model=model, progress=False)
        frames = load_frames(tmp)
    return {"actors": score_actors(frames, gold), "numbers": score_numbers(frames, gold),
            "events": score_events(frames, gold)}


def table(scores: Mapping[str, dict]) -> str:
    """Return scores as a Markdown table."""
    lines = ["| frame | precision | recall | F1 | predicted | gold | extra |",
             "|---|---|---|---|---|---|---|"]
    for name, s in scores.items():
        extra = ", ".join(f"{k} {v:.2f}" for k, v in s.items() if k.endswith("accuracy"))
        lines.append(f"| {name} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | "
                     f"{s['predicted']} | {s['gold']} | {extra} |")
    return "\n".join(lines)
