"""The workbook's extraction as the last component of the spaCy pipeline (``workbook_rows``).

With ``nlp.pipe(n_process=N)`` the extraction runs in spaCy's worker processes beside the parser:
a text sent with an :class:`ExtractTask` (:func:`analysis.nlp.tasks.run_tasks`) comes back as an
empty Doc whose context is the report's :class:`~analysis.extractors.document.Rows`, and the parsed
Doc never crosses between processes. A Doc without a task passes through untouched.
"""
from __future__ import annotations

from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from analysis.extractors.document import Rows, extract_doc
from analysis.extractors.gazetteer import load_gazetteer
from analysis.nlp.tasks import TASK
from analysis.records import Report


class ExtractTask(NamedTuple):
    """The context a report's text travels with through ``nlp.pipe``: what extraction needs."""

    report: Report
    gazetteer: str | None    # an analyst's actor CSV, as the pipeline was loaded with
    triggers: str | None = None  # an analyst's trigger CSV


EXTRACT_COMPONENT = "workbook_rows"


@Language.component(EXTRACT_COMPONENT)
def extract_component(doc: Doc) -> Doc:
    """Extract a Doc sent with an :class:`ExtractTask`; return an empty Doc carrying its Rows."""
    task = doc.user_data.pop(TASK, None) if doc.user_data else None
    if not isinstance(task, ExtractTask):
        return doc

    rows = Rows()
    extract_doc(doc, task.report, rows, load_gazetteer(task.gazetteer), task.triggers)
    done = Doc(doc.vocab, words=[])  # the rows travel back to the run, not the parse
    done._context = rows
    return done
