"""Reading reports from disk: walking folders safely, decoding, front matter, HTML pages and
record files (JSON, JSON Lines, CSV) into :class:`analysis.records.Report` records. Needs no model."""
