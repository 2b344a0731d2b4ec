"""The spaCy pipeline: loading it once with the rule components, texts that carry their task
to the worker processes, and the components registered by name (sentence cap, extraction)."""
