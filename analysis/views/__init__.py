"""Frames in, displays out: tables, highlighted sentences, plots, incidents and the explorer."""
