"""The executive summary: reports, totals and the incidents that cost the most people."""
from __future__ import annotations

from analysis.views.summary import executive_summary, main_incidents
from tests.views.test_totals import _event, _figure, _frames


def _two_incidents():
    events = [_event("e1", "r1"), _event("e2", "r2"),
              _event("e3", "r3", place="Kharkiv", place_country="UKR", source_id=None,
                     target_id=None, date="2025-03-05")]
    numbers = [_figure("r1", 40, 36, 44, event_id="e1"),
               _figure("r2", 52, 52, 78, event_id="e2", qualifier="at_least"),
               _figure("r1", 60, 60, 90, "wounded", "e1", qualifier="more_than"),
               _figure("r3", 9, 9, 9, event_id="e3", qualifier="exact")]
    return _frames(events, numbers)


def test_summary_main_incidents_cost_the_most_people_first():
    top = main_incidents(_two_incidents())
    assert top["place"].tolist() == ["El Obeid", "Kharkiv"]
    assert top["people"].tolist() == [100, 9]          # 40 killed + 60 wounded; 9 killed


def test_summary_html_names_place_actor_figures_and_reports():
    page = executive_summary(_two_incidents())
    assert "3 reports from 3 outlets" in page and "killed 49 (45–87" in page
    assert ("03 March, El Obeid (SDN): ASSAULT by Rapid Support Forces — killed 40 (36–78), "
            "wounded 60 (60–90); 2 reports") in page
    assert "05 March, Kharkiv (UKR): ASSAULT — killed 9; 1 report" in page


def test_summary_what_is_new_since_the_previous_render(tmp_path):
    from analysis.views.summary import new_since, previous_render, since_note

    frames = _two_incidents()
    assert previous_render(None) is None and previous_render(tmp_path / "none.json") is None
    (tmp_path / "bad.json").write_text("{not json")
    assert previous_render(tmp_path / "bad.json") is None
    assert since_note(frames, None).startswith("<p>First render")
    seen = {"rendered": "2025-03-05T08:00:00", "reports": ["r1", "r2"], "events": ["e1", "e2"]}
    assert new_since(frames, seen) == ({"r3"}, {"e3"})
    assert "Since the previous render (2025-03-05 08:00:00): 1 new report and 1 new event" in (
        since_note(frames, seen))
    everything = {**seen, "reports": ["r1", "r2", "r3"], "events": ["e1", "e2", "e3"]}
    assert "Nothing new" in since_note(frames, everything)
