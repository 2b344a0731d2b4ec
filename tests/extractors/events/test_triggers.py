"""Tests of analysis.extractors.events.triggers: an analyst's trigger CSV over the bundled lexicon."""
from __future__ import annotations

import pytest

import analysis
from analysis.errors import WorkbookError
from analysis.extractors.events.triggers import lexicon, triggers
from analysis.store.runfolder import load_frames

HEADER = "phrase,pos,event_type,mode,weak,object,symmetric,effect\n"


def _csv(tmp_path, body: str, name: str = "triggers.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def _rows(lex, phrase, pos="VERB"):
    return [t for t in lex if t.phrase == phrase and t.pos == pos]


def test_triggers_user_rows_add_replace_and_remove(tmp_path):
    bundled = lexicon()
    assert _rows(bundled, "meet") and not _rows(bundled, "shell out")
    user = _csv(tmp_path, "shell out,VERB,AID,,,,,\n"
                          "meet,VERB,-,,,,,\n"
                          "Send,VERB,AID,,,goods,,\n")
    lex = lexicon(user)
    assert _rows(lex, "shell out")[0].event_type == "AID"
    assert not _rows(lex, "meet")
    assert [t.event_type for t in _rows(lex, "send")] == ["AID"]  # every bundled "send" replaced
    before = [t for t in bundled if t.phrase not in ("meet", "send")]
    assert [t for t in lex if t.phrase not in ("meet", "send", "shell out")] == before
    assert lexicon() == bundled  # the bundled lexicon is untouched


def test_triggers_replacement_keeps_the_bundled_precedence(tmp_path):
    bundled = lexicon()
    first = bundled[0]
    user = _csv(tmp_path, f"{first.phrase},{first.pos},THREATEN,,,,,\n")
    assert lexicon(user)[0].event_type == "THREATEN"


def test_triggers_user_trigger_finds_events(nlp, tmp_path):
    doc = nlp("The rebels shelled out food to the villagers.")
    [(span, options)] = triggers(doc)   # the bundled lexicon reads artillery fire
    assert span.text == "shelled" and options[0].event_type == "ASSAULT"
    user = _csv(tmp_path, "shell out,VERB,AID,,,,,\n")
    [(span, options)] = triggers(doc, user)     # the longer phrase wins
    assert span.text == "shelled out" and options[0].event_type == "AID"


def test_triggers_edited_file_is_read_again(tmp_path):
    import os

    user = _csv(tmp_path, "shell out,VERB,AID,,,,,\n")
    assert _rows(lexicon(user), "shell out")[0].event_type == "AID"
    _csv(tmp_path, "shell out,VERB,ASSAULT,,,,,\n")
    stat = os.stat(user)
    os.utime(user, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert _rows(lexicon(user), "shell out")[0].event_type == "ASSAULT"


@pytest.mark.parametrize("body, reason", [
    ("shell out,VERB,GIVE,,,,,\n", "event_type 'GIVE' is not a PLOVER type"),
    ("shell out,ADV,AID,,,,,\n", "pos 'ADV' is not VERB or NOUN"),
    (",VERB,AID,,,,,\n", "empty phrase"),
    ("shell out,VERB,AID,,maybe,,,\n", "weak 'maybe' is not yes, no or empty"),
    ("shell out,VERB,AID,,,cakes,,\n", "object 'cakes' is not an object class"),
    ("shell out,VERB,AID,,,,,dead\n", "effect 'dead' is not killed, wounded or empty"),
])
def test_triggers_bad_rows_name_the_file_and_line(tmp_path, body, reason):
    user = _csv(tmp_path, "bombard,VERB,ASSAULT,,,,,\n" + body)
    with pytest.raises(WorkbookError) as caught:
        lexicon(user)
    message = str(caught.value)
    assert message.startswith("[E040]") and f"{user}:3" in message and reason in message
    assert "\n" not in message


def test_triggers_missing_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("phrase,event_type\nbombard,ASSAULT\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"missing column\(s\) pos"):
        lexicon(str(path))


def test_triggers_extract_uses_them_and_reprocesses(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text("The Rapid Support Forces shelled out food in Kassala, "
                                   "Sudan's army said on Monday.", encoding="utf-8")
    out = tmp_path / "run"
    analysis.extract([reports], out, progress=False, published="2025-03-05")
    assert set(load_frames(out)["events"]["event_type"]) == {"ASSAULT"}
    user = _csv(tmp_path, "shell out,VERB,AID,,,,,\n")
    summary = analysis.extract([reports], out, progress=False, published="2025-03-05",
                               triggers=user)
    assert summary.n_processed == 1  # a new lexicon is a new extractor version
    assert set(load_frames(out)["events"]["event_type"]) == {"AID"}


def test_triggers_extract_refuses_a_bad_file_before_work(tmp_path):
    user = _csv(tmp_path, "shell out,VERB,GIVE,,,,,\n")
    with pytest.raises(WorkbookError, match="GIVE"):
        analysis.extract([tmp_path], tmp_path / "run", progress=False, triggers=user)
    assert not (tmp_path / "run" / "run.json").exists()
