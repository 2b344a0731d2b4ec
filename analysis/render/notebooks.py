"""Render the notebooks with papermill and export them to self-contained HTML briefings.

``render("daily")`` runs ``notebooks/*.ipynb`` in order with ``params/daily.yaml`` into
``build/daily/`` (executed copies and HTML without code) and rewrites ``build/index.html``; every
file goes through a temporary file and a rename, so cron can re-run it at any time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import html
import json
import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import nbformat
import papermill
import yaml
import zmq
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from traitlets.config import Config

from analysis.checks import project_root, resolve_path
from analysis.errors import ParameterError, WorkbookError
from analysis.render.parameters import check_notebook

# templates/briefing: nbconvert's lab template without the scripts it fetches from a CDN
TEMPLATES = Path(__file__).resolve().parent / "templates"
FORCED = {"interactive": False}  # renders never carry widgets that need a live kernel
SEEN_FILE = "seen.json"          # the reports and events of a render folder's last good render
PREVIOUS = "previous_render"     # the parameter that receives it, for the notebooks declaring it
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_QUIET = logging.Logger("analysis.render.notebooks.nbconvert", logging.ERROR)  # charts have no alt text
# Encrypt the kernel's channels when libzmq can (the kernel then stops warning that it is not).
_KERNEL = {"KernelManager": {"transport_encryption": "auto"}} if zmq.has("curve") else {}
_EXPORT = Config({"TagRemovePreprocessor": {"remove_cell_tags": {"notebook-only"}}})
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Briefings</title><style>body{font-family:
sans-serif;margin:2em} td,th{padding:.3em 1em;text-align:left}</style></head><body><h1>Briefings
</h1><table><tr><th>parameter set</th><th>rendered</th><th>status</th><th>notebooks</th></tr>
{rows}
</table></body></html>
"""


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _first_line(text) -> str:
    return next((line.strip() for line in str(text).splitlines() if line.strip()), "")


def load_param_set(param_set: str, *, params_dir="params") -> dict[str, dict]:
    """Read ``<params_dir>/<param_set>.yaml``: notebook stem (or ``all``) to its parameters."""
    if not isinstance(param_set, str) or not _NAME.match(param_set):
        raise ParameterError("params", param_set, "a parameter set name such as 'sample'")
    folder = resolve_path(params_dir, "params_dir")
    path = folder / f"{param_set}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) or "none"
        raise ParameterError("params", param_set, f"a parameter set in {folder} ({known})")
    try:
        sets = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError("params", param_set, f"valid YAML ({_first_line(exc)})") from None
    if not isinstance(sets, dict) or not all(isinstance(v, dict | None) for v in sets.values()):
        raise ParameterError("params", param_set, "a mapping of notebook name to parameters")
    return {str(key): dict(value or {}) for key, value in sets.items()}


def find_notebooks(notebooks=None) -> list[Path]:
    """Return the notebooks to run: all of ``notebooks/`` in name order, or the ones given."""
    folder = project_root() / "notebooks"
    if notebooks is None or isinstance(notebooks, (str, os.PathLike)):
        notebooks = [folder if notebooks is None else notebooks]
    paths = []
    for item in notebooks:
        if str(item).endswith(".ipynb") or "/" in str(item) or Path(item).is_dir():
            path = resolve_path(item, "notebook", kind="any")
        else:
            path = folder / f"{item}.ipynb"
        if path.is_dir():
            paths += sorted(p for p in path.glob("*.ipynb") if not p.name.startswith((".", "_")))
        elif path.is_file():
            paths.append(path)
        else:
            known = ", ".join(p.stem for p in sorted(folder.glob("*.ipynb")))
            raise ParameterError("notebook", item, f"one of {known}")
    if not paths or len({p.stem for p in paths}) != len(paths):
        raise ParameterError("notebooks", notebooks, "notebooks with distinct names")
    return paths


def notebook_parameters(path: Path, sets: dict[str, dict]) -> dict:
    """Merge ``all:`` (the names the notebook declares), its own entry (all declared: typos are
    errors) and the forced ``interactive=False``."""
    declared = set(papermill.inspect_notebook(str(path)))  # empty without a parameters cell
    own = sets.get(path.stem, {})
    unknown = sorted(set(own) - declared)
    if unknown:
        expected = "a parameter of the notebook: " + (", ".join(sorted(declared)) or "none")
        raise ParameterError(f"{path.stem}.{unknown[0]}", own[unknown[0]], expected)
    merged = {k: v for k, v in sets.get("all", {}).items() if k in declared}
    merged.update(own)
    merged.update({k: v for k, v in FORCED.items() if k in declared})
    if PREVIOUS in declared:
        merged.setdefault(PREVIOUS, None)    # render() names its folder's SEEN_FILE
    return merged


def write_seen(out: Path, sets: dict[str, dict]) -> Path | None:
    """Record the reports and events of the parameter set's run folder after a good render, so
    the next render of the same set can say what is new (``SEEN_FILE``)."""
    frames_dir = sets.get("all", {}).get("frames_dir") or sets.get("03-briefing", {}).get(
        "frames_dir")
    if not frames_dir:
        return None
    folder = resolve_path(frames_dir, "frames_dir", must_exist=False)
    if not Path(folder).is_dir():
        return None
    import analysis                      # the public reader, as the notebooks use it

    frames = analysis.load_frames(folder)
    seen = {"rendered": dt.datetime.now().isoformat(timespec="seconds"),
            "reports": sorted(frames["reports"]["report_id"].astype(str)),
            "events": sorted(frames["events"]["event_id"].astype(str))}
    _write_atomic(out / SEEN_FILE, json.dumps(seen, indent=1) + "\n")
    return out / SEEN_FILE


def execute(src: Path, dest: Path, parameters: dict) -> Path:
    """Run ``src`` with papermill into ``dest``; on failure keep ``<stem>.failed.ipynb``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.stem}.", suffix=".ipynb", dir=dest.parent)
    os.close(fd)
    failed = dest.with_name(f"{dest.stem}.failed.ipynb")
    from analysis.views.highlight import LINK_BASE

    # links to report files in the HTML lead from its folder back to the project root
    up = Path(os.path.relpath(project_root(), dest.parent.resolve())).as_posix()
    previous = os.environ.get(LINK_BASE)
    inside = up != "." and set(up.split("/")) == {".."}    # no directory names in shared HTML
    os.environ[LINK_BASE] = up + "/" if inside else ""
    try:
        papermill.execute_notebook(str(src), tmp, parameters=parameters, kernel_name="python3",
                                   progress_bar=False, log_output=False, cwd=str(project_root()),
                                   config=Config(_KERNEL))
    except PapermillExecutionError as exc:
        os.replace(tmp, failed)
        cell = f"{exc.exec_count or exc.cell_index} ({_first_line(exc.source)})"
        reason = f"{exc.ename}: {_first_line(exc.evalue)} (executed copy: {failed})"
        raise WorkbookError("E050", notebook=src.stem, cell=cell, reason=reason) from exc
    except Exception as exc:
        Path(tmp).unlink(missing_ok=True)
        reason = f"{type(exc).__name__}: {_first_line(exc)}"
        raise WorkbookError("E050", notebook=src.stem, cell="-", reason=reason) from exc
    finally:
        if previous is None:
            os.environ.pop(LINK_BASE, None)
        else:
            os.environ[LINK_BASE] = previous
    os.chmod(tmp, 0o644)
    os.replace(tmp, dest)
    failed.unlink(missing_ok=True)
    return dest


def export_html(executed: Path, dest: Path, *, title: str | None = None) -> Path:
    """Export an executed notebook to HTML without code, prompts or ``notebook-only`` cells."""
    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, log=_QUIET, config=_EXPORT,
                            extra_template_basedirs=[str(TEMPLATES)], template_name="briefing")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title or dest.stem}})
    _write_atomic(dest, body)
    return dest


def write_index(build: Path) -> Path:
    """Rewrite ``build/index.html``: one row per render folder, newest first, relative links."""
    rows = []
    for folder in (p for p in build.iterdir() if p.is_dir() and not p.name.startswith(".")):
        pages = sorted(folder.glob("*.html"))
        if not pages:
            continue
        meta = folder / "render.json"
        info = json.loads(meta.read_text("utf-8")) if meta.is_file() else {}
        when = str(info.get("finished") or dt.datetime.fromtimestamp(
            max(p.stat().st_mtime for p in pages)).isoformat(timespec="seconds"))
        links = " &middot; ".join(
            f'<a href="{html.escape(quote(f"{folder.name}/{p.name}"))}">{html.escape(p.stem)}</a>'
            for p in pages)
        cells = [html.escape(folder.name), html.escape(when),
                 html.escape(str(info.get("status", ""))), links]
        rows.append((when, "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"))
    body = "\n".join(row for _, row in sorted(rows, reverse=True))
    _write_atomic(build / "index.html",
                  _PAGE.replace("{rows}", body or '<tr><td colspan="4">no renders yet</td></tr>'))
    return build / "index.html"


def render(param_set: str = "sample", *, build_dir="build", notebooks=None,
           params_dir="params") -> Path:
    """Run the notebooks with a named parameter set and export each to HTML.

    Parameters
    ----------
    param_set : str, default "sample"
        Names ``<params_dir>/<param_set>.yaml`` and the render folder.
    build_dir : str or PathLike, default "build"
        Where render folders and ``index.html`` go (relative to the project root).
    notebooks : iterable of str or PathLike, optional
        Stems in ``notebooks/`` or ``.ipynb`` paths (default: all of ``notebooks/``, in order).
    params_dir : str or PathLike, default "params"
        The folder holding the parameter sets.

    Returns
    -------
    Path
        The render folder ``<build_dir>/<param_set>``.

    Raises
    ------
    WorkbookError
        ``E020`` for a wrong parameter set, notebook or parameter value (before anything runs);
        ``E050`` when a notebook fails (the notebooks before it keep their new output).
    """
    sets = load_param_set(param_set, params_dir=params_dir)
    plan = [(path, notebook_parameters(path, sets)) for path in find_notebooks(notebooks)]
    for i, (path, parameters) in enumerate(plan):  # every value, before any notebook runs
        ingest_first = any(p.stem == "01-ingest" for p, _ in plan[:i])
        check_notebook(path.stem, parameters, later=ingest_first)
    build = resolve_path(build_dir, "build_dir", must_exist=False)
    (out := build / param_set).mkdir(parents=True, exist_ok=True)
    info = {"param_set": param_set, "started": dt.datetime.now().isoformat(timespec="seconds"),
            "status": "running", "notebooks": []}
    with open(out / ".render.lock", "w") as lock:  # two cron jobs never interleave
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for path, parameters in plan:
                if PREVIOUS in parameters and parameters[PREVIOUS] is None:
                    parameters = {**parameters, PREVIOUS: str(out / SEEN_FILE)}
                executed = execute(path, out / f"{path.stem}.ipynb", parameters)
                export_html(executed, out / f"{path.stem}.html", title=f"{path.stem} ({param_set})")
                info["notebooks"].append(path.stem)
            info["status"] = "ok"
            write_seen(out, sets)
        except Exception as exc:
            info.update(status="failed", error=str(exc))
            raise
        finally:
            info["finished"] = dt.datetime.now().isoformat(timespec="seconds")
            _write_atomic(out / "render.json", json.dumps(info, indent=1, default=str) + "\n")
            write_index(build)
    return out


def main(argv=None) -> int:
    """Run ``python -m analysis.render.notebooks [--params NAME] [--build DIR] [--notebook STEM ...]``."""
    parser = argparse.ArgumentParser(prog="python -m analysis.render.notebooks",
                                     description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--params", default="sample", metavar="NAME", help="params/NAME.yaml (default: sample)")
    add("--build", default="build", metavar="DIR", help="output folder (default: build)")
    add("--notebook", dest="notebooks", nargs="+", action="extend", metavar="STEM",
        help="only these notebooks (default: all, in order)")
    add("--params-dir", default="params", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        out = render(args.params, build_dir=args.build, notebooks=args.notebooks,
                     params_dir=args.params_dir)
    except (WorkbookError, OSError) as exc:
        print(f"render failed: {exc}", file=sys.stderr)
        return 1
    print(f"rendered {args.params} into {out} (index: {out.parent / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
