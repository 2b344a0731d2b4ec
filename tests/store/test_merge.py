"""Tests of analysis.store.merge: actors resolved across the folder, ids that do not depend on the
order reports arrive in, partitions rewritten when ids change."""
from __future__ import annotations

from analysis.extractors.document import Rows
from analysis.extractors.gazetteer import load_gazetteer
from analysis.store.merge import commit
from analysis.store.runfolder import load_frames, new_tag, read_manifest, sweep
from analysis.store.schema import frame, validate_links
from analysis.store.staging import stage_rows
from tests.framecheck import assert_same_frames

# two names on one slug: "ACME Group" sorts first and gets acme-group, "Acme Group" acme-group-2
A = {"a1": [("Acme Group", "organization"), ("Pat Ryder", "person")]}
B = {"b1": [("ACME Group", "armed_group"), ("Pat Ryder", "person")]}


def _stage(folder, reports, seq):
    rows = Rows()
    for rid, found in reports.items():
        text = " and ".join(name for name, _ in found) + " met."
        rows.report_ids.append(rid)
        rows.tables["reports"].append({"report_id": rid, "path": f"{rid}.txt", "text": text,
                                       "n_words": len(text.split()), "published": "2025-03-01"})
        rows.tables["sentences"].append({"report_id": rid, "sent_id": 0, "start": 0,
                                         "end": len(text), "text": text})
        start = 0
        for name, kind in found:
            rows.tables["mentions"].append({
                "report_id": rid, "sent_id": 0, "start": start, "end": start + len(name),
                "text": name, "actor_id": name, "label": "ORG", "role": "participant",
                "actor_name": name, "actor_kind": kind})
            start += len(name) + 5
        rows.tables["events"].append({
            "event_id": f"{rid}-e0", "report_id": rid, "sent_id": 0, "start": len(text) - 4,
            "end": len(text) - 1, "trigger": "met", "event_type": "CONSULT",
            "modality": "asserted", "source_id": found[0][0], "target_id": found[-1][0]})
    return stage_rows(rows, folder, f"00001-{new_tag()}-{seq:05d}", extractor="v", fmt="parquet")


def _run(folder, *batches):
    metas = [_stage(folder, reports, seq) for seq, reports in enumerate(batches, start=1)]
    old = read_manifest(folder)
    manifest = commit(folder, old, metas, keep_old=old is not None, drop=set(),
                      errors=frame("errors"), gazetteer=load_gazetteer(), fmt="parquet",
                      extractor="v", tag=new_tag(), info={})
    sweep(folder, manifest, staging=True)
    return manifest


def test_merge_actor_ids_do_not_depend_on_arrival_order(tmp_path):
    _run(tmp_path / "ab", A)
    manifest = _run(tmp_path / "ab", B)
    _run(tmp_path / "ba", B)
    _run(tmp_path / "ba", A)
    _run(tmp_path / "once", A, B)
    frames = load_frames(tmp_path / "ab")
    validate_links(frames)
    assert_same_frames(frames, load_frames(tmp_path / "ba"))
    assert_same_frames(frames, load_frames(tmp_path / "once"))
    ids = dict(zip(frames["actors"]["name"], frames["actors"]["actor_id"]))
    assert ids["ACME Group"] == "acme-group" and ids["Acme Group"] == "acme-group-2"
    mentions = frames["mentions"].set_index("actor_name")["actor_id"]
    assert mentions["Acme Group"] == "acme-group-2"
    events = frames["events"].set_index("report_id")
    assert events.loc["a1", "source_id"] == "acme-group-2"
    # the first run's partition was rewritten under a new name, the second run's linked as is
    assert "-r" in manifest["partitions"][0]["id"] and "-r" not in manifest["partitions"][1]["id"]


def test_merge_first_mention_in_report_order_decides_an_actors_kind(tmp_path):
    late = {"z9": [("Zed Company", "armed_group")]}
    early = {"a0": [("Zed Company", "organization")]}
    _run(tmp_path / "one", late)
    _run(tmp_path / "one", early)
    _run(tmp_path / "two", early, late)
    for run in ("one", "two"):
        actors = load_frames(tmp_path / run)["actors"].set_index("name")
        assert actors.loc["Zed Company", "kind"] == "organization"
        assert actors.loc["Zed Company", "n_reports"] == 2
