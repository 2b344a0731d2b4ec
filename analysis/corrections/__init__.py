"""Analysts' corrections as data: stable row keys, the append-only ``corrections.csv`` of a run
folder, the corrected view of its frames, and what the corrections teach the extractor."""
