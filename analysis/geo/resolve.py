"""Resolve a place name to a point, an admin area and a precision, with the report's context.

Candidates are the index rows of the name (:mod:`analysis.geo.index`), ranked by what the text
says around it: an admin hint ("Deir Mimas village (Marjayoun, Nabatieh)", "X, in Y province"), the
countries its sentence names, the countries the report names (a report about Lebanon gets
Lebanon's Tripoli, not Libya's), and population. A small place in a country the report never
names is not taken when the report names others: the village is then unknown, and the place falls
back to what is known (its region or country) with a lower precision.

Precision follows ACLED's geo-precision codes: 1 the settlement itself, 2 near it or a district,
3 only a region or province; a country alone gives no coordinates and no precision.
"""
from __future__ import annotations

import difflib
import functools
import math
from typing import Iterable, Mapping, NamedTuple, Sequence

import numpy as np

from analysis.geo import index

SMALL = 20_000              # a settlement smaller than this needs its country named in the report
REPORT_WEIGHT = 1.5         # per mention of its country in the report (two at most): a tenfold
                            # population counts 1, so Glasgow in Scotland stays Scotland's even
                            # in a report that names the United States twice
OWN_NAME = 1.5              # "Twickenham" is Twickenham, not the old name of Huntsville
PRECISION = {"settlement": 1, "district": 2, "region": 3}


class Resolved(NamedTuple):
    """Where a place name points: the index row's name, feature, admin areas and point."""

    name: str
    feature: str              # settlement, district, region, country, other
    country: str | None       # ISO 3166 alpha-3
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    geo_precision: int | None


def indexed(i: int, precision: int | None = None) -> Resolved:
    """Return index row ``i`` as a resolved place (a country has no point and no precision)."""
    ix = index.load()
    feature = str(ix["feature"][i])
    lat, lon = float(ix["latitude"][i]), float(ix["longitude"][i])
    point = feature != "country" and not math.isnan(lat)
    gid = int(ix["geonames_id"][i])
    return Resolved(str(ix["name"][i]), feature, str(ix["country"][i]) or None,
                    str(ix["admin1"][i]) or None, str(ix["admin2"][i]) or None,
                    lat if point else None, lon if point else None, gid or None,
                    (precision or PRECISION.get(feature)) if point else None)


@functools.lru_cache(maxsize=1)
def _areas() -> tuple[dict[str, int], dict[str, list[tuple[int, str]]]]:
    """ISO alpha-3 -> the country's index row, and -> its admin1 regions (row, folded name);
    built once per process from the index."""
    ix = index.load()
    countries, regions = {}, {}
    for i in np.flatnonzero(ix["feature"] == "country"):
        countries.setdefault(str(ix["country"][i]), int(i))
    for i in np.flatnonzero(ix["feature"] == "region"):
        regions.setdefault(str(ix["country"][i]), []).append(
            (int(i), index.fold(str(ix["name"][i]))))
    return countries, regions


def country_row(iso3: str) -> int | None:
    """Return the index row of a country, by its ISO alpha-3 code."""
    return _areas()[0].get(iso3)


def same_area(a: str, b: str) -> bool:
    """Return True when two folded admin names are one area written two ways ("nabatieh" and
    "nabatiye", "north kivu" and "nord kivu")."""
    return bool(a and b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


def _score(i: int, folded: str, hints: Sequence[str], near: set[str],
           countries: Mapping[str, int]) -> float | None:
    ix = index.load()
    country, feature = str(ix["country"][i]), str(ix["feature"][i])
    population = int(ix["population"][i])
    score = math.log10(population + 10)
    areas = (index.fold(str(ix["admin1"][i])), index.fold(str(ix["admin2"][i])))
    hinted = any(same_area(h, a) for h in hints for a in areas)
    if hinted:
        score += 8
    if country in near:
        score += 5
    score += REPORT_WEIGHT * min(countries.get(country, 0), 2)
    own_name = index.fold(str(ix["name"][i])) == folded
    if own_name and feature == "settlement":
        score += OWN_NAME               # its own name, not an alternate or an old name of it
    if feature == "country" and own_name:
        score += 12                     # "Lebanon" is the country, not a town in Illinois
    elif feature == "region":
        score -= 2.5                    # "Kharkiv" is the city; its province is "Kharkiv region"
    named = set(near) or set(countries)  # the sentence's countries, else the report's
    if feature == "settlement" and population < SMALL and named and country not in named \
            and not hinted:
        return None
    return score


def _regions_like(folded: str, countries: Iterable[str]) -> list[int]:
    """The admin1 regions of ``countries`` whose name is ``folded`` written another way ("North
    Kivu" and GeoNames' "Nord Kivu")."""
    regions = _areas()[1]
    return [i for country in dict.fromkeys(countries) for i, name in regions.get(country, ())
            if same_area(folded, name)]


def resolve(text: str, *, hints: Sequence[str] = (), near: Iterable[str] = (),
            countries: Mapping[str, int] | None = None, country: str | None = None,
            feature: str | None = None) -> Resolved | None:
    """Return where the place name ``text`` points, or None when the index does not know it.

    Parameters
    ----------
    text : str
        The name as written ("Tripoli", "Mont-Liban", "Lebanon").
    hints : sequence of str
        Admin areas the text gives with it ("Marjayoun", "Nabatieh" of "X (Marjayoun, Nabatieh)").
    near : iterable of str
        ISO alpha-3 codes of the countries the place's sentence names.
    countries : mapping of str to int, optional
        ISO alpha-3 code -> how often the report names the country.
    country : str, optional
        Only places of this country (the gazetteer knows the place's country).
    feature : str, optional
        Only places of this feature ("region" for "X province").

    Examples
    --------
    >>> resolve("Tripoli", countries={"LBN": 3}).country
    'LBN'
    >>> resolve("Tripoli", countries={"LBY": 1}).admin1
    'Tripoli'
    """
    return _resolve(text, tuple(hints), tuple(near), tuple(sorted((countries or {}).items())),
                    country, feature)


@functools.lru_cache(maxsize=65536)
def _resolve(text: str, hints: tuple[str, ...], near: tuple[str, ...],
             counted: tuple[tuple[str, int], ...], country: str | None,
             feature: str | None) -> Resolved | None:
    """:func:`resolve` on hashable arguments: a name in the same context is looked up once."""
    countries = dict(counted)
    folded = index.fold(text)
    if not folded:
        return None
    near = list(near)
    hints = [index.fold(h) for h in hints if index.fold(h)]
    ix = index.load()
    rows = [i for i in index.candidates(text)
            if (country is None or ix["country"][i] == country)
            and (feature is None or ix["feature"][i] == feature)]
    if not rows and feature in (None, "region"):
        rows = _regions_like(folded, [country] if country else [*near, *(countries or {})])
    scored = [(s, i) for i in rows
              if (s := _score(i, folded, hints, set(near), countries or {})) is not None]
    if not scored:
        return None
    return indexed(max(scored)[1])


def fall_back(*, hints: Sequence[str] = (), near: Iterable[str] = (),
              countries: Mapping[str, int] | None = None) -> Resolved | None:
    """Return what is known of a place the index does not know: the first admin area of its
    hints the index knows (a region: precision 3; a town: precision 2, the place is near it),
    else the one country its sentence names (no coordinates), else None."""
    near = list(dict.fromkeys(near))
    for hint in hints:
        found = resolve(hint, near=near, countries=countries)
        if found is not None and found.feature in ("region", "district"):
            return found
        if found is not None and found.feature == "settlement":
            return found._replace(geo_precision=2)     # "a village near B town"
    if len(near) == 1:
        row = country_row(near[0])
        return indexed(row) if row is not None else None
    return None
