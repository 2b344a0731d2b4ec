"""A corpus into a run folder: the options checked in one place, the engines (local processes,
Dask) that extract and stage batches, and the incremental pipeline that commits them."""
