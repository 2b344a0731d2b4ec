"""Tests of analysis.store.export and ``python -m analysis export``: spreadsheets safe to open."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from analysis import cli
from analysis.errors import ParameterError
from analysis.store.export import EXCEL_CELL_CHARS, escape_formula, export
from analysis.store.schema import empty_frames, frame

HOSTILE = ['=HYPERLINK("http://example.org/x","click")', "+1+1", "-2+3", "@SUM(A1)",
           "\t=1+1"]


def _frames():
    f = empty_frames()
    f["reports"] = frame("reports", [
        {"report_id": f"r{k}", "title": title, "source": "Outlet", "published": "2025-03-04",
         "n_words": 10 + k, "text": "x" * (EXCEL_CELL_CHARS + 5) if k == 0 else "short"}
        for k, title in enumerate(HOSTILE)])
    return f


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("-5 dead", "'-5 dead"), ("Gunmen killed 5", "Gunmen killed 5"),
    (3, 3), (None, None),
])
def test_export_escape_formula(value, expected):
    assert escape_formula(value) == expected


def test_export_excel_sheets_types_and_no_formula(tmp_path):
    path = export(_frames(), tmp_path / "run.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(empty_frames())          # one sheet per frame, in order
    ws = wb["reports"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]
    assert [r["title"] for r in rows] == ["'" + t for t in HOSTILE]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)   # no formula cell
    assert isinstance(rows[0]["n_words"], int) and isinstance(rows[0]["published"], dt.datetime)
    assert len(rows[0]["text"]) == EXCEL_CELL_CHARS                     # Excel's cell limit
    assert list(tmp_path.iterdir()) == [path]                           # no temporary left


def test_export_csv_folder(tmp_path):
    folder = export(_frames(), f"{tmp_path}/csv/")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in empty_frames())
    back = pd.read_csv(folder / "reports.csv")
    assert back["title"].tolist() == ["'" + t for t in HOSTILE]


@pytest.mark.parametrize("to", ["run.pdf", "missing/run.xlsx"])
def test_export_bad_target_names_it(tmp_path, to):
    with pytest.raises(ParameterError, match="to"):
        export(_frames(), tmp_path / to)


def test_export_command(tmp_path, capsys):
    from analysis.store.runfolder import write_frames

    write_frames(_frames(), tmp_path / "run")
    assert cli.main(["export", str(tmp_path / "run"), "--to", str(tmp_path / "out.xlsx")]) == 0
    assert "exported reports 5" in capsys.readouterr().err
    assert cli.main(["export", str(tmp_path / "nowhere"), "--to", str(tmp_path / "o.xlsx")]) == 2
    assert "RUN_FOLDER" in capsys.readouterr().err
