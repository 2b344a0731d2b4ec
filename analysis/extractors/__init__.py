"""Pure extraction: a spaCy Doc (and its report) in, rows out. Actors, places, numbers, dates,
modality and events; never reads files but the resources, never prints, knows nothing of runs."""
