"""Tests of analysis.views.incident_view: one block per incident, every report linked, its dates
and its figures side by side with who gave them."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from analysis.store.runfolder import load_frames
from analysis.views.incident_view import incident_view
from analysis.views.incidents import incidents
from tests.support import ROOT
from tests.views.test_incidents import EL_OBEID, FIGURES, _frames


def _blocks(page):
    soup = BeautifulSoup(page, "html.parser")
    return soup.select("div.incident-view")


def test_incident_view_reports_side_by_side():
    frames = _frames(EL_OBEID, FIGURES)
    frames["reports"]["url"] = ["https://example.org/r1?a=1&b=2", None, None]
    page = incident_view(frames, incidents(frames))
    (block,) = _blocks(page)
    assert "ASSAULT" in block.h4.text and "El Obeid" in block.h4.text
    head = [th.text for th in block.select("thead th")]
    assert head == ["report", "outlet", "published", "dates given", "≠ killed", "wounded"]
    rows = {tr.select("td")[0].text: [td.text for td in tr.select("td")]
            for tr in block.select("tbody tr")}
    assert rows["Report r1"][4] == "about 40 (36–44) — the health ministry"
    assert rows["Report r2"][4] == "at least 52 (52–78) — local officials"
    assert rows["Report r1"][5].startswith("more than 60") and rows["Report r2"][5] == "–"
    assert rows["Report r1"][3].startswith("03 Mar 2025") and rows["Report r2"][3] == "–"
    assert block.select_one("a")["href"] == "https://example.org/r1?a=1&b=2"


def test_incident_view_escapes_and_says_when_there_is_none():
    frames = _frames(EL_OBEID, FIGURES)
    frames["reports"].loc[0, "title"] = "<script>alert(1)</script>"
    page = incident_view(frames, incidents(frames))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "No incident" in incident_view(frames, incidents(frames).iloc[0:0])


@pytest.mark.slow
def test_incident_view_finds_the_four_sample_incidents(tmp_path):
    from analysis.run.pipeline import extract

    extract([ROOT / "data" / "reports"], tmp_path / "run", progress=False)
    frames = load_frames(tmp_path / "run")
    page = incident_view(frames, incidents(frames, min_reports=2))
    heads = [b.h4.text for b in _blocks(page)]
    for place in ("El Obeid", "Uvira", "Estonia"):
        assert any(place in h for h in heads), (place, heads)
    assert any("released" in [th.text.lstrip("≠ ") for th in b.select("thead th")]
               for b in _blocks(page))                     # the Yemen exchange
    uvira = next(b for b in _blocks(page) if "ASSAULT" in b.h4.text and "Uvira" in b.h4.text)
    assert "Between 30 and 35 (30–35)" in uvira.text       # a range is killed, not "other"
