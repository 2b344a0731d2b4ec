"""What tests share that is not a fixture: the paths they read from, small typed frames, and the
code cells of a notebook."""
from __future__ import annotations

from pathlib import Path

from analysis.store.schema import empty_frames, frame, validate_links

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def small_frames():
    """One report, one actor, one number: the least that exercises every link."""
    frames = empty_frames()
    frames["reports"] = frame("reports", [{"report_id": "r1", "text": "Ten troops moved.",
                                           "n_words": 3, "published": "2025-03-04"}])
    frames["actors"] = frame("actors", [{"actor_id": "a", "name": "A", "kind": "state",
                                         "n_mentions": 1, "n_reports": 1}])
    frames["numbers"] = frame("numbers", [{
        "number_id": "n1", "report_id": "r1", "sent_id": 0, "start": 0, "end": 3, "text": "Ten",
        "value": 10, "low": 10, "high": 10, "qualifier": "exact", "category": "deployed",
        "actor_id": "a"}])
    return frames



def linked_frames():
    """Two reports, four actors, three events, three numbers; r1 holds markup in its title."""
    f = empty_frames()
    f["reports"] = frame("reports", [
        {"report_id": "r1", "title": "Strike <script>alert(1)</script>", "source": "Wire",
         "published": "2024-03-01", "n_words": 14, "text": "..."},
        {"report_id": "r2", "title": "Deployment", "source": "Paper", "published": "2024-03-03",
         "n_words": 9, "text": "..."},
    ])
    f["sentences"] = frame("sentences", [
        {"report_id": "r1", "sent_id": 0, "start": 0, "end": 36,
         "text": "Army shelled Town, killing 5 people."},
        {"report_id": "r1", "sent_id": 1, "start": 37, "end": 72,
         "text": "Rebels accused the army of lying."},
        {"report_id": "r2", "sent_id": 0, "start": 0, "end": 45,
         "text": "UK plans to send about 900 troops to Estonia."},
    ])
    f["actors"] = frame("actors", [
        {"actor_id": "a1", "name": "Army", "kind": "military", "n_mentions": 2, "n_reports": 1},
        {"actor_id": "a2", "name": "Rebels", "kind": "armed_group", "n_mentions": 1,
         "n_reports": 1, "affiliation": "a1"},
        {"actor_id": "a3", "name": "United Kingdom", "kind": "state", "country": "GBR",
         "n_mentions": 1, "n_reports": 1},
        {"actor_id": "a4", "name": "Estonia", "kind": "state", "country": "EST",
         "n_mentions": 1, "n_reports": 1},
    ])
    f["mentions"] = frame("mentions", [
        {"report_id": "r1", "sent_id": 1, "start": 56, "end": 60, "text": "army", "actor_id": "a1"},
        {"report_id": "r1", "sent_id": 0, "start": 0, "end": 4, "text": "Army", "actor_id": "a1"},
        {"report_id": "r1", "sent_id": 1, "start": 37, "end": 43, "text": "Rebels",
         "actor_id": "a2"},
        {"report_id": "r2", "sent_id": 0, "start": 0, "end": 2, "text": "UK", "actor_id": "a3"},
        {"report_id": "r2", "sent_id": 0, "start": 37, "end": 44, "text": "Estonia",
         "actor_id": "a4"},
    ])
    f["events"] = frame("events", [
        {"event_id": "e3", "report_id": "r2", "sent_id": 0, "start": 9, "end": 13,
         "trigger": "send", "event_type": "MOBILIZE", "mode": "troops", "source_id": "a3",
         "target_id": "a4", "modality": "planned"},
        {"event_id": "e2", "report_id": "r1", "sent_id": 1, "start": 44, "end": 51,
         "trigger": "accused", "event_type": "ACCUSE", "source_id": "a2", "target_id": "a1",
         "modality": "asserted"},
        {"event_id": "e1", "report_id": "r1", "sent_id": 0, "start": 5, "end": 12,
         "trigger": "shelled", "event_type": "ASSAULT", "mode": "heavy-weapons",
         "source_id": "a1", "place": "Town", "date": "2024-02-29", "modality": "asserted",
         "killed": 5},
    ])
    f["numbers"] = frame("numbers", [
        {"number_id": "n2", "report_id": "r2", "sent_id": 0, "start": 17, "end": 26,
         "text": "about 900", "value": 900, "low": 800, "high": 1000, "qualifier": "approx",
         "unit": "troop", "category": "deployed", "actor_id": "a3", "event_id": "e3"},
        {"number_id": "n1", "report_id": "r1", "sent_id": 0, "start": 27, "end": 28,
         "text": "5", "value": 5, "low": 5, "high": 5, "qualifier": "exact", "unit": "people",
         "category": "killed", "event_id": "e1"},
        {"number_id": "n3", "report_id": "r2", "sent_id": 0, "start": 0, "end": 6,
         "text": "a week", "value": 7, "low": 7, "high": 7, "qualifier": "exact",
         "unit": "day", "category": "duration"},
    ])
    validate_links(f)
    return f


def notebook_code_cells(stem: str):
    """Yield ``(cell, code)`` for each code cell of ``notebooks/<stem>.ipynb``, its IPython magics
    ("%matplotlib inline") removed, so that tests can run a notebook in this process."""
    import nbformat

    for cell in nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4).cells:
        if cell.cell_type == "code":
            code = "\n".join(line for line in cell.source.splitlines()
                             if not line.lstrip().startswith("%"))
            yield cell, compile(code, f"{stem}.ipynb", "exec")
