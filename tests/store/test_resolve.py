"""Tests of analysis.store.resolve: actor records across a corpus and their ids."""
from __future__ import annotations

import pytest

from analysis.extractors.actors import mentions
from analysis.extractors.gazetteer import load_gazetteer
from analysis.store.resolve import actor_id, actor_records, assign_ids


def test_resolve_records_count_mentions_reports_and_dates(nlp):
    gaz = load_gazetteer()
    a = list(mentions(nlp("Israel struck. Israel said so."), gaz))
    b = list(mentions(nlp("The Pentagon and Israel met."), gaz))
    rows = {r["name"]: r for r in actor_records(
        [("r1", "2025-03-01", a), ("r2", "2025-03-05", b)], gaz)}
    assert rows["Israel"]["n_mentions"] == 3 and rows["Israel"]["n_reports"] == 2
    assert (rows["Israel"]["first_seen"], rows["Israel"]["last_seen"]) == ("2025-03-01",
                                                                          "2025-03-05")
    # an institution's state is an actor of its own, and its affiliation
    assert rows["Pentagon"]["affiliation"] == rows["United States"]["actor_id"]


@pytest.mark.parametrize("names, expected", [
    (["United States"], {"United States": "united-states"}),
    (["U.S. Navy", "US Navy"], {"U.S. Navy": "u-s-navy", "US Navy": "us-navy"}),
    (["A-B", "A B"], {"A B": "a-b", "A-B": "a-b-2"}),
])
def test_resolve_ids_are_unique_slugs(names, expected):
    assert assign_ids(names) == expected
    assert actor_id("Hezbollah") == "hezbollah"
