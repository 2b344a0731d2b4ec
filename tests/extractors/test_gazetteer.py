"""Tests of analysis.extractors.gazetteer: aliases, places, user overrides and bad CSVs."""
from __future__ import annotations

import pytest

from analysis.errors import WorkbookError
from analysis.extractors.gazetteer import load_gazetteer, ruler_patterns


@pytest.mark.parametrize("surface, name", [
    ("U.S.", "United States"), ("Americans", "United States"), ("the Pentagon", "Pentagon"),
    ("Israeli", "Israel"), ("Lebanese", "Lebanon"), ("the United Nations", "United Nations"),
    ("Hezbollah's", "Hezbollah"),
])
def test_gazetteer_aliases(surface, name):
    assert load_gazetteer().actor(surface).name == name


def test_gazetteer_places_are_not_actors():
    gaz = load_gazetteer()
    assert gaz.actor("Middle East") is None
    assert gaz.place("the Middle East").name == "Middle East"


def test_gazetteer_user_entry_overrides_bundled(tmp_path):
    user = tmp_path / "mine.csv"
    user.write_text("name,kind,country,aliases,affiliation\n"
                    "Hezbollah,organization,LBN,Party of God,\n"
                    "Red Cedar Brigade,armed_group,LBN,Cedar Brigade,\n", encoding="utf-8")
    gaz = load_gazetteer(str(user))
    assert gaz.actor("Hezbollah").kind == "organization"
    assert gaz.actor("Party of God").name == "Hezbollah"
    assert gaz.actor("Cedar Brigade").name == "Red Cedar Brigade"
    assert {"label": "ORG", "pattern": "Cedar Brigade", "id": "Red Cedar Brigade"} in \
        ruler_patterns(str(user))


@pytest.mark.parametrize("content, reason", [
    ("name,kind\nX,state\n", "missing column"),
    ("name,kind,country,aliases,affiliation\nX,planet,,,\n", "unknown kind"),
    ("name,kind,country,aliases,affiliation\nX,state,,,Nowhere Land\n", "affiliation"),
])
def test_gazetteer_bad_user_csv_is_a_clear_error(tmp_path, content, reason):
    user = tmp_path / "bad.csv"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(WorkbookError, match=reason):
        load_gazetteer(str(user))
