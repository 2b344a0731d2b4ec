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


def notebook_code_cells(stem: str):
    """Yield ``(cell, code)`` for each code cell of ``notebooks/<stem>.ipynb``, its IPython magics
    ("%matplotlib inline") removed, so that tests can run a notebook in this process."""
    import nbformat

    for cell in nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4).cells:
        if cell.cell_type == "code":
            code = "\n".join(line for line in cell.source.splitlines()
                             if not line.lstrip().startswith("%"))
            yield cell, compile(code, f"{stem}.ipynb", "exec")
