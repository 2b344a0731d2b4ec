"""Tests of analysis.geo.index: folding, the cached index, candidates."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.geo import index


@pytest.mark.parametrize("name, folded", [
    ("Khar'kiv", "kharkiv"),
    ("Ciudad Juárez", "ciudad juarez"),
    ("AL-HASAKAH", "al hasakah"),
    ("  Port   Harcourt ", "port harcourt"),
    ("Bỉm Sơn", "bim son"),
    ("", ""),
])
def test_index_fold(name, folded):
    assert index.fold(name) == folded


def test_index_has_settlements_regions_and_countries():
    ix = index.load()
    features = set(ix["feature"].tolist())
    assert {"settlement", "region", "country"} <= features
    assert len(ix["name"]) > 200_000
    assert np.all(np.diff(ix["keys"].astype(np.float64)) >= 0)      # sorted for look-ups


@pytest.mark.parametrize("name, country", [
    ("Mogadishu", "SOM"), ("Kharkiv", "UKR"), ("Kharkov", "UKR"), ("Goma", "COD"),
    ("Maiduguri", "NGA"), ("Culiacán", "MEX"), ("Culiacan", "MEX"), ("Sidon", "LBN"),
])
def test_index_candidates_include_the_known_place(name, country):
    ix = index.load()
    assert country in {ix["country"][i] for i in index.candidates(name)}


def test_index_unknown_name_has_no_candidates():
    assert index.candidates("Qwxzyville Nowhere") == []


def test_index_cache_is_written_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    index.load.cache_clear()
    try:
        first = index.load()
        files = list(tmp_path.glob("places-*.npz"))
        assert len(files) == 1 and not list(tmp_path.glob("*.tmp"))
        index.load.cache_clear()
        again = index.load()
        assert again["name"].tolist() == first["name"].tolist()
        files[0].write_bytes(b"damaged")            # a damaged cache is built again
        index.load.cache_clear()
        assert len(index.load()["name"]) == len(first["name"])
    finally:
        index.load.cache_clear()
