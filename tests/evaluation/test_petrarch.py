"""Tests of evaluation.petrarch: the actor-dictionary converter, the CAMEO / WEIS -> PLOVER
mappings, the scoring rules, and a run on PETRARCH2's unit-test sentences when the shared corpus
is beside the project."""
from __future__ import annotations

import csv

import pytest

from analysis.extractors.gazetteer import load_gazetteer
from evaluation.petrarch import (
    NO_TYPE,
    OUTSIDE,
    STATEMENTS,
    _score,
    cameo_to_plover,
    dictionary_to_gazetteer,
    evaluate_petrarch,
    report,
    surface_forms,
    weis_to_plover,
)

# A small dictionary of our own in PETRARCH's format: HTML and # comments, synonyms on "+" lines,
# a code on the next line, date-restricted code blocks, agents and an IGO.
DICTIONARY = """<!-- test dictionary
     spanning two lines -->
RHUNLAND_  [RHU]  # a trailing underscore marks an exact match
+RHUNISH
+EAST_BIGHT
HARADWAITH [HAR]
+HARADRIM
HARADWAITH_ARMY [HARMIL]
HARAD_NEWS_AGENCY [HARMED]
KING_ORTHALION [HARGOV]
VALMAR_COUNCIL [IGOVAL]
TARLOS
\t[HAR < 900101]
\t[RHU]
#OLD_ENTRY [XXX]
WANDERING_SMITHS
\t[WND 19900101 - 19991231]
\t[WNDGOV > 20000101]
"""


@pytest.mark.parametrize("code, plover", [
    ("010", NO_TYPE), ("023", NO_TYPE), ("036", "AGREE"), ("042", "CONSULT"), ("051", "SUPPORT"),
    ("061", "COOPERATE"), ("073", "AID"), ("081", "CONCEDE"), ("083", "CONCEDE"),
    ("084", "RETREAT"), ("0871", "RETREAT"), ("090", "ACCUSE"), ("1011", "REQUEST"),
    ("112", "ACCUSE"), ("120", "REJECT"), ("138", "THREATEN"), ("141", "PROTEST"),
    ("150", "MOBILIZE"), ("163", "SANCTION"), ("173", "COERCE"), ("181", "ASSAULT"),
    ("190", "ASSAULT"), ("202", "ASSAULT"), ("223", OUTSIDE), ("905", OUTSIDE), (None, OUTSIDE),
    ("x12", OUTSIDE),
])
def test_petrarch_cameo_mapping(code, plover):
    assert cameo_to_plover(code) == plover


@pytest.mark.parametrize("code, plover", [
    ("021", NO_TYPE), ("031", "CONSULT"), ("042", "SUPPORT"), ("066", "RETREAT"),
    ("102", "REQUEST"), ("122", "ACCUSE"), ("160", "THREATEN"), ("182", "MOBILIZE"),
    ("191", "SANCTION"), ("212", "COERCE"), ("223", "ASSAULT"), ("345", OUTSIDE),
])
def test_petrarch_weis_mapping(code, plover):
    assert weis_to_plover(code) == plover


@pytest.mark.parametrize("phrase, forms", [
    ("MINAS_MORGUL", ["Minas Morgul"]),
    ("COUNCIL_OF_ELROND", ["Council of Elrond"]),
    ("THE_GREY_HAVENS", ["The Grey Havens", "Grey Havens"]),
    ("AMON-SUL", ["Amon-Sul", "Amon-sul"]),
    ("U.N.", ["U.N."]), ("WFO", ["WFO"]), ("ARNOR_", ["Arnor"]),
    ("PRESIDENT_ELWING_Q._STAR", ["President Elwing Q. Star", "Elwing Q. Star"]),
])
def test_petrarch_surface_forms(phrase, forms):
    assert surface_forms(phrase) == forms


def test_petrarch_dictionary_to_gazetteer(tmp_path):
    src, out = tmp_path / "actors.txt", tmp_path / "actors.csv"
    src.write_text(DICTIONARY, encoding="utf-8")
    codes = dictionary_to_gazetteer(src, out)
    assert codes == {"Rhunland": "RHU", "Haradwaith": "HAR", "Haradwaith Army": "HARMIL",
                     "Harad News Agency": "HARMED", "King Orthalion": "HARGOV",
                     "Valmar Council": "IGOVAL", "Wandering Smiths": "WND"}
    with open(out, newline="", encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    # same-code states merge: TARLOS's undated code is RHU, so it is another name of Rhunland
    assert rows["Rhunland"]["aliases"].split("|") == ["Rhunish", "East Bight", "Tarlos"]
    assert (rows["Rhunland"]["kind"], rows["Rhunland"]["country"]) == ("state", "RHU")
    assert (rows["Haradwaith Army"]["kind"], rows["Haradwaith Army"]["affiliation"]) == (
        "military", "Haradwaith")
    assert rows["Harad News Agency"]["kind"] == "media"
    assert rows["King Orthalion"]["kind"] == "person"
    assert rows["King Orthalion"]["aliases"] == "Orthalion"
    assert (rows["Valmar Council"]["kind"], rows["Valmar Council"]["country"]) == ("igo", "")
    assert "Old Entry" not in rows
    gaz = load_gazetteer(str(out))          # the workbook accepts the file
    assert gaz.actor("East Bight").name == "Rhunland"
    assert gaz.actor("Haradrim").name == "Haradwaith"


def test_petrarch_scoring_country_and_exact():
    tests = [
        {"id": "a", "text": "", "expected": [
            {"sourcecode": "RHUGOV", "targetcode": "HAR", "eventcode": "042"},    # CONSULT
            {"sourcecode": "RHU", "targetcode": "HAR", "eventcode": "190"}]},     # ASSAULT
        {"id": "b", "text": "", "expected": [{"sourcecode": "HAR", "eventcode": "023"}]},
        {"id": "c", "text": "", "expected": [{}]},
        {"id": "d", "text": "", "expected": [{"sourcecode": "HAR", "eventcode": "905"}]},
    ]
    events = {"a": [("CONSULT", "RHU", "HARMIL"), ("SUPPORT", "HAR", "RHU")],
              "b": [("ACCUSE", "HAR", None)], "c": [], "d": []}
    s = _score(tests, lambda t: events[t["id"]], cameo_to_plover)
    a = s["agreement"]
    assert a["type"] == (1, 2)
    assert a["source_country"] == (1, 2) and a["source_exact"] == (0, 2)
    assert a["target_country"] == (1, 2) and a["target_exact"] == (0, 2)
    assert a["all_country"] == (1, 2) and a["all_exact"] == (0, 2)
    assert a["target_any_country"] == (2, 2) and a["source_any_exact"] == (1, 2)
    assert s["extra_events"] == 1                                  # the SUPPORT event
    assert s["unscored"][STATEMENTS] == {"sentences": 1, "events": 1, "with_events": 1}
    assert s["unscored"]["empty or error"]["sentences"] == 1
    assert s["unscored"]["only codes outside the codebook"]["sentences"] == 1


@pytest.fixture(scope="module")
def petrarch_result(shared_corpus):
    return evaluate_petrarch(shared_corpus)


def test_petrarch_real_dictionary_converts(shared_corpus, tmp_path):
    codes = dictionary_to_gazetteer(shared_corpus / "petrarch2" / "PETR.Validate.actors.txt",
                                    tmp_path / "actors.csv")
    gaz = load_gazetteer(str(tmp_path / "actors.csv"))
    assert codes[gaz.actor("Minas Tirith").name] == "GON"
    assert codes[gaz.actor("Eriadorian").name] == "ERI"
    assert gaz.actor("Ithilen Military").affiliation == "Ithilen"


def test_petrarch_scores_unit_sentences(petrarch_result):
    r = petrarch_result
    assert r["n_sentences"] == 284
    for book in ("cameo", "weis"):
        s = r[book]
        assert set(s["agreement"]) >= {"type", "source_country", "source_exact",
                                       "target_country", "all_country", "all_exact"}
        assert all(0 <= hit <= total for hit, total in s["agreement"].values())
        assert s["agreement"]["type"][1] == len(s["rows"]) > 0
        unscored = sum(v["sentences"] for v in s["unscored"].values())
        assert unscored + s["rows"]["sentence"].nunique() == r["n_sentences"]
    # wiring: sentences are found again by title and actors by their PETRARCH codes
    assert r["cameo"]["agreement"]["source_any_country"][0] > 0


def test_petrarch_report_is_markdown(petrarch_result):
    text = report(result=petrarch_result)
    assert text.startswith("## petrarch2")
    assert "| measure | CAMEO: country |" in text and "WEIS" in text
