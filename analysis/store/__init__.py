"""The frames contract and the run folder: schemas and validation, partitions and the manifest
that commits them, staged batches, the merge of a run, actors resolved across the corpus, and DuckDB
queries over the Parquet."""
