"""Tests of analysis.extractors.document: the rows of one Doc."""
from __future__ import annotations

from analysis.extractors.document import Rows


def test_document_rows_extend_keeps_report_order():
    a, b = Rows(), Rows()
    a.report_ids.append("x")
    a.tables["reports"].append({"report_id": "x"})
    b.report_ids.append("y")
    b.tables["reports"].append({"report_id": "y"})
    a.extend(b)
    assert a.report_ids == ["x", "y"] and len(a) == 2
    assert [r["report_id"] for r in a.tables["reports"]] == ["x", "y"]
