"""Notebooks into shared HTML: each notebook's parameters and their checks, papermill runs and the
nbconvert export, with the templates they use."""
