"""Helpers for tests that compare whole run folders: frames sorted by their keys, duplicates."""
from __future__ import annotations

import pandas as pd

KEYS = {
    "reports": ["report_id"], "sentences": ["report_id", "sent_id"], "actors": ["actor_id"],
    "mentions": ["report_id", "start", "end", "actor_id", "label", "role"],
    "places": ["place_id"],
    "numbers": ["number_id"], "events": ["event_id"], "errors": ["path", "reason"],
}


def by_keys(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return every frame sorted by its keys, with a fresh index."""
    return {name: df.sort_values(KEYS[name]).reset_index(drop=True)
            for name, df in frames.items()}


def assert_same_frames(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    """Assert two sets of frames hold the same rows, whatever their order."""
    a, b = by_keys(a), by_keys(b)
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def assert_no_duplicates(frames: dict[str, pd.DataFrame]) -> None:
    """Assert no frame holds the same key twice."""
    for name, df in frames.items():
        dup = df.duplicated(KEYS[name])
        assert not dup.any(), f"{name}: {df[dup].head(3)}"
