"""Tests of analysis.run.options: one checker per option, the same message wherever a mistake is
made (the command line, analysis.extract, the ingest notebook's parameters)."""
from __future__ import annotations

import pytest

import analysis
from analysis.cli import build_parser, check_extract_args
from analysis.errors import ParameterError
from analysis.render.parameters import check_notebook
from analysis.run.options import check_options
from tests.support import FIXTURES


def _message(call) -> str:
    with pytest.raises(ParameterError) as info:
        call()
    return str(info.value)


# option, a wrong value, the command-line flag, the notebook parameter
MISTAKES = [
    ("published", "someday", "--published", "published"),
    ("published", "2025-02-30", "--published", "published"),
    ("processes", "0", "--processes", "processes"),
    ("processes", "two", "--processes", "processes"),
    ("engine", "spark", "--engine", "engine"),
]


@pytest.mark.parametrize("option, value, flag, parameter", MISTAKES)
def test_options_one_message_for_one_mistake(tmp_path, option, value, flag, parameter):
    args = build_parser().parse_args(["extract", str(FIXTURES / "tiny"), "--out", str(tmp_path),
                                      flag, value])
    from_cli = _message(lambda: check_extract_args(args))
    from_python = _message(lambda: analysis.extract([FIXTURES / "tiny"], tmp_path, progress=False,
                                                    **{option: value}))
    from_notebook = _message(lambda: check_notebook("01-ingest", {parameter: value}))
    assert from_cli == from_python == from_notebook
    assert f"'{option}'" in from_cli and repr(value) in from_cli


@pytest.mark.parametrize("options, name", [
    ({"scheduler": "tcp://h:8786"}, "scheduler"),          # only with engine dask
    ({"fmt": "xlsx"}, "format"),
    ({"batch_size": 0}, "batch_size"),
    ({"incremental": "yes"}, "incremental"),
    ({"gazetteer": "no-such.csv"}, "gazetteer"),
    ({"triggers": "no-such.csv"}, "triggers"),
    ({"model": " "}, "model"),
])
def test_options_name_the_wrong_option(options, name):
    assert f"parameter '{name}'" in _message(lambda: check_options(**options))


def test_options_come_back_checked():
    checked = check_options(published="March 4, 2025", processes="2", engine="dask",
                            scheduler="tcp://h:8786")
    assert (checked["published"], checked["processes"], checked["scheduler"]) == (
        "2025-03-04", 2, "tcp://h:8786")
    assert check_options()["published"] is None
