"""Tests of analysis.extractors.document: the rows of one Doc."""
from __future__ import annotations

import pytest

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


def _numbers(nlp, text):
    from analysis.extractors.document import extract_doc
    from analysis.extractors.gazetteer import load_gazetteer
    from analysis.records import Report

    rows = Rows()
    report = Report("r1", "r1.txt", None, None, None, "2025-03-05", False, text)
    extract_doc(nlp(text), report, rows, load_gazetteer())
    return {(r["text"], r["category"]) for r in rows.tables["numbers"]}, rows



@pytest.mark.parametrize("text, number, category", [
    ("Gunmen killed 11 villagers in Zamfara state.", "11", "killed"),
    ("Three civilians were wounded in the shelling.", "Three", "wounded"),
    ("An earthquake killed at least 3,000 people in the region.", "at least 3,000", "other"),
    ("The drug may be linked to 5,000 deaths.", "5,000", "other"),
])
def test_document_casualty_figures_need_violence(nlp, text, number, category):
    found, rows = _numbers(nlp, text)
    assert (number, category) in found
    tolls = [e.get(category) for e in rows.tables["events"]]
    assert (category in ("killed", "wounded")) == any(t is not None for t in tolls)



def test_document_generic_actors_take_the_report_country(nlp):
    text = ("Police fired tear gas at protesters in Nairobi on Monday. Officers said the crowd "
            "had blocked a road near Mombasa.")
    _, rows = _numbers(nlp, text)
    police = [m for m in rows.tables["mentions"] if m["actor_kind"] == "police"]
    assert police and {m["actor_country"] for m in police} == {"KEN"}
    assert police[0]["actor_name"] == "Police Forces of Kenya"


def test_document_main_country_is_the_commonest():
    from analysis.extractors.document import main_country
    from analysis.extractors.places import Place

    def at(country):
        return Place(0, 1, "x", "x", country, 0, 1)

    assert main_country([at("KEN"), at(None), at("SOM"), at("SOM")]) == "SOM"
    assert main_country([at("KEN"), at("SOM")]) == "KEN"
    assert main_country([]) is None


@pytest.mark.parametrize("text, toll, value", [
    ("A lieutenant and five civilians were injured by the explosion.", "wounded", 6),
    ("The bomb killed the mayor and three bodyguards in Lima.", "killed", 4),
    ("The bomb killed three bodyguards in Lima.", "killed", 3),
])
def test_document_people_named_beside_a_figure_count_too(nlp, text, toll, value):
    _, rows = _numbers(nlp, text)
    assert max(e.get(toll) or 0 for e in rows.tables["events"]) == value


def test_document_things_beside_a_figure_are_nobody(nlp):
    _, rows = _numbers(nlp, "The bomb attack in Lima resulted in seven people injured and "
                            "considerable property damage.")
    assert max(e.get("wounded") or 0 for e in rows.tables["events"]) == 7


@pytest.mark.parametrize("text, number, category", [
    # a dateline the parse takes for the subject leaves "Between" as a phrase of its own
    ("KUDA, Nigeria, March 8 (Savanna Wire) - Between 30 and 35 people were killed in "
     "fighting between the army and Boko Haram around Kuda.", "Between 30 and 35", "killed"),
    # people held who come home are released
    ("About 250 prisoners were flown home on Monday.", "About 250", "released"),
    ("The Houthis released 120 detainees in Sanaa.", "120", "released"),
    ("Police detained 40 suspects in Kano.", "40", "arrested"),
])
def test_document_figure_categories_as_written(nlp, text, number, category):
    found, rows = _numbers(nlp, text)
    assert (number, category) in found
