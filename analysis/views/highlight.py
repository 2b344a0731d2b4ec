"""Show a sentence with its actors, numbers and event triggers highlighted in place, as safe HTML.

The frames give character offsets into the report text; here they become offsets into the
sentence and are drawn with spaCy's displaCy in manual mode, which escapes the text. Labels say
what each span is: ``ACTOR:<kind>``, ``NUMBER:<category>``, ``EVENT:<type>``. Spans that overlap
are resolved longest first, so none is drawn twice.

On a page, every highlighted sentence carries an anchor (:func:`anchor`, ``id="s-<report>-<n>"``)
that table rows link to, and a caption that links to its report: the report's ``url`` when it is a
web address, else its relative source path. Nothing absolute, and nothing but ``http(s)`` or a
relative path, is ever linked.
"""
from __future__ import annotations

import html
import os
import re
from typing import Iterator, Mapping, NamedTuple
from urllib.parse import quote, urlsplit

import pandas as pd

from analysis.errors import ParameterError
from analysis.views.shown import shown as _get

Frames = Mapping[str, pd.DataFrame]

COLORS = {"ACTOR": "#b9d7f5", "NUMBER": "#ffd59e", "EVENT": "#c8ecb4"}
_UNSAFE = re.compile(r"[^A-Za-z0-9:_\-]")
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_\-]")
# ``path#part2``, ``file.csv#row3``, ``file.json#record1``, ``file.jsonl#line4``: the file's path
_PART = re.compile(r"#(part|row|record|line)\d+$")
_ABSOLUTE = re.compile(r"^(/|\\|~|[A-Za-z]:)")


class Span(NamedTuple):
    """A labelled span of a sentence: ``start`` and ``end`` relative to the sentence."""

    start: int
    end: int
    label: str


def _label(kind: str, value) -> str:
    detail = "other" if value is None or pd.isna(value) else str(value)
    return _UNSAFE.sub("_", f"{kind}:{detail}")


def _in(df: pd.DataFrame, report_id: str, sent_id: int) -> pd.DataFrame:
    return df[((df["report_id"] == report_id) & (df["sent_id"] == sent_id)).fillna(False)]


def spans(frames: Frames, report_id: str, sent_id: int, *, offset: int = 0) -> list[Span]:
    """Return the labelled spans of one sentence, relative to ``offset`` (its start).

    Actor mentions are labelled with the actor's kind (from ``actors``, else the mention's own
    ``actor_kind``), numbers with their category, events with their type (over the trigger).
    Spans are not yet resolved for overlaps; see :func:`resolve`.
    """
    out = []
    mentions = _in(_get(frames, "mentions"), report_id, sent_id)
    if len(mentions):
        kinds = _get(frames, "actors").drop_duplicates("actor_id").set_index("actor_id")["kind"]
        own = mentions["actor_kind"].astype(object)
        kind = pd.Series(kinds.reindex(mentions["actor_id"]).to_numpy(), index=mentions.index)
        for (_, row), k in zip(mentions.iterrows(), kind.astype(object).fillna(own)):
            out.append(Span(int(row["start"]) - offset, int(row["end"]) - offset,
                            _label("ACTOR", k)))
    for name, column, kind in (("numbers", "category", "NUMBER"),
                               ("events", "event_type", "EVENT")):
        for _, row in _in(_get(frames, name), report_id, sent_id).iterrows():
            out.append(Span(int(row["start"]) - offset, int(row["end"]) - offset,
                            _label(kind, row[column])))
    return out


def resolve(found: list[Span], length: int) -> list[Span]:
    """Keep spans inside ``[0, length]`` that overlap no longer span; return them in order.

    Longer spans win; ties go to the earlier span, then to actors before events before numbers
    (label order), so the result does not depend on the order of the input.
    """
    kept: list[Span] = []
    inside = (s for s in set(found) if 0 <= s.start < s.end <= length)
    for span in sorted(inside, key=lambda s: (s.start - s.end, s.start, s.label)):
        if all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return sorted(kept)


def _sentence(frames: Frames, report_id: str, sent_id: int) -> dict | None:
    rows = _in(_get(frames, "sentences"), report_id, sent_id)
    return None if rows.empty else rows.iloc[0].to_dict()


def _render(text: str, found: list[Span]) -> str:
    from spacy import displacy

    labels = sorted({s.label for s in found})
    colors = {label: COLORS.get(label.split(":")[0], "#ddd") for label in labels}
    doc = {"text": text, "ents": [s._asdict() for s in found], "title": None}
    return displacy.render(doc, style="ent", manual=True, page=False, jupyter=False,
                           options={"colors": colors})


def mark_term(rendered: str, term: str | None) -> str:
    """Wrap every occurrence of ``term`` (case-insensitive) in the text of rendered HTML in
    ``<mark class="term">``; tags and attributes are left alone, and a match across a tag
    (half inside a highlighted span) is not marked."""
    if not term or not term.strip():
        return rendered
    needle = re.compile(re.escape(html.escape(term.strip(), quote=False)), re.IGNORECASE)
    parts = re.split(r"(<[^>]*>)", rendered)
    return "".join(p if p.startswith("<") else needle.sub(
        lambda m: f'<mark class="term">{m.group(0)}</mark>', p) for p in parts)


def highlight_sentence(frames: Frames, report_id: str, sent_id: int, *,
                       term: str | None = None) -> str:
    """Return one sentence as HTML, with its actors, numbers and event triggers highlighted.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames` (``sentences`` is required;
        ``mentions``, ``numbers``, ``events`` and ``actors`` give the highlights).
    report_id : str
        The report.
    sent_id : int
        The sentence within the report.
    term : str, optional
        Words searched for, marked where the sentence has them (:func:`mark_term`).

    Returns
    -------
    str
        A ``<div class="entities">`` block drawn by displaCy; all report text is escaped.

    Raises
    ------
    ParameterError
        When the sentence is not in the ``sentences`` frame.

    Examples
    --------
    >>> from IPython.display import HTML  # doctest: +SKIP
    >>> HTML(highlight_sentence(frames, "956e948fb3d0fe48", 1))  # doctest: +SKIP
    """
    sentence = _sentence(frames, report_id, sent_id)
    if sentence is None:
        raise ParameterError("sent_id", (report_id, sent_id), "a sentence of the sentences frame")
    text = str(sentence["text"]).rstrip()
    found = resolve(spans(frames, report_id, sent_id, offset=int(sentence["start"])), len(text))
    return mark_term(_render(text, found), term)


def anchor(report_id, sent_id, *, prefix: str = "s") -> str:
    """Return the HTML id of a highlighted sentence: ``<prefix>-<report_id>-<sent_id>``.

    Characters other than letters, digits, ``_`` and ``-`` become ``_``, so the id is safe in an
    attribute and in a ``#fragment``.

    Examples
    --------
    >>> anchor("956e948fb3d0fe48", 3)
    's-956e948fb3d0fe48-3'
    >>> anchor("r<1>", 0, prefix="events")
    'events-r_1_-0'
    """
    return _ANCHOR_UNSAFE.sub("_", f"{prefix}-{report_id}-{int(sent_id)}")


def _present(value) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def report_link(report: Mapping | None) -> str | None:
    """Return where a report's caption links: its ``url`` when it is an ``http(s)`` address,
    else its relative ``path`` (without ``#part2``-like suffixes), percent-encoded; ``None``
    for an absolute path, a path that climbs out with ``..``, or nothing to link.

    Examples
    --------
    >>> report_link({"url": "https://example.org/a?b=1&c=2", "path": "x.md"})
    'https://example.org/a?b=1&c=2'
    >>> report_link({"url": None, "path": "data/reports/wire/a b.csv#row2"})
    'data/reports/wire/a%20b.csv'
    >>> report_link({"url": "javascript:alert(1)", "path": "/home/ann/a.txt"}) is None
    True
    """
    if report is None:
        return None
    url = report.get("url")
    if _present(url):
        url = str(url).strip()
        parts = urlsplit(url)
        if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(
                c.isspace() or c in "<>\"'`" for c in url):
            return url
    path = report.get("path")
    if not _present(path):
        return None
    path = _PART.sub("", str(path).strip())
    if not path or _ABSOLUTE.match(path) or ".." in path.replace("\\", "/").split("/"):
        return None
    return _link_base() + quote(path.replace("\\", "/"), safe="/")  # "javascript%3Ax"


LINK_BASE = "ANALYSIS_LINK_BASE"    # set by a render: from the HTML's folder to the project root


def _link_base() -> str:
    """Return the prefix of links to report files: ``../../`` in ``build/<set>/`` renders (the
    paths in the frames are relative to the project root), nothing elsewhere; only ``../``
    steps are accepted."""
    base = os.environ.get(LINK_BASE, "")
    return base if re.fullmatch(r"(?:\.\./)*", base) else ""


def _caption(report: dict | None) -> str:
    if report is None:
        return "unknown report"
    title = report.get("title")
    title = "untitled report" if title is None or pd.isna(title) else " ".join(str(title).split())
    link = report_link(report)
    if link is not None:
        title = f'<a href="{html.escape(link)}">{html.escape(title)}</a>'
    else:
        title = html.escape(title)
    parts = [title]
    source = report.get("source")
    if source is not None and not pd.isna(source):
        parts.append(str(source))
    published = report.get("published")
    if published is not None and not pd.isna(published):
        parts.append(pd.Timestamp(published).strftime("%Y-%m-%d"))
    return " · ".join([parts[0], *(html.escape(p) for p in parts[1:])])


def _keys(table: pd.DataFrame) -> Iterator[tuple[str, int]]:
    keys = table[["report_id", "sent_id"]].dropna().drop_duplicates()
    for report_id, sent_id in keys.itertuples(index=False):
        yield str(report_id), int(sent_id)


def _subset(frames: Frames, report_ids: set[str]) -> dict[str, pd.DataFrame]:
    """The frames cut down to the rows of ``report_ids`` (looking a sentence up is then cheap)."""
    out = dict(frames)
    for name in ("sentences", "mentions", "numbers", "events"):
        df = _get(frames, name)
        out[name] = df[df["report_id"].isin(report_ids).fillna(False).to_numpy(dtype=bool)]
    return out


def sentence_keys(frames: Frames, table: pd.DataFrame, *, limit: int | None = 50
                  ) -> list[tuple[str, int]]:
    """Return the ``(report_id, sent_id)`` of the sentences :func:`highlight_rows` shows for
    ``table``: in row order, each once, only those in the ``sentences`` frame, at most ``limit``
    (``None``: all). Tables link to exactly these (:func:`analysis.views.tables.to_html`)."""
    sentences = _get(frames, "sentences")
    known = set(zip(sentences["report_id"].astype(str), sentences["sent_id"].astype("Int64")))
    found = [key for key in _keys(table) if key in known]
    return found if limit is None else found[:max(limit, 0)]


# the sentence a row's link leads to is marked, and leads back to its table
TARGET_STYLE = ("<style>figure.highlight:target{outline:3px solid #e8a317;"
                "background:#fff6d5;scroll-margin-top:4em}"
                "figure.highlight a.back{font-size:85%;margin-left:.5em}</style>")


def highlight_rows(frames: Frames, table: pd.DataFrame, *, limit: int | None = 50,
                   prefix: str = "s", term: str | None = None, back: str | None = None) -> str:
    """Return the highlighted sentences of a table's rows as one HTML block.

    Parameters
    ----------
    frames : mapping of str to DataFrame
        Frames as returned by :func:`analysis.load_frames`.
    table : DataFrame
        Any table with ``report_id`` and ``sent_id`` columns (events, figures, claims, ...).
    limit : int or None, default 50
        Most sentences shown (``None``: all); a sentence shared by several rows is shown once.
    prefix : str, default "s"
        The prefix of each sentence's anchor (see :func:`anchor`); a page with several blocks
        gives each its own.
    term : str, optional
        Words searched for, marked in every sentence that has them.
    back : str, optional
        The id of the table the rows are in: each sentence gets a link back to it. The sentence
        a link leads to is marked (``:target``).

    Returns
    -------
    str
        A ``<div class="highlights">`` of ``<figure id="s-<report_id>-<sent_id>">`` elements,
        each a sentence captioned with its report's title (a link to the report's url, or to its
        relative source path), source and date, all escaped. Rows without a report, a sentence
        id, or a sentence in ``frames`` are skipped.

    Examples
    --------
    >>> HTML(highlight_rows(frames, filter_events(frames, event_type="ASSAULT")))  # doctest: +SKIP
    """
    keys = sentence_keys(frames, table, limit=limit)
    if not keys:
        return '<div class="highlights"><p>No sentences to show.</p></div>'
    reports = _get(frames, "reports").drop_duplicates("report_id")
    reports = reports.set_index(reports["report_id"].astype(str))
    small = _subset(frames, {r for r, _ in keys})
    figures = []
    for report_id, sent_id in keys:
        body = highlight_sentence(small, report_id, sent_id, term=term)
        report = reports.loc[report_id].to_dict() if report_id in reports.index else None
        where = anchor(report_id, sent_id, prefix=prefix)
        home = (f' <a class="back" href="#{html.escape(back)}" title="back to the table">'
                "&uarr; table</a>") if back else ""
        figures.append(f'<figure class="highlight" id="{where}">'
                       f"\n<figcaption>{_caption(report)}{home}</figcaption>\n{body}\n</figure>")
    return (TARGET_STYLE + '<div class="highlights">\n' + "\n".join(figures) + "\n</div>")
