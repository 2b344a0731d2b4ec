"""Score the events frame against PETRARCH2's unit-test sentences (``../shared/corpus/petrarch2``).

The sentences are coded with CAMEO codes and name fictional actors (Arnor, Gondor, ...) from
PETRARCH's own actor dictionary. :func:`dictionary_to_gazetteer` turns that dictionary into a
user gazetteer CSV; :func:`evaluate_petrarch` extracts every sentence once with it and compares
each expected (source, target, event) triple with the events of that sentence, after mapping the
CAMEO root code to a PLOVER type (``PLOVER.md``). The suite's verb dictionary says its codes are
mostly WEIS, so the same codes are also read as WEIS. :func:`report` renders both as Markdown.
"""
from __future__ import annotations

import csv
import json
import logging
import re
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from evaluation import SHARED

NO_TYPE = "none"         # CAMEO 01 and 02 (WEIS 02): statements and appeals, no PLOVER type
STATEMENTS = "only statements (no PLOVER type)"
OUTSIDE = "outside"      # a code outside the codebook (the suite's private 22x, 345, 90x, ...)
_CAMEO = dict(zip([f"{i:02d}" for i in range(1, 21)], [
    NO_TYPE, NO_TYPE, "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "ACCUSE",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
    "ASSAULT", "ASSAULT", "ASSAULT"]))
_CAMEO_SUB = {f"08{i}": "RETREAT" for i in range(4, 8)}
# WEIS roots: yield, comment, consult, approve, promise, grant, reward, agree, request, propose,
# reject, accuse, protest, deny, demand, warn, threaten, demonstrate, reduce relations, expel,
# seize, force
_WEIS = dict(zip([f"{i:02d}" for i in range(1, 23)], [
    "CONCEDE", NO_TYPE, "CONSULT", "SUPPORT", "AGREE", "SUPPORT", "AID", "AGREE", "REQUEST",
    "AGREE", "REJECT", "ACCUSE", "ACCUSE", "REJECT", "REQUEST", "THREATEN", "THREATEN", "PROTEST",
    "SANCTION", "SANCTION", "COERCE", "ASSAULT"]))
_WEIS_SUB = {"011": "RETREAT", "012": "RETREAT", "061": "CONCEDE", "062": "CONSULT",
             "063": "AID", "065": "RETREAT", "066": "RETREAT", "102": "REQUEST",
             "182": "MOBILIZE"}
# The dictionary does not say which entries are people; these entries of the test suite are.
_PERSONS = {"ARAGORN", "BILBO", "BOROMIR", "ELROND", "FRODO", "GALADRIEL", "GANDALF", "GOLLUM",
            "ISILDUR", "RADAGAST THE BROWN", "ROMENDACIL", "SAM GAMGEE", "HAMFAST GAMGEE",
            "ELFSTAN FAIRBAIRN", "DODERIC BRANDYBUCK", "PRINCE OF DOL AMROTH"}
_PERSON_TITLES = ("PRESIDENT ", "PRIME MINISTER ", "KING ", "QUEEN ")
_IGO = {"IMF", "UNO", "IBR", "EEC", "G77", "WTO", "NAT"}
_SMALL = {"OF", "THE", "AND", "DE", "DU", "LA"}
_WORDS = _SMALL | {"ENT", "ORC", "DOL"}   # short words that are not acronyms


def _to_plover(code, roots: dict, subs: dict) -> str:
    code = str(code or "").strip()
    return subs.get(code[:3], roots.get(code[:2], OUTSIDE)) if re.match(r"\d\d", code) \
        else OUTSIDE


def cameo_to_plover(code) -> str:
    """Return the PLOVER type of a CAMEO event code (``PLOVER.md``): :data:`NO_TYPE` for roots
    01 and 02, :data:`OUTSIDE` for anything but roots 01-20.

    Examples
    --------
    >>> cameo_to_plover("064"), cameo_to_plover("0874"), cameo_to_plover("023")
    ('COOPERATE', 'RETREAT', 'none')
    """
    return _to_plover(code, _CAMEO, _CAMEO_SUB)


def weis_to_plover(code) -> str:
    """Return the PLOVER type of a WEIS event code (roots 01 Yield to 22 Force).

    PETRARCH's validation verb dictionary descends from a KEDS one whose codes are "most[ly]
    WEIS, not CAMEO" (its header), so the expected codes are also read this way.

    Examples
    --------
    >>> weis_to_plover("041"), weis_to_plover("064"), weis_to_plover("223")
    ('SUPPORT', 'SUPPORT', 'ASSAULT')
    """
    return _to_plover(code, _WEIS, _WEIS_SUB)


def _case(token: str, first: bool, single: bool) -> list[str]:
    bare = token.replace(".", "").replace("-", "")
    short = bare.isalpha() and bare not in _WORDS and (
        len(bare) <= 3 or (single and len(bare) == 4 and sum(c in "AEIOU" for c in bare) <= 1))
    if "." in token or (short and single):
        return [token]                                    # acronym: U.S., IMF, USSR
    if token in _SMALL and not first:
        return [token.lower()]
    variants = [token.title(), token.capitalize()]        # Al-Qaeda and Barad-dur
    return list(dict.fromkeys(variants + ([token] if short else [])))   # Red and RED, Gmo and GMO


def surface_forms(phrase: str) -> list[str]:
    """Return the cased surface forms of a PETRARCH phrase (``MINAS_TIRITH`` -> ``Minas Tirith``).

    Examples
    --------
    >>> surface_forms("PRINCE OF DOL AMROTH"), surface_forms("THE_HERMIT_KINGDOM")
    (['Prince of Dol Amroth'], ['The Hermit Kingdom', 'Hermit Kingdom'])
    """
    tokens = phrase.replace("_", " ").split()
    if not tokens:
        return []
    forms = [""]
    single = len(tokens) - (tokens[0].upper() == "THE") == 1
    for i, token in enumerate(tokens):
        forms = [f"{f} {v}".strip() for f in forms for v in _case(token.upper(), i == 0, single)]
    if tokens[0].upper() == "THE" and len(tokens) > 1:
        forms += [f.split(" ", 1)[1] for f in forms]
    for title in _PERSON_TITLES:
        words = title.count(" ")
        if (" ".join(tokens).upper() + " ").startswith(title) and len(tokens) > words:
            forms += [f.split(" ", words)[-1] for f in forms]
    return list(dict.fromkeys(forms))


def _parse(text: str) -> list[dict]:
    """Return the dictionary's entries: phrase, synonyms and code blocks, in file order."""
    text = re.sub(r"<!\s*--.*?-->", "", text, flags=re.S)
    entries: list[dict] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        head = re.sub(r"\[[^\]]*\]", "", line).strip()
        if line[0].isspace() or not head:                 # a code block of the last entry
            if entries:
                entries[-1]["codes"] += codes
        elif head.startswith("+"):
            if entries:
                entries[-1]["synonyms"].append(head[1:].strip())
        else:
            entries.append({"phrase": head, "synonyms": [], "codes": codes})
    return entries


def _pick_code(blocks: list[str]) -> str:
    """The undated code of an entry, else its first dated one (PETRARCH's default)."""
    parsed = [b.split() for b in blocks if b.split()]
    return next((p[0] for p in parsed if len(p) == 1), parsed[0][0] if parsed else "").upper()


def _kind(phrase: str, code: str) -> str:
    code = code.split("/")[0]
    name, role = phrase.replace("_", " ").upper().strip(), code[3:]
    if name in _PERSONS or name.startswith(_PERSON_TITLES):
        return "person"
    if code.startswith("IGO") or code[:3] in _IGO:
        return "igo"
    if code[:3] in ("NGO", "NGM"):
        return "organization"
    for key, kind in (("MED", "media"), ("TV", "media"), ("RAD", "media"), ("MIL", "military"),
                      ("TNK", "military"), ("REB", "armed_group"), ("ORC", "armed_group")):
        if key in role:
            return kind
    return "organization" if role else "state"


def dictionary_to_gazetteer(actors_txt: Path, out_csv: Path) -> dict[str, str]:
    """Convert a PETRARCH actor dictionary into a workbook user-gazetteer CSV.

    Each entry becomes a row named by its title-cased phrase, with its synonyms as ``|``-separated
    aliases; entries of kind state with the same code are merged (``ISRAEL``, ``ISRAELI``). The
    code's first three letters go in ``country``; a row's ``affiliation`` is the row whose code is
    the longest proper prefix of its own (``ITHMIL`` -> Ithilen).

    Parameters
    ----------
    actors_txt : Path
        ``PETR.Validate.actors.txt`` or a file in the same format.
    out_csv : Path
        Where to write the CSV (columns ``name, kind, country, aliases, affiliation``).

    Returns
    -------
    dict of str to str
        Canonical name -> PETRARCH code (alternatives kept as written, e.g. ``FRO/BIL/SAM``).
    """
    rows: dict[str, dict] = {}
    seen: set[str] = set()
    state_of_code: dict[str, str] = {}
    for entry in _parse(Path(actors_txt).read_text(encoding="utf-8", errors="replace")):
        code = _pick_code(entry["codes"])
        forms = [f for p in [entry["phrase"], *entry["synonyms"]] for f in surface_forms(p)]
        forms = [f for f in dict.fromkeys(forms) if f not in seen]
        if not forms or not code:
            continue
        seen.update(forms)
        kind = _kind(entry["phrase"], code)
        if kind == "state" and code in state_of_code:
            rows[state_of_code[code]]["aliases"] += forms
            continue
        first = code.split("/")[0]
        country = first[:3] if re.fullmatch(r"[A-Z]{3}", first[:3]) and kind != "igo" else ""
        rows[forms[0]] = {"name": forms[0], "kind": kind, "country": country,
                          "aliases": forms[1:], "code": code}
        if kind == "state":
            state_of_code.setdefault(code, forms[0])
    by_code: dict[str, str] = dict(state_of_code)
    for row in rows.values():
        if row["kind"] != "person":
            by_code.setdefault(row["code"], row["name"])

    def parent(row: dict) -> str:
        first = row["code"].split("/")[0]
        if row["kind"] == "state":
            return ""
        if first in state_of_code:
            return state_of_code[first]
        return next((by_code[first[:n]] for n in range((len(first) - 1) // 3 * 3, 2, -3)
                     if first[:n] in by_code), "")

    Path(out_csv).parent.mkdir(parents=True, exist_ok=True)
    with open(out_csv, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "kind", "country", "aliases", "affiliation"])
        for row in rows.values():
            writer.writerow([row["name"], row["kind"], row["country"],
                             "|".join(row["aliases"]), parent(row)])
    return {row["name"]: row["code"] for row in rows.values()}


def _code_match(predicted: str | None, expected: str, exact: bool) -> bool:
    return bool(predicted and expected) and any(
        p == expected if exact else p[:3] == expected[:3] for p in predicted.split("/"))


def _actor_codes(frames, mapping: dict[str, str]) -> dict[str, str | None]:
    """Actor id -> PETRARCH code: its gazetteer row, else a dictionary name inside its name
    ("Osgiliath soldiers"), else its country."""
    names = sorted(mapping, key=len, reverse=True)
    codes = {}
    for row in frames["actors"].itertuples():
        inside = row.name if row.name in mapping else next(
            (n for n in names if re.search(rf"\b{re.escape(n)}\b", str(row.name))), None)
        codes[row.actor_id] = mapping[inside] if inside else (
            row.country if pd.notna(row.country) else None)
    return codes


def _score(tests: list[dict], found_of, to_plover) -> dict:
    """Score every sentence's expected triples against its events (type, source, target codes)."""
    counts, unscored, extra, rows = Counter(), defaultdict(Counter), 0, []
    for n, t in enumerate(tests):
        found = found_of(t)
        kinds = [to_plover(x["eventcode"]) if "eventcode" in x else "empty" for x in t["expected"]]
        counts.update(kinds)
        wanted = set(kinds) - {NO_TYPE, OUTSIDE, "empty"}
        if not wanted:
            group = ("empty or error" if set(kinds) <= {"empty"} else STATEMENTS
                     if OUTSIDE not in kinds else "only codes outside the codebook")
            unscored[group].update(sentences=1, events=len(found), with_events=bool(found))
            continue
        extra += sum(ev[0] not in wanted for ev in found)
        for x, kind in zip(t["expected"], kinds):
            if kind not in wanted:
                continue
            typed = [ev for ev in found if ev[0] == kind]
            row = {"id": t["id"], "sentence": n, "eventcode": x["eventcode"], "expected_type": kind,
                   "source": x.get("sourcecode"), "target": x.get("targetcode"),
                   "emitted": ",".join(sorted({ev[0] for ev in found})), "type": bool(typed),
                   "pred_sources": ",".join(sorted({str(ev[1]) for ev in typed})),
                   "pred_targets": ",".join(sorted({str(ev[2]) for ev in typed}))}
            for tag, exact in (("country", False), ("exact", True)):
                for role, i in (("source", 1), ("target", 2)):
                    want = row[role]
                    row[f"{role}_{tag}"] = (any(_code_match(ev[i], want, exact) for ev in typed)
                                            if want else None)
                    row[f"{role}_any_{tag}"] = (any(_code_match(ev[i], want, exact)
                                                    for ev in found) if want else None)
                row[f"all_{tag}"] = any(all(_code_match(ev[i], row[r], exact) for r, i in
                                            (("source", 1), ("target", 2)) if row[r])
                                        for ev in typed)
            rows.append(row)
    table = pd.DataFrame(rows)
    agreement = {m: (int(table[m].dropna().astype(bool).sum()), int(table[m].notna().sum()))
                 for m in table.columns if m == "type" or m.endswith(("_country", "_exact"))
                 } if len(table) else {}
    return {"agreement": agreement, "expectations": dict(counts), "extra_events": extra,
            "unscored": {k: dict(v) for k, v in unscored.items()}, "rows": table}


def evaluate_petrarch(corpus_dir=None, *, model: str | None = None) -> dict:
    """Extract PETRARCH2's unit-test sentences once and score their events.

    Parameters
    ----------
    corpus_dir : path-like, optional
        The shared corpus folder (or its ``petrarch2`` folder); ``../shared/corpus`` by default.
    model : str, optional
        spaCy pipeline name.

    Returns
    -------
    dict
        ``cameo`` and ``weis``: the scores with the expected codes read as CAMEO (the brief's
        mapping) or as WEIS, each with ``agreement`` (measure -> (hits, total)),
        ``expectations`` (expected codes per PLOVER type or kind), ``unscored`` (sentences
        expecting no PLOVER event: sentences, events emitted, sentences with an event),
        ``extra_events`` (events of an unexpected type in scored sentences) and ``rows`` (one
        row per scored expectation); plus ``n_sentences``, ``n_events`` and ``seconds``.
    """
    from analysis.run.pipeline import extract

    folder, begin = Path(corpus_dir) if corpus_dir else SHARED, time.perf_counter()
    folder = folder / "petrarch2" if (folder / "petrarch2").is_dir() else folder
    tests = [json.loads(line) for line in
             (folder / "petr_unit_tests.jsonl").read_text(encoding="utf-8").splitlines() if line]
    log, level = logging.getLogger("analysis"), logging.getLogger("analysis").level
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        mapping = dictionary_to_gazetteer(folder / "PETR.Validate.actors.txt", tmp / "actors.csv")
        with open(tmp / "units.jsonl", "w", encoding="utf-8") as fh:
            for t in tests:
                d = str(t.get("date") or "")
                fh.write(json.dumps({"text": t["text"], "title": t["id"], "published":
                                     f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else None}) + "\n")
        log.setLevel(logging.ERROR)     # identical sentences are skipped as duplicates: expected
        try:
            frames = extract([tmp / "units.jsonl"], tmp / "out", model=model, progress=False,
                             gazetteer=str(tmp / "actors.csv")).frames
        finally:
            log.setLevel(level)
    codes = _actor_codes(frames, mapping)
    reports = frames["reports"]
    by_title = dict(zip(reports["title"], reports["report_id"]))
    by_text = {" ".join(str(t).split()).casefold(): r
               for t, r in zip(reports["text"], reports["report_id"])}
    events = defaultdict(list)
    for e in frames["events"].itertuples():
        events[e.report_id].append((e.event_type, codes.get(e.source_id), codes.get(e.target_id)))

    def found_of(t):
        # by text first: two ids of the suite name two different sentences each
        rid = by_text.get(" ".join(t["text"].split()).casefold()) or by_title.get(t["id"])
        return events.get(rid, [])

    return {"cameo": _score(tests, found_of, cameo_to_plover),
            "weis": _score(tests, found_of, weis_to_plover), "n_sentences": len(tests),
            "n_events": len(frames["events"]), "seconds": time.perf_counter() - begin}


_LABELS = {"type": "root type: an event of the mapped PLOVER type",
           "source": "source, among events of that type", "target": "target, among events of "
           "that type", "all": "type, source and target in one event",
           "source_any": "source, among any event of the sentence",
           "target_any": "target, among any event of the sentence"}


def _pct(hit_total) -> str:
    hit, total = hit_total
    return f"{hit}/{total} ({hit / total:.0%})" if total else "-"


def report(corpus_dir=None, *, result: dict | None = None) -> str:
    """Return the PETRARCH2 evaluation as Markdown (runs :func:`evaluate_petrarch` unless a
    result is given)."""
    r = result or evaluate_petrarch(corpus_dir)
    c, w = r["cameo"], r["weis"]
    out = [f"## petrarch2: {r['n_sentences']} unit-test sentences, {r['n_events']} events "
           f"({r['seconds']:.0f} s)", "", "| measure | CAMEO: country | CAMEO: exact code | "
           "WEIS: country | WEIS: exact code |", "|---|---|---|---|---|"]
    for m in _LABELS:
        keys = ["type", "type"] if m == "type" else [f"{m}_country", f"{m}_exact"]
        cells = [_pct(s["agreement"][k]) if s["agreement"] and (m != "type" or i == 0) else ""
                 for s in (c, w) for i, k in enumerate(keys)]
        out.append(f"| {_LABELS[m]} | " + " | ".join(cells) + " |")
    for name, s in (("CAMEO", c), ("WEIS", w)):
        e = s["expectations"]
        out += ["", f"**{name}**: {sum(e.values())} expected codes; scored "
                f"{len(s['rows'])}, without a PLOVER type {e.get(NO_TYPE, 0)}, outside the "
                f"codebook {e.get(OUTSIDE, 0)}, empty or error {e.get('empty', 0)}; events of an "
                f"unexpected type in scored sentences {s['extra_events']}. Sentences expecting "
                "no PLOVER event: " + "; ".join(
                    f"{g} {v.get('sentences', 0)} ({v.get('with_events', 0)} with events, "
                    f"{v.get('events', 0)} events)" for g, v in sorted(s["unscored"].items()))]
        rows = s["rows"]
        if len(rows):
            typed = rows["type"].astype(bool)
            fails = {"no event at all": rows["emitted"] == "",
                     "events, none of the type": ~typed & (rows["emitted"] != ""),
                     "type right, source wrong": typed & rows["source_country"].eq(False),
                     "type right, target wrong": typed & rows["target_country"].eq(False)}
            out += ["", "| failure | expectations | examples |", "|---|---|---|"]
            out += [f"| {k} | {int(v.sum())} | "
                    f"{', '.join(rows.loc[v, 'id'].drop_duplicates().head(4))} |"
                    for k, v in fails.items()]
            conf = Counter((x.expected_type, x.emitted or "-") for x in rows.itertuples()
                           if not x.type)
            out += ["", "Type confusions (expected -> emitted): " + "; ".join(
                f"{k} -> {v} ({n})" for (k, v), n in conf.most_common(6))]
    return "\n".join(out)
