"""Find and read input files safely: walk folders (symbolic links followed once, loops reported),
read bytes without blocking on FIFOs or devices, and decode them to text whatever their encoding.

Nothing here raises on bad input: what cannot be read comes back as a reason, one line long, that
:mod:`analysis.ingest.reports` turns into a skipped input.
"""
from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple


class Skipped(NamedTuple):
    """An input that was not turned into a report, and why."""

    path: str
    reason: str


class Decoded(NamedTuple):
    """File bytes as text: ``problem`` is a warning when ``text`` is set, else why it is not."""

    text: str | None
    encoding: str
    problem: str | None = None


def shown_path(path: Path) -> str:
    """The name an input is shown by: as typed when relative, from its own name when absolute."""
    if not path.is_absolute():
        return path.as_posix()
    return path.name or Path(os.path.normpath(path)).name or path.as_posix()


def _keys(folders: Iterable[str | os.PathLike]) -> set[tuple[int, int]]:
    out = set()
    for folder in folders:
        try:
            info = Path(folder).stat()
        except OSError:
            continue
        out.add((info.st_dev, info.st_ino))
    return out


def walk(paths: Iterable[str | os.PathLike], *, exclude: Iterable[str | os.PathLike] = ()
         ) -> Iterator[tuple[Path, str] | Skipped]:
    """Yield ``(path, shown)`` for every file under ``paths``, or a Skipped for what is not read.

    Folders are read in name order, files before subfolders, hidden entries left out; symbolic
    links to folders are followed once (a loop, or a folder already read, is reported). A folder
    of ``exclude`` (the run folder a run writes into) is never read, and said so.
    """
    seen: dict[tuple[int, int], str] = {}
    excluded = _keys(exclude)
    for raw in paths:
        path, shown = Path(raw), shown_path(Path(raw))
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            yield (path, shown) if path.exists() or path.is_symlink() else Skipped(
                shown, "no such file or folder")
            continue
        stack = [(path, shown, ())]
        while stack:
            folder, where, ancestors = stack.pop()
            try:
                info = folder.stat()
                key = (info.st_dev, info.st_ino)
                if key in excluded:
                    yield Skipped(where, "the run folder this run writes into, not read as input")
                    continue
                if key in seen:
                    loop = "symlink loop" if key in ancestors else "folder already read"
                    yield Skipped(where, f"{loop}: same folder as {seen[key]}")
                    continue
                seen[key] = where
                with os.scandir(folder) as found:
                    entries = sorted((e for e in found if not e.name.startswith(".")),
                                     key=lambda e: e.name)
            except OSError as exc:
                yield Skipped(where, f"cannot list folder: {exc.strerror or exc}")
                continue
            subfolders = []
            for entry in entries:
                try:
                    is_sub = entry.is_dir()   # follows symbolic links
                except OSError:
                    is_sub = False
                child = (folder / entry.name, f"{where}/{entry.name}")
                if is_sub:
                    subfolders.append(child)
                else:
                    yield child
            stack.extend((p, w, (*ancestors, key)) for p, w in reversed(subfolders))


def iter_paths(paths: Iterable[str | os.PathLike], *, exclude: Iterable[str | os.PathLike] = ()
               ) -> Iterator[Path | Skipped]:
    """Yield the files under ``paths`` (folders recursively, in name order, hidden files skipped),
    or a :class:`Skipped` for a path that does not exist or a folder that cannot be listed (or
    is one of ``exclude``)."""
    for item in walk(paths, exclude=exclude):
        yield item if isinstance(item, Skipped) else item[0]


def _utf16_without_bom(head: bytes) -> str | None:
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and len(head) % 2 == 0:
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode file bytes to text.

    UTF-8, UTF-16 and UTF-32 with a byte-order mark, and UTF-16 without one, are read as such;
    UTF-8 with a few broken bytes keeps its text (the bytes become U+FFFD, with a warning);
    other bytes are read as Windows-1252 (with a warning). Bytes with NULs or many control
    characters are binary.

    Examples
    --------
    >>> decode("caf\\u00e9".encode("cp1252"))
    Decoded(text='café', encoding='cp1252', problem='not UTF-8; read as Windows-1252')
    """
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                          (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            break
    else:
        encoding = "utf-8"
        if b"\x00" in data[:8192]:
            encoding = _utf16_without_bom(data[:8192]) or ""
            if not encoding:
                return Decoded(None, "", "binary file, not text")
    problem = None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        problem = f"some bytes are not valid {encoding.upper().replace('-SIG', '')}; replaced"
        if encoding == "utf-8" and not any(ord(c) > 127 and c != "\ufffd" for c in text):
            # no valid UTF-8 beyond ASCII anywhere: an 8-bit Windows file, not damaged UTF-8
            encoding, problem = "cp1252", "not UTF-8; read as Windows-1252"
            text = data.decode(encoding, errors="replace")
    head = text[:8192]
    controls = sum(1 for c in head if c == "\ufffd" or (
        unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c"))
    if controls > max(8, 0.05 * len(head)):
        return Decoded(None, encoding, "binary file, not text")
    return Decoded(text, encoding, problem)


def unreadable(path: Path, exc: OSError | None = None) -> str:
    """Say in a few words why ``path`` cannot be read (``exc``: the error met opening it)."""
    if exc is None:
        try:
            os.stat(path)
            return "cannot read file"
        except OSError as err:
            exc = err
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return "broken symbolic link"
    return f"cannot read file: {exc.strerror or exc}"


def read_bytes(path: Path, max_bytes: int) -> bytes | str:
    """Return the bytes of a regular file, or why they cannot be had (never blocks on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return unreadable(path, exc)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file (a device, FIFO or socket)"
        if info.st_size > max_bytes:
            return f"file is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit"
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            return f"cannot read file: {exc.strerror or exc}"
    if len(data) > max_bytes:
        return f"file is over the {max_bytes / 1e6:g} MB limit"
    return data
