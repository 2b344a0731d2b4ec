"""Evaluation of the workbook against reference corpora, outside the product package.

``python -m evaluation`` (what ``make eval`` runs) scores the frames against the seed gold report,
MUC-4, the PETRARCH2 validation suite and the quantulum3 number cases in ``../shared/corpus``.
"""
from __future__ import annotations

from analysis.checks import project_root

SHARED = project_root().parent / "shared" / "corpus"
