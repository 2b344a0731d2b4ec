"""The event coder over one sentence, for the tests of the coder's parts."""
from __future__ import annotations

from datetime import date

from analysis.extractors.actors import mentions
from analysis.extractors.events.coder import events
from analysis.extractors.gazetteer import load_gazetteer
from analysis.extractors.places import places


def coded(nlp, text):
    """Return the events of ``text`` as (type, trigger, source, target, modality) tuples."""
    doc = nlp(text)
    gaz = load_gazetteer()
    found = events(doc, list(mentions(doc, gaz)), list(places(doc, gaz)),
                   published=date(2025, 3, 5))
    return [(e.event_type, e.trigger, e.source and e.source.name, e.target and e.target.name,
             e.modality) for e in found]
