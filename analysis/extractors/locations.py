"""Where the places of a report are: each place mention resolved to a point, admin areas and a
precision, with what the report says around it.

The analysts' gazetteer (``resources/places.csv``) comes first: a row with its own point wins; a
region without a country ("the Middle East") has no point; a town of a known country is looked
up in that country only. Other names go to the offline GeoNames index
(:mod:`analysis.geo.resolve`), ranked by the admin areas the text gives with them, the countries
their sentence names and the countries the report names. A place the index does not know takes
the place it is near ("a village near B"), else its admin hint, else the one country of its
sentence, each with a lower precision. "Near X" and "outside X" are never X itself: precision 2.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from analysis.extractors.actors import Mention
from analysis.extractors.gazetteer import Entry, Gazetteer
from analysis.extractors.places import Place, base_name, place_words
from analysis.geo import resolve as geo
from analysis.geo.resolve import Resolved

# the gazetteer's kinds and what GeoNames feature each is looked up as
KIND_FEATURES = {"capital": "settlement", "city": "settlement", "town": "settlement",
                 "village": "settlement", "province": "region", "region": "region"}
NO_POINT_KINDS = {"sea", "other"}


class Context:
    """The countries a report names (by count) and those each of its sentences names."""

    def __init__(self, places: Sequence[Place], mentions: Sequence[Mention],
                 sent_of: Sequence[int], gazetteer: Gazetteer):
        self.sent_of = sent_of
        self.report: Counter[str] = Counter()
        self.sentence: dict[int, list[str]] = {}
        for country, tok in [*((m.country, m.tok_start) for m in mentions
                               if m.role != "credit"),
                             *((p.country, p.tok_start) for p in places
                               if p.known and _feature(p.kind) != "settlement")]:
            if country:
                self.report[country] += 1
        for m in mentions:
            if m.kind == "state" and m.country and m.role != "credit":
                self.sentence.setdefault(sent_of[m.tok_start], []).append(m.country)
        for p in places:
            if p.known and p.country and _feature(p.kind) != "settlement":
                self.sentence.setdefault(sent_of[p.tok_start], []).append(p.country)
        self.gazetteer = gazetteer

    def hinted(self, place: Place) -> list[str]:
        """The countries its hints name ("X, Lebanon's second city", "the Somali town of X")."""
        found = []
        for hint in place.hints:
            entry = self.gazetteer.actor(hint)
            if entry is not None and entry.kind == "state" and entry.country:
                found.append(entry.country)
        return list(dict.fromkeys(found))

    def near(self, place: Place) -> list[str]:
        """The countries of the place's sentence, and those its hints name."""
        found = self.sentence.get(self.sent_of[place.tok_start], [])
        return list(dict.fromkeys([*self.hinted(place), *found]))


def _feature(kind: str | None) -> str | None:
    """The GeoNames feature a noun or a gazetteer kind asks for ("X province": a region)."""
    if kind in place_words().get("region", ()):
        return "region"
    return KIND_FEATURES.get(kind or "")


def _from_gazetteer(place: Place, entry: Entry, ctx: Context) -> Resolved:
    """A place of the analysts' gazetteer: its own point, else GeoNames within its country,
    else what the gazetteer says (a region, a sea: no point)."""
    kind = place.kind if _feature(place.kind) == "region" else entry.kind   # "Kano State"
    feature = _feature(kind) or "other"
    if entry.latitude is not None:
        return Resolved(entry.name, feature, entry.country, None, None, entry.latitude,
                        entry.longitude, None, geo.PRECISION.get(feature, 1))
    if entry.country and entry.kind not in NO_POINT_KINDS:
        # a town of the gazetteer is looked up in context, its country first among equals:
        # "Tripoli" is Libya's capital to the gazetteer, and Lebanon's city in a Lebanese report
        loose = feature == "settlement"
        names = [entry.name, *entry.aliases, entry.name.split(",")[0]]
        for name in dict.fromkeys([*names, *(base_name(n)[0] for n in names)]):
            found = geo.resolve(name, hints=place.hints,
                                near=ctx.near(place) if loose else (),
                                countries=ctx.report + Counter([entry.country]) if loose else None,
                                country=None if loose else entry.country,
                                feature=_feature(kind))
            if found is not None:
                return found._replace(name=entry.name) if found.country == entry.country \
                    else found
    return Resolved(entry.name, feature if feature != "settlement" else "other", entry.country,
                    None, None, None, None, None, None)


def _as_written(found: Resolved | None, kind: str | None) -> Resolved | None:
    """What the noun of the text says the place is: "the X district" is the area around X's
    main town (precision 2)."""
    if found is not None and kind in place_words().get("district", ()) \
            and found.geo_precision == 1:
        return found._replace(feature="district", geo_precision=2)
    return found


def _locate(place: Place, ctx: Context) -> Resolved | None:
    entry = ctx.gazetteer.places.get(place.name) if place.known else None
    if entry is not None:
        return _as_written(_from_gazetteer(place, entry, ctx), place.kind)
    if place.kind == "country":              # a state named as the place of an event
        row = geo.country_row(place.country) if place.country else None
        return geo.indexed(row) if row is not None else None
    if place.text.lower() in place_words().get("generic", ()):
        return None                             # "the West", "the South": no place to look up
    near = ctx.near(place)
    text, noun = base_name(place.text)          # "Kano State", "Donetsk region"
    kind = place.kind or noun
    found = geo.resolve(text, hints=place.hints, near=near, countries=ctx.report,
                        feature=_feature(kind))
    if found is None and kind in place_words().get("district", ()):
        found = geo.resolve(text, hints=place.hints, near=near, countries=ctx.report)
    found = _as_written(found, kind)
    if found is None and place.anchor is not None:
        anchor = _locate(place.anchor, ctx)
        if anchor is not None and anchor.geo_precision is not None:
            return anchor._replace(geo_precision=max(anchor.geo_precision, 2))
    if found is None:
        return geo.fall_back(hints=place.hints, near=ctx.hinted(place) or near,
                             countries=ctx.report)
    return found


def locate(places: Sequence[Place], mentions: Sequence[Mention], sent_of: Sequence[int],
           gazetteer: Gazetteer) -> list[Resolved | None]:
    """Return where each place is, in the order of ``places`` (None when nothing is known).

    Parameters
    ----------
    places : sequence of Place
        The report's places (:func:`analysis.extractors.places.places`, with the states events
        took as their place).
    mentions : sequence of Mention
        The report's actor mentions: the countries they belong to rank the candidates.
    sent_of : sequence of int
        The sentence number of every token.
    gazetteer : Gazetteer
    """
    ctx = Context(places, mentions, sent_of, gazetteer)
    found: list[Resolved | None] = []
    for place in places:
        town = next((w for w in reversed(found) if w is not None and w.feature == "settlement"),
                    None)
        if place.kind in place_words().get("city_part_of", ()) and town is not None:
            where = town._replace(geo_precision=2)  # "the X neighbourhood": of the town before
        else:
            where = _locate(place, ctx)
        if where is not None and place.near and where.geo_precision == 1:
            where = where._replace(geo_precision=2)
        found.append(where)
    return found
