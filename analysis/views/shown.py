"""The rows a view shows: a frame of the run, without the rows an analyst marked wrong.

Every view reads its frames through :func:`shown`, so an event or number marked wrong in the
corrections file is left out of tables, charts, maps and totals alike, while the frames
themselves keep it (with ``wrong`` True).
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from analysis.store.schema import frame


def shown(frames: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """Return frame ``name`` of ``frames`` (empty when missing) without rows marked wrong."""
    df = frames.get(name)
    if df is None:
        return frame(name)
    if "wrong" in df.columns and df["wrong"].fillna(False).astype(bool).any():
        return df[~df["wrong"].fillna(False).astype(bool)]
    return df
