"""Score the events frame against the MUC-4 TST4 answer keys (``../shared/corpus/muc4``).

The 100 TST4 reports are extracted with the workbook; each answer-key template (one terrorist
incident) is then compared with the events of its report:

- **incident recall**: an incident is found when its report has an event of the mapped PLOVER type
  (ATTACK, BOMBING, KIDNAPPING, ARSON -> ASSAULT; ROBBERY -> COERCE) that is not negated; it is
  "matched" when such an event also agrees on a slot: its place is named in the incident's
  location, its target names a physical or human target, or its source a perpetrator;
- **perpetrator recall**: a ``PERP: ORGANIZATION ID`` filler is found when an event of the mapped
  type in its report has a source actor whose name, an alias or the text of one of its mentions
  in the report contains the filler, or is contained in it (case-insensitive); ``PERP:
  INDIVIDUAL ID`` fillers ("URBAN GUERRILLAS", "GUNMEN") are counted the same way, apart;
- **victim counts**: each human target with a DEATH (INJURY) effect and a number in the key is
  right when one of the ``killed`` (``wounded``) figures of its report's events equals its
  number, or the total of the template's targets with that effect;
- **false events**: the events emitted on the reports that have no template, and how many of
  them are asserted (the others say they did not, may or will happen). MUC counts only
  terrorist incidents, so ASSAULT events there are the ones to look at; some are right all the
  same (army-guerrilla clashes, which MUC leaves out by rule), as are most COERCE ones (arrests).

Slot values follow ``template-doc-part1.v7``: alternatives separated by `` / ``, an optional ``?``
for uncertain fills, numbers such as ``7``, ``~10`` (about), ``6-`` / ``6 -`` (at least), ``6-8``.
"""
from __future__ import annotations

import functools
import json
import re
import tempfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Iterable, NamedTuple

import pandas as pd

MUC_FILE = Path("muc4") / "tst4-mixed-case.jsonl"
INCIDENT_TYPES = {"ATTACK": "ASSAULT", "BOMBING": "ASSAULT", "KIDNAPPING": "ASSAULT",
                  "ARSON": "ASSAULT", "ROBBERY": "COERCE"}
EFFECTS = {"DEATH": "killed", "INJURY": "wounded"}
DATELINE = re.compile(r"^[^\n]{0,80}?,\s*(\d{1,2} [A-Z][a-z]{2} \d{2})\b")
QUOTED = re.compile(r'"([^"]*)"')
MIN_NAME = 3  # shorter names or aliases never match a perpetrator by substring
PLACE_KINDS = {"district", "department", "city", "town", "province", "region", "municipality",
               "sector", "area", "neighborhood", "village", "state", "the"}


class Count(NamedTuple):
    """One accepted victim count: ``low`` to ``high`` inclusive (``high`` None: no upper bound)."""

    low: float
    high: float | None


def dateline_date(text: str) -> str | None:
    """Return the ``YYYY-MM-DD`` date of an FBIS dateline ("Lima, 2 Oct 88 (AFP) --"), or None."""
    match = DATELINE.match(text)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%d %b %y").date().isoformat()
    except ValueError:
        return None


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of an FBIS report into paragraphs (a line break inside a
    sentence splits names and confuses the parser)."""
    return re.sub(r"[ \t]*(?<!\n)\n(?!\s*\n)[ \t]*", " ", text)


def alternatives(value: str) -> list[str]:
    """Split a slot value into its alternatives, dropping the ``?`` of uncertain fills.

    Examples
    --------
    >>> alternatives('? "FMLN GENERAL COMMAND" / "FMLN"')
    ['FMLN GENERAL COMMAND', 'FMLN']
    """
    quoted = QUOTED.findall(value)
    if quoted:
        return [q.strip() for q in quoted if q.strip() and q.strip() != "-"]
    return [p.strip().lstrip("?").strip() for p in value.split(" / ") if p.strip().lstrip("?")]


def incident_types(template: dict) -> list[str]:
    """Return the incident types a template allows ("ATTACK / BOMBING" gives two)."""
    return [t for value in template.get("incident_type", []) for t in alternatives(value)]


def parse_number(text: str) -> Count | None:
    """Return the count a ``HUM TGT: NUMBER`` alternative stands for, or None for PLURAL.

    Examples
    --------
    >>> parse_number("~10"), parse_number("6 -"), parse_number("6-8")
    (Count(low=8.0, high=12.0), Count(low=6.0, high=None), Count(low=6.0, high=8.0))
    """
    text = text.strip().lstrip("?").strip()
    if match := re.fullmatch(r"~\s*(\d+)", text):
        n = float(match.group(1))
        return Count(round(n * 0.8), round(n * 1.2))
    if match := re.fullmatch(r"(\d+)\s*-\s*(\d+)", text):
        return Count(float(match.group(1)), float(match.group(2)))
    if match := re.fullmatch(r"-?\s*(\d+)\s*-?", text):
        if text.endswith("-"):
            return Count(float(match.group(1)), None)
        return Count(float(match.group(1)), float(match.group(1)))
    return None


def _split_fill(value: str) -> tuple[str, set[str]]:
    """Split ``'12 / 15: "RESIDENTS" / "CIVILIANS"'`` into the set part and its descriptions."""
    head, _, tail = value.partition(":")
    return head.strip(), {d.casefold() for d in alternatives(tail)}


def victim_counts(template: dict, effect: str) -> list[list[Count]]:
    """Return the accepted counts of each human target with ``effect`` (DEATH or INJURY).

    Targets are cross-referenced by their descriptions, the number written for the very same
    descriptions first (an INJURY of '"INJURED" / "POLICEMEN"' is not the DEATH of '"POLICEMEN"');
    a target given only as PLURAL, or whose number is missing, has no count and is left out.

    Examples
    --------
    >>> t = {"hum_tgt_number": ['1: "MAYOR"', '5: "CIVILIANS"'],
    ...      "hum_tgt_effect_of_incident": ['DEATH: "MAYOR"', 'INJURY: "CIVILIANS"']}
    >>> victim_counts(t, "INJURY")
    [[Count(low=5.0, high=5.0)]]
    """
    numbers = [_split_fill(v) for v in template.get("hum_tgt_number", [])]
    used: set[int] = set()
    out = []
    for value in template.get("hum_tgt_effect_of_incident", []):
        kinds, described = _split_fill(value)
        if effect not in alternatives(kinds) or not described:
            continue
        free = [k for k in range(len(numbers)) if k not in used]
        match = next((k for k in free if numbers[k][1] == described),   # the same target
                     next((k for k in free if numbers[k][1] & described), None))
        if match is None:
            continue
        used.add(match)
        options = [parse_number(a) for a in numbers[match][0].split(" / ")]
        if options and all(o is not None for o in options):
            out.append(options)
    return out


def with_total(entries: list[list[Count]], template: dict | None = None) -> list[list[Count]]:
    """Add to each target's counts the template's total (our figure may sum the targets): its
    ``HUM TGT: TOTAL NUMBER`` when the key gives one ("26 people, four of whom are policemen":
    26, not 30), else the sum of the targets' counts."""
    if len(entries) < 2:
        return entries
    given = [parse_number(v) for v in (template or {}).get("hum_tgt_total_number", [])]
    if given and all(g is not None for g in given):
        return [[*e, *given] for e in entries]
    low = sum(min(o.low for o in e) for e in entries)
    highs = [max((o.high for o in e), key=lambda h: float("inf") if h is None else h)
             for e in entries]
    total = Count(low, None if None in highs else sum(highs))
    return [[*e, total] for e in entries]


def count_ok(found: Iterable[float], accepted: list[Count]) -> bool:
    """Return True when one of the ``found`` figures lies in one of the ``accepted`` counts."""
    return any(c.low <= v and (c.high is None or v <= c.high) for v in found for c in accepted)


def _fold(text) -> str:
    return " ".join(str(text).split()).casefold()


def names_match(names: Iterable[str], perp: Iterable[str]) -> bool:
    """Return True when a name contains a perpetrator alternative or is contained in one."""
    names = [_fold(n) for n in names if n and len(_fold(n)) >= MIN_NAME]
    for alt in map(_fold, perp):
        if len(alt) >= MIN_NAME and any(alt in n or n in alt for n in names):
            return True
    return False


def _extract(records: list[dict], *, model: str | None) -> dict[str, pd.DataFrame]:
    from analysis.ingest.reports import Columns
    from analysis.run.pipeline import extract

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "muc4.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps({"docid": rec["docid"], "text": unwrap(rec["text"]),
                                     "published": dateline_date(rec["text"])}) + "\n")
        summary = extract([path], Path(tmp) / "run", model=model, progress=False,
                          columns=Columns(text="text", title="docid"))
        return dict(summary.frames)   # read while the run folder exists


@functools.lru_cache(maxsize=2)
def corpus_frames(corpus_dir: str, model: str | None = None, limit: int | None = None
                  ) -> tuple[list[dict], dict[str, pd.DataFrame]]:
    """Return the TST4 records and their extracted frames, extracted once per process (the
    event and the place scorers read the same frames; callers must not change them)."""
    records = read_records(corpus_dir)[:limit]
    return records, _extract(records, model=model)


def _events_by_doc(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return each report's events (by docid), with the names and aliases of their actors."""
    docid = dict(zip(frames["reports"]["report_id"], frames["reports"]["title"]))
    actors = frames["actors"].set_index("actor_id")
    events = frames["events"].copy()
    events["docid"] = events["report_id"].map(docid)
    said = frames["mentions"].groupby(["report_id", "actor_id"])["text"].agg(set).to_dict()

    def names(report_id, actor_id):
        if pd.isna(actor_id) or actor_id not in actors.index:
            return []
        row = actors.loc[actor_id]
        aliases = row["aliases"].split("; ") if pd.notna(row["aliases"]) else []
        return [row["name"], *aliases, *sorted(said.get((report_id, actor_id), ()))]

    events["source_names"] = [names(r, a) for r, a in zip(events["report_id"],
                                                          events["source_id"])]
    events["target_names"] = [names(r, a) for r, a in zip(events["report_id"],
                                                          events["target_id"])]
    return {d: g for d, g in events.groupby("docid")}


EMPTY = pd.DataFrame(columns=["event_type", "mode", "modality", "place", "source_names",
                              "target_names", "killed", "wounded"])


def _slot_values(template: dict, *slots: str) -> list[str]:
    return [a for slot in slots for value in template.get(slot, []) for a in alternatives(value)]


def place_in(place: str, location: str) -> bool:
    """Return True when a place name (without "District", "City" ...) is in a MUC location
    ("Talcahuano District" in "CHILE: TALCAHUANO (DISTRICT)")."""
    name = " ".join(w for w in _fold(place).split() if w not in PLACE_KINDS)
    return len(name) > MIN_NAME and re.search(rf"(^|[\s(:/]){re.escape(name)}($|[\s):/,])",
                                              _fold(location)) is not None


def matched(typed: pd.DataFrame, template: dict) -> bool:
    """Return True when one of the typed events agrees with the template on a slot: its place
    is in the incident's location, its target names a target, or its source the perpetrator."""
    where = _fold(" ".join(template.get("incident_location", [])))
    targets = _slot_values(template, "phys_tgt_id", "hum_tgt_name", "hum_tgt_description")
    perps = _slot_values(template, "perp_organization_id", "perp_individual_id")
    for e in typed.itertuples():
        if pd.notna(e.place) and place_in(e.place, where):
            return True
        if names_match(e.target_names, targets) or names_match(e.source_names, perps):
            return True
    return False


class Tally:
    """Counts of one MUC-4 scoring run."""

    def __init__(self):
        self.incidents = defaultdict(lambda: [0, 0, 0])   # type -> [gold, found, matched]
        self.perp = [0, 0]
        self.perp_individual = [0, 0]
        self.victims = {effect: [0, 0] for effect in EFFECTS}
        self.false_events = {"reports": 0, "events": 0, "asserted": 0, "assault": 0,
                             "coerce": 0}

    def negative(self, evs: pd.DataFrame) -> None:
        """Count the events of a report that has no incident."""
        self.false_events["reports"] += 1
        self.false_events["events"] += len(evs)
        self.false_events["asserted"] += int((evs["modality"] == "asserted").sum())
        self.false_events["assault"] += int((evs["event_type"] == "ASSAULT").sum())
        self.false_events["coerce"] += int((evs["event_type"] == "COERCE").sum())

    def template(self, template: dict, evs: pd.DataFrame) -> None:
        """Count one incident template against its report's events."""
        kinds = [k for k in incident_types(template) if k in INCIDENT_TYPES]
        if not kinds:
            return
        wanted = {INCIDENT_TYPES[k] for k in kinds}
        typed = evs[evs["event_type"].isin(wanted) & (evs["modality"] != "negated")]
        tally = self.incidents[kinds[0]]
        tally[0] += 1
        tally[1] += int(len(typed) > 0)
        tally[2] += int(matched(typed, template))
        for slot, tally in (("perp_organization_id", self.perp),
                            ("perp_individual_id", self.perp_individual)):
            for filler in template.get(slot, []):
                tally[0] += 1
                tally[1] += int(any(names_match(n, alternatives(filler))
                                    for n in typed["source_names"]))
        for effect, column in EFFECTS.items():
            for accepted in with_total(victim_counts(template, effect), template):
                self.victims[effect][0] += 1
                self.victims[effect][1] += int(count_ok(evs[column].dropna(), accepted))

    def result(self) -> dict:
        """Return the counts and rates as a dict."""
        def rate(a, b):
            return a / b if b else 0.0

        return {"incidents": {k: {"gold": g, "found": f, "matched": m, "recall": rate(f, g),
                                  "matched_recall": rate(m, g)}
                              for k, (g, f, m) in sorted(self.incidents.items())},
                "perpetrator": {"gold": self.perp[0], "found": self.perp[1],
                                "recall": rate(self.perp[1], self.perp[0])},
                "perpetrator_individual": {
                    "gold": self.perp_individual[0], "found": self.perp_individual[1],
                    "recall": rate(self.perp_individual[1], self.perp_individual[0])},
                "victims": {e: {"gold": g, "right": r, "accuracy": rate(r, g)}
                            for e, (g, r) in self.victims.items()},
                "false_events": dict(self.false_events)}


def score(records: list[dict], events_by_doc: dict[str, pd.DataFrame]) -> dict:
    """Score the events of each report against its templates (see the module docstring)."""
    tally = Tally()
    for rec in records:
        evs = events_by_doc.get(rec["docid"], EMPTY)
        if not rec["templates"]:
            tally.negative(evs)
        for template in rec["templates"]:
            tally.template(template, evs)
    return tally.result()


def read_records(corpus_dir: str | Path) -> list[dict]:
    """Return the TST4 records (``docid``, ``text``, ``templates``) of the shared corpus."""
    path = Path(corpus_dir) / MUC_FILE
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_muc4(corpus_dir: str | Path, *, model: str | None = None,
                  limit: int | None = None) -> dict:
    """Extract the MUC-4 TST4 reports and score their events against the answer keys.

    Parameters
    ----------
    corpus_dir : path-like
        The shared corpus folder (holding ``muc4/tst4-mixed-case.jsonl``).
    model : str, optional
        spaCy pipeline name.
    limit : int, optional
        Score only the first ``limit`` reports (for quick checks).

    Returns
    -------
    dict
        ``incidents`` (per MUC type: gold, found, matched, recall, matched_recall),
        ``perpetrator`` (organisations: gold, found, recall), ``perpetrator_individual``
        (the same for individual fillers), ``victims`` (DEATH / INJURY: gold, right,
        accuracy), ``false_events`` (reports without template, events emitted there, of which
        asserted, ASSAULT and COERCE), ``reports``.
    """
    records, frames = corpus_frames(str(corpus_dir), model, limit)
    result = score(records, _events_by_doc(frames))
    result["reports"] = len(records)
    return result


def report(corpus_dir: str | Path, *, model: str | None = None, limit: int | None = None) -> str:
    """Return the MUC-4 scores as Markdown (see :func:`evaluate_muc4`)."""
    s = evaluate_muc4(corpus_dir, model=model, limit=limit)
    lines = [f"## MUC-4 TST4 ({s['reports']} reports)", "",
             "| field | gold | found | score |", "|---|---|---|---|"]
    total = [0, 0, 0]
    for kind, t in s["incidents"].items():
        lines.append(f"| incident {kind} → {INCIDENT_TYPES[kind]} | {t['gold']} | {t['found']} "
                     f"({t['matched']} matched) | recall {t['recall']:.2f} "
                     f"(matched {t['matched_recall']:.2f}) |")
        total = [total[0] + t["gold"], total[1] + t["found"], total[2] + t["matched"]]
    if total[0]:
        lines.append(f"| incident, all types | {total[0]} | {total[1]} ({total[2]} matched) | "
                     f"recall {total[1] / total[0]:.2f} (matched {total[2] / total[0]:.2f}) |")
    p = s["perpetrator"]
    lines.append(f"| perpetrator organisation | {p['gold']} | {p['found']} | "
                 f"recall {p['recall']:.2f} |")
    p = s["perpetrator_individual"]
    lines.append(f"| perpetrator individual | {p['gold']} | {p['found']} | "
                 f"recall {p['recall']:.2f} |")
    for effect, v in s["victims"].items():
        lines.append(f"| victim count {effect} | {v['gold']} | {v['right']} | "
                     f"accuracy {v['accuracy']:.2f} |")
    f = s["false_events"]
    lines.append(f"| events on reports without incident | {f['reports']} reports | "
                 f"{f['events']} events ({f['asserted']} asserted) | {f['assault']} ASSAULT, "
                 f"{f['coerce']} COERCE |")
    return "\n".join(lines)


if __name__ == "__main__":
    from evaluation import SHARED

    print(report(SHARED))
