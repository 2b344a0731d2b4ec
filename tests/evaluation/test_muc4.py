"""Tests of evaluation.muc4: slot parsing and scoring on small examples, and a short run on
the shared MUC-4 corpus (skipped when ../shared/corpus is absent)."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation.muc4 import (
    Count,
    alternatives,
    count_ok,
    dateline_date,
    incident_types,
    matched,
    names_match,
    parse_number,
    place_in,
    report,
    score,
    unwrap,
    victim_counts,
    with_total,
)


@pytest.mark.parametrize("text, expected", [
    ("Lima, 2 Oct 88 (AFP) -- [Text] Terrorists attacked.", "1988-10-02"),
    ("Berlin (FRG), 6 Nov 88 (ADN/ND) -- [Text] At a news conference", "1988-11-06"),
    ("San Salvador, 24 Oct 88 (Canal Doce Television) -- [Report]", "1988-10-24"),
    ("No dateline here, just text.", None),
])
def test_muc4_dateline_date(text, expected):
    assert dateline_date(text) == expected


@pytest.mark.parametrize("value, expected", [
    ('"FMLN"', ["FMLN"]),
    ('? "FMLN GENERAL COMMAND" / "FMLN"', ["FMLN GENERAL COMMAND", "FMLN"]),
    ("ATTACK / BOMBING", ["ATTACK", "BOMBING"]),
    ('"-"', []),
])
def test_muc4_alternatives(value, expected):
    assert alternatives(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("7", Count(7, 7)), ("? 20", Count(20, 20)), ("~10", Count(8, 12)),
    ("6-", Count(6, None)), ("2 -", Count(2, None)), ("- 12", Count(12, 12)),
    ("6-8", Count(6, 8)), ("PLURAL", None),
])
def test_muc4_parse_number(text, expected):
    assert parse_number(text) == expected


TEMPLATE = {
    "incident_type": ["ATTACK / BOMBING"],
    "incident_location": ["EL SALVADOR: SAN MARCOS LEMPA (CITY)"],
    "perp_organization_id": ['"FMLN"'],
    "phys_tgt_id": ['"LA NORIA BRIDGE" / "BRIDGE"'],
    "hum_tgt_description": ['"CIVILIANS"'],
    "hum_tgt_name": ['"ALEXANDER MOLINA GRANADOS"'],
    "hum_tgt_number": ['1: "ALEXANDER MOLINA GRANADOS"', '1: "LIEUTENANT"',
                       '5 / 6: "CIVILIANS"', 'PLURAL: "BYSTANDERS"'],
    "hum_tgt_effect_of_incident": ['DEATH: "ALEXANDER MOLINA GRANADOS"', 'INJURY: "LIEUTENANT"',
                                   'INJURY: "CIVILIANS"', 'INJURY: "BYSTANDERS"'],
}


def test_muc4_incident_types_split_alternatives():
    assert incident_types(TEMPLATE) == ["ATTACK", "BOMBING"]


@pytest.mark.parametrize("effect, expected", [
    ("DEATH", [[Count(1, 1)]]),
    ("INJURY", [[Count(1, 1)], [Count(5, 5), Count(6, 6)]]),   # PLURAL bystanders left out
])
def test_muc4_victim_counts_cross_reference_descriptions(effect, expected):
    assert victim_counts(TEMPLATE, effect) == expected


def test_muc4_with_total_adds_the_sum_of_targets():
    entries = with_total([[Count(1, 1)], [Count(5, 5), Count(6, 6)]])
    assert entries[0][-1] == Count(6, 7)
    assert count_ok([7], entries[1]) and not count_ok([3], entries[1])


@pytest.mark.parametrize("found, accepted, ok", [
    ([5], [Count(5, 5)], True), ([4, 9], [Count(5, 5)], False),
    ([40], [Count(6, None)], True), ([], [Count(1, 1)], False),
])
def test_muc4_count_ok(found, accepted, ok):
    assert count_ok(found, accepted) == ok


@pytest.mark.parametrize("names, perp, ok", [
    (["Farabundo Marti National Liberation Front", "FMLN"], ["FMLN"], True),
    (["Shining Path"], ["SHINING PATH"], True),
    (["Venezuelan Army"], ["ARMY"], True),           # the filler inside the name
    (["ELN"], ["NATIONAL LIBERATION ARMY (ELN)"], True),   # the name inside the filler
    (["Shining Path"], ["FMLN"], False),
    (["US"], ["FPMR"], False),
    (["A"], ["ARMY"], False),                        # names too short to compare
])
def test_muc4_names_match(names, perp, ok):
    assert names_match(names, perp) == ok


def _events(*rows):
    cols = ["event_type", "mode", "modality", "place", "source_names", "target_names", "killed",
            "wounded"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


@pytest.mark.parametrize("place, location, ok", [
    ("Talcahuano District", "CHILE: TALCAHUANO (DISTRICT)", True),
    ("San Salvador", "EL SALVADOR: SAN SALVADOR (CITY)", True),
    ("San", "EL SALVADOR: SAN SALVADOR (CITY)", False),          # too short to tell
    ("Salvador", "EL SALVADOR: SAN SALVADORES (CITY)", True),    # a whole word of the location
    ("Lima", "PERU: LIMAS (CITY)", False),
])
def test_muc4_place_in_location(place, location, ok):
    assert place_in(place, location) == ok


def test_muc4_unwrap_joins_hard_wrapped_lines():
    text = "Lima, 2 Oct 88 (AFP) -- [Text] Police\nreported a bomb.\n\n   The blast hit."
    assert unwrap(text) == ("Lima, 2 Oct 88 (AFP) -- [Text] Police reported a bomb."
                            "\n\n   The blast hit.")


def test_muc4_matched_needs_a_slot_in_common():
    fmln = _events(("ASSAULT", None, "asserted", None, ["FMLN"], [], None, None))
    elsewhere = _events(("ASSAULT", None, "asserted", "Lima", [], [], None, None))
    here = _events(("ASSAULT", None, "asserted", "San Marcos Lempa", [], [], None, None))
    assert matched(fmln, TEMPLATE) and matched(here, TEMPLATE)
    assert not matched(elsewhere, TEMPLATE)


def test_muc4_score_counts_every_field():
    records = [{"docid": "D1", "templates": [TEMPLATE]}, {"docid": "D2", "templates": []}]
    by_doc = {
        "D1": _events(("ASSAULT", "explosives", "asserted", None, ["FMLN"], [], 1, 6)),
        "D2": _events(("ASSAULT", None, "asserted", None, [], [], None, None),
                      ("CONSULT", None, "asserted", None, [], [], None, None)),
    }
    s = score(records, by_doc)
    assert s["incidents"]["ATTACK"] == {"gold": 1, "found": 1, "matched": 1, "recall": 1.0,
                                        "matched_recall": 1.0}
    assert s["perpetrator"] == {"gold": 1, "found": 1, "recall": 1.0}
    assert s["victims"]["DEATH"] == {"gold": 1, "right": 1, "accuracy": 1.0}
    assert s["victims"]["INJURY"]["gold"] == 2
    assert s["victims"]["INJURY"]["right"] == 2     # 6 wounded: the civilians' 6, or 1 + 5
    assert s["false_events"] == {"reports": 1, "events": 2, "asserted": 2, "assault": 1,
                                 "coerce": 0}


def test_muc4_negated_events_do_not_find_incidents():
    records = [{"docid": "D1", "templates": [TEMPLATE]}]
    by_doc = {"D1": _events(("ASSAULT", None, "negated", None, ["FMLN"], [], None, None))}
    s = score(records, by_doc)
    assert s["incidents"]["ATTACK"]["found"] == 0 and s["perpetrator"]["found"] == 0


def test_muc4_report_on_the_shared_corpus(shared_corpus):
    text = report(shared_corpus, limit=8)
    assert text.startswith("## MUC-4 TST4 (8 reports)")
    for field in ("perpetrator organisation", "perpetrator individual", "victim count DEATH",
                  "victim count INJURY",
                  "events on reports without incident"):
        assert field in text


@pytest.mark.parametrize("source_names, found", [
    (["Rebels (El Salvador)", "guerrillas"], 1),     # the text of its mention in the report
    (["Military Forces of El Salvador", "soldiers"], 0),
])
def test_muc4_individual_perpetrators_are_scored_apart(source_names, found):
    template = {**TEMPLATE, "perp_individual_id": ['"URBAN GUERRILLAS"']}
    by_doc = {"D1": _events(("ASSAULT", None, "asserted", None, source_names, [], None, None))}
    s = score([{"docid": "D1", "templates": [template]}], by_doc)
    assert s["perpetrator_individual"] == {"gold": 1, "found": found, "recall": float(found)}
    assert s["perpetrator"]["gold"] == 1 and s["perpetrator"]["found"] == 0


def test_muc4_victim_counts_take_the_number_written_for_the_same_target():
    # the INJURY filler repeats the DEATH target's description among others: not its number
    t = {"hum_tgt_number": ['9: "POLICEMEN"', 'PLURAL: "INJURED" / "POLICEMEN"'],
         "hum_tgt_effect_of_incident": ['DEATH: "POLICEMEN"', 'INJURY: "INJURED" / "POLICEMEN"']}
    assert victim_counts(t, "INJURY") == []
    assert victim_counts(t, "DEATH") == [[Count(9.0, 9.0)]]


def test_muc4_with_total_prefers_the_total_the_key_gives():
    t = {"hum_tgt_total_number": ["26"]}
    entries = [[Count(26.0, 26.0)], [Count(4.0, 4.0)]]    # "26 people, four of whom police"
    assert with_total(entries, t) == [[Count(26.0, 26.0), Count(26.0, 26.0)],
                                      [Count(4.0, 4.0), Count(26.0, 26.0)]]
    assert with_total(entries)[1][-1] == Count(30.0, 30.0)   # no total given: the sum
