"""Shared fixtures: one spaCy pipeline per test session, and the shared corpus when present."""
from __future__ import annotations

import pytest

from tests.support import SHARED_CORPUS


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared_corpus():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return SHARED_CORPUS
