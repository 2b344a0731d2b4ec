"""Tests of analysis.ingest.lead: headlines and datelines of reports with no front matter."""
from __future__ import annotations

import pytest

from analysis.ingest.lead import dateline_date, headline
from analysis.ingest.reports import read_reports


@pytest.mark.parametrize("text, date", [
    ("BAMAKO, April 12, 2025 - Gunmen attacked a convoy.", "April 12, 2025"),
    ("KYIV, 26 March 2025 (Steppe Courier) - A missile hit a depot.", "26 March 2025"),
    ("GOMA, Democratic Republic of Congo, Sept. 3, 2024 - Fighting resumed.", "Sept. 3, 2024"),
    ("Convoy hit near Gao\n\nBAMAKO, April 12, 2025 - Gunmen attacked a convoy.",
     "April 12, 2025"),                                    # after a headline
    ("BAMAKO, April 12 (Savanna Wire) - Gunmen attacked a convoy.", None),   # no year
    ("The army said on April 12, 2025 - a Saturday - that it had retaken Gao.", None),
])
def test_lead_dateline_dates(text, date):
    assert dateline_date(text) == date


@pytest.mark.parametrize("text, title", [
    ("Convoy hit near Gao\n\nBAMAKO, April 12, 2025 - Gunmen attacked a convoy.",
     "Convoy hit near Gao"),
    ("Gunmen attacked a convoy near Gao on Friday.\n\nFive soldiers died.", None),   # a sentence
    ("BAMAKO\n\nGunmen attacked a convoy near Gao on Friday.", None),               # a place
    ("One line only, no blank after\nand the text goes on.", None),
    ("# Convoy hit near Gao\n\nGunmen attacked a convoy near Gao.", None),   # markup, not a head
    ('"We will return," rebels say\n\nRebels vowed to retake Gao.', '"We will return," rebels say'),
])
def test_lead_headlines(text, title):
    assert headline(text) == title


def test_lead_a_plain_text_report_takes_its_headline_and_dateline(tmp_path):
    path = tmp_path / "convoy.txt"
    path.write_text("Convoy hit near Gao\n\nBAMAKO, April 12, 2025 - Gunmen attacked a convoy "
                    "near Gao on Friday, killing five soldiers, the army said.\n")
    (report,) = read_reports([path])
    assert (report.title, report.published, report.published_assumed) == (
        "Convoy hit near Gao", "2025-04-12", False)


def test_lead_front_matter_wins_over_the_text(tmp_path):
    path = tmp_path / "convoy.md"
    path.write_text("---\ntitle: Attack on a convoy\npublished: 2025-04-13\n---\n"
                    "Convoy hit near Gao\n\nBAMAKO, April 12, 2025 - Gunmen attacked a convoy.\n")
    (report,) = read_reports([path])
    assert (report.title, report.published) == ("Attack on a convoy", "2025-04-13")
