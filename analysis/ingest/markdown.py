"""Front matter and Markdown headings of text reports.

Front matter is YAML between ``---`` lines or TOML between ``+++`` lines at the top of a file;
broken front matter is read line by line where it can be, else dropped with a warning, and the body
is always kept. Markdown headings become the title (at the top) or sentences of their own.
"""
from __future__ import annotations

import logging
import re
import tomllib

import yaml

log = logging.getLogger("analysis")

_FIELD_LINE = re.compile(r"^(title|source|published|url)\s*[:=]\s*(.*\S)\s*$")
# CommonMark ATX headings: up to three spaces, one to six #, then a space (or nothing), an
# optional closing run of #; setext underlines; code fences, inside which nothing is a heading.
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019]*$")


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Split front matter from the body: YAML between ``---`` lines or TOML between ``+++`` lines
    at the top. Broken front matter is dropped with a warning and the body kept."""
    lines = text.lstrip("\ufeff").split("\n")
    fence = lines[0].strip()
    if fence not in ("---", "+++"):
        return {}, text
    kind = "YAML" if fence == "---" else "TOML"
    ends = ("---", "...") if fence == "---" else ("+++",)
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ends), None)
    if end is None:
        if kind == "TOML":
            return {}, text
        log.warning("%s: front matter has no closing '---'; read as text", path)
        return {}, text
    head, body = "\n".join(lines[1:end]), "\n".join(lines[end + 1:])
    try:
        meta = yaml.safe_load(head) if kind == "YAML" else tomllib.loads(head)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        meta = dict(m.groups() for m in map(_FIELD_LINE.match, lines[1:end]) if m)
        log.warning("%s: front matter is not valid %s; %s", path, kind,
                    f"read {', '.join(meta)} line by line" if meta else "ignored, body read")
        return {k: v.strip().strip("\"'") for k, v in meta.items()}, body
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        log.warning("%s: front matter is not a %s mapping; ignored, body read", path, kind)
        return {}, body
    return meta, body


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def markdown_headings(body: str, title: str | None = None) -> tuple[str | None, str]:
    """Read the headings of a Markdown body; return ``(title, body)``.

    A heading on the first line of text becomes the title when ``title`` is None, and is left
    out of the body when it is the title, or when ``title`` already says it (the same words, or
    the title's beginning). Every other heading is rewritten as a plain line ending in a full
    stop (unless it ends in ``.``, ``!``, ``?`` or an ellipsis), so that it is a sentence of its
    own; the lines of code fences are left as they are.

    Examples
    --------
    >>> markdown_headings("# Troops move\\n\\nThe army moved 500 troops.")
    ('Troops move', '\\nThe army moved 500 troops.')
    >>> markdown_headings("Intro.\\n\\n## Background ##\\nTalks failed.", "Talks")
    ('Talks', 'Intro.\\n\\nBackground.\\nTalks failed.')
    """
    lines = body.split("\n")
    out: list[str] = []
    fenced = False
    first: int | None = None   # index in ``out`` of the heading on the first line of text
    first_text: str | None = None
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None
        if not fenced:
            atx = _ATX.match(line)
            previous = out[-1] if out else ""
            if atx:
                heading = (atx.group(1) or "").strip()
            elif _SETEXT.match(line) and previous.strip() and len(out) == i and \
                    (len(out) < 2 or not out[-2].strip()) and not _ATX.match(lines[i - 1]):
                heading = out.pop().strip()   # the line above, a one-line paragraph
        if heading is None:
            out.append(line)
            continue
        if not any(x.strip() for x in out) and first is None and heading:
            first, first_text = len(out), heading
        if heading and not _ENDS_SENTENCE.search(heading):
            heading += "."
        out.append(heading)
    if first is not None:
        if title is None:
            title = first_text
        if _fold(title).startswith(_fold(first_text)):
            del out[first]
    return title, "\n".join(out)
