"""Shared fixtures: one spaCy pipeline per test session, and the paths tests read from."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared_corpus():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return SHARED_CORPUS
