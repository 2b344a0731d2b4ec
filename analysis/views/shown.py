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


def shown_frames(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return every frame without its rows marked wrong, keeping what the corrections did
    (``.corrections`` of :func:`analysis.load_frames`'s result) for :func:`corrections_note`."""
    out = type(frames)({name: shown(frames, name) for name in frames}) \
        if isinstance(frames, dict) else {name: shown(frames, name) for name in frames}
    if hasattr(frames, "corrections"):
        out.corrections = frames.corrections
    return out


def corrections_note(frames: Mapping[str, pd.DataFrame]) -> str:
    """One HTML paragraph saying how many rows analysts corrected (empty when none)."""
    import html

    done = getattr(frames, "corrections", None)
    if done is None or not (done.applied or done.orphans):
        return ""
    line = done.line()
    return f'<p class="corrections">{html.escape(line[:1].upper() + line[1:])}.</p>'
