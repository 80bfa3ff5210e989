"""Many files at once: paths expanded (files, folders, glob patterns) and read in parallel, one
process per core, each file on its own — a file that cannot be read fails alone."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.core.model import TargetDocument
from jixiao.ingest.errors import IngestError

SUFFIXES = (".txt", ".docx", ".doc", ".xlsx", ".xls", ".pdf", ".html", ".htm")
"""What a folder is searched for (a file named on its own is read whatever its name)."""


@dataclass(frozen=True)
class Read:
    """One file's reading: the document and its warnings, or why it could not be read."""

    path: str
    document: TargetDocument | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def expand(paths: list[str]) -> list[str]:
    """The files these paths name, in order, each once: a folder's files with a known suffix
    (recursively, sorted), a glob pattern's matches; a path that names nothing is kept, so its
    reading fails in words."""
    found: list[str] = []
    for path in paths:
        if Path(path).is_dir():
            found += sorted(
                str(p) for p in Path(path).rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES
            )  # fmt: skip
        elif glob.has_magic(path) and (matches := sorted(glob.glob(path, recursive=True))):
            found += [m for m in matches if Path(m).is_file()]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_many(
    paths: list[str], *, encoding: str | None = None, workers: int | None = None
) -> Iterator[Read]:
    """Each file read, in the order given, by a pool of processes (one per core by default;
    one file or one core: in this process)."""
    workers = workers or os.cpu_count() or 1
    if len(paths) < 2 or workers < 2:
        for path in paths:
            yield read_one(path, encoding)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
        yield from pool.map(read_one, paths, [encoding] * len(paths), chunksize=4)


def read_one(path: str, encoding: str | None = None) -> Read:
    from jixiao.ingest import read_path

    try:
        document = read_path(Path(path), encoding=encoding)
    except IngestError as error:
        return Read(path, error=error.message)
    return Read(path, document, [w.text(document.source) for w in document.warnings])
