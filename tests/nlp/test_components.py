"""Tests of analysis.nlp.components: extraction as the pipeline's last component."""
from __future__ import annotations

from analysis.extractors.document import Rows, extract_doc
from analysis.extractors.gazetteer import load_gazetteer
from analysis.nlp.components import EXTRACT_COMPONENT, ExtractTask
from analysis.nlp.tasks import run_tasks
from analysis.records import Report

TEXT = ("Russia deployed 500 troops to Belarus on Monday, officials said. "
        "The Rapid Support Forces killed about 40 soldiers near Kassala.")


def _report(rid: str, text: str = TEXT) -> Report:
    return Report(rid, f"{rid}.txt", None, None, None, "2025-03-04", False, text)


def test_components_component_is_the_last_of_the_pipeline(nlp):
    assert nlp.pipe_names[-1] == EXTRACT_COMPONENT


def test_components_doc_without_a_task_passes_through_untouched(nlp):
    doc = nlp(TEXT)
    assert doc.text == TEXT and len(doc.ents) > 0


def test_components_component_gives_the_rows_extract_doc_gives(nlp):
    expected = Rows()
    extract_doc(nlp(TEXT), _report("r1"), expected, load_gazetteer(None))
    [rows] = list(run_tasks(nlp, [(TEXT, ExtractTask(_report("r1"), None))]))
    assert isinstance(rows, Rows) and rows.report_ids == ["r1"]
    assert rows.tables == expected.tables
    assert rows.tables["numbers"] and rows.tables["events"]


def test_components_component_extracts_in_worker_processes(nlp):
    texts = [(f"{TEXT} Copy {k}.", ExtractTask(_report(f"r{k}", f"{TEXT} Copy {k}."), None))
             for k in range(4)]
    one = list(run_tasks(nlp, texts, processes=1))
    two = list(run_tasks(nlp, texts, processes=2, batch_size=1))
    assert [r.report_ids for r in two] == [["r0"], ["r1"], ["r2"], ["r3"]]
    assert [r.tables for r in two] == [r.tables for r in one]
