"""Tests of evaluation.seed: the gold-file scoring rules, and the reference report itself."""
from __future__ import annotations

import json

from analysis.store.schema import empty_frames, frame
from evaluation.seed import evaluate_gold, score_actors, score_events, score_numbers, table

GOLD = {
    "actors": [
        {"name": "Israel", "kind": ["state"], "country": "ISR", "aliases": ["Israeli", "Israeli army"],
         "core": True},
        {"name": "Hezbollah", "kind": ["armed_group"], "country": "LBN", "aliases": [],
         "core": True},
        {"name": "AFP", "kind": ["media"], "country": None, "aliases": [], "core": False},
    ],
    "numbers": [{"anchor": "killing about", "text": "about 50", "accept": [45, 55],
                 "unit": ["people"], "category": ["killed"], "core": True}],
    "events": [
        {"anchor": "Israeli army struck", "type": ["ASSAULT"], "source": ["Israel"],
         "target": ["Hezbollah"], "modality": ["asserted"], "core": True},
        {"anchor": "Talks may follow", "type": ["*"], "core": False},
    ],
}


def _frames():
    f = empty_frames()
    f["reports"] = frame("reports", [{"report_id": "r", "text": "x", "n_words": 1}])
    f["sentences"] = frame("sentences", [
        {"report_id": "r", "sent_id": 0, "start": 0, "end": 1,
         "text": "The Israeli army struck Hezbollah, killing about 50 people."},
        {"report_id": "r", "sent_id": 1, "start": 0, "end": 1, "text": "Talks may follow."}])
    f["actors"] = frame("actors", [
        {"actor_id": "idf", "name": "Israel Defense Forces", "kind": "military",
         "country": "ISR", "n_mentions": 1, "n_reports": 1},
        {"actor_id": "hez", "name": "Hezbollah", "kind": "armed_group", "country": "LBN",
         "n_mentions": 1, "n_reports": 1},
        {"actor_id": "x", "name": "Smoke", "kind": "person", "n_mentions": 1, "n_reports": 1}])
    f["mentions"] = frame("mentions", [
        {"report_id": "r", "sent_id": 0, "start": 0, "end": 1, "text": "Israeli army",
         "actor_id": "idf"}])
    f["numbers"] = frame("numbers", [
        {"number_id": "n", "report_id": "r", "sent_id": 0, "start": 0, "end": 1, "text": "about 50",
         "value": 50, "low": 45, "high": 55, "qualifier": "approx", "unit": "people",
         "category": "killed"},
        {"number_id": "m", "report_id": "r", "sent_id": 1, "start": 0, "end": 1, "text": "50",
         "value": 50, "low": 50, "high": 50, "qualifier": "exact", "category": "other"}])
    f["events"] = frame("events", [
        {"event_id": "e", "report_id": "r", "sent_id": 0, "start": 0, "end": 1, "trigger": "struck",
         "event_type": "ASSAULT", "source_id": "idf", "target_id": "hez", "modality": "asserted"},
        {"event_id": "f", "report_id": "r", "sent_id": 1, "start": 0, "end": 1, "trigger": "Talks",
         "event_type": "CONSULT", "modality": "possible"},
        {"event_id": "g", "report_id": "r", "sent_id": 0, "start": 0, "end": 1, "trigger": "struck",
         "event_type": "ASSAULT", "source_id": "hez", "target_id": "idf", "modality": "asserted"}])
    return f


def test_seed_actors_match_by_mention_and_count_noise_as_wrong():
    s = score_actors(_frames(), GOLD)
    assert (s["recall"], round(s["precision"], 2)) == (1.0, 0.67)
    assert s["wrong"] == ["Smoke"]
    assert s["kind_country_accuracy"] == 0.5  # the army is not typed as the state


def test_seed_numbers_need_anchor_value_unit_and_category():
    s = score_numbers(_frames(), GOLD)
    assert (s["recall"], s["precision"]) == (1.0, 0.5)


def test_seed_events_part_of_state_counts_and_star_tolerates():
    s = score_events(_frames(), GOLD)
    # idf -> hez matches (same country as Israel); the reversed pair does not; "*" tolerates
    assert (s["recall"], round(s["precision"], 2), s["modality_accuracy"]) == (1.0, 0.67, 1.0)
    assert "| events |" in table({"events": s})


def test_seed_reference_report(shared_corpus):
    scores = evaluate_gold(shared_corpus / "seed" / "gold.json")
    assert scores["actors"]["recall"] >= 0.9 and scores["actors"]["precision"] >= 0.9
    assert scores["numbers"]["recall"] >= 0.9 and scores["numbers"]["precision"] >= 0.9
    assert json.dumps(scores)
