"""Files the build writes and reads besides pages: atomic writes, content
hashes, and the stamp of the package's source that caches of what it made hold."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (or its pieces, in order) to ``path`` through a temporary
    file in the same folder, so that an interrupted build leaves either the
    old file or the new one."""
    prefix = f".{path.name}."
    temporary = path.with_name(f"{prefix}{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
        temporary.replace(path)  # os.replace: atomic within a folder
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    # what a build killed while writing this file left behind
    for leftover in path.parent.glob(f"{prefix}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def read_pickle(path: Path) -> object:
    """What a file of :func:`write_pickle` holds; None when it is absent or
    damaged (unpickling raises many kinds of errors)."""
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except Exception:
        return None


def write_pickle(path: Path, data: object) -> None:
    """Pickle ``data`` into ``path`` atomically (making its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


def read_signed(path: Path, signature: object, key: str) -> dict[Any, Any]:
    """The dict kept under ``key`` in a file :func:`write_signed` wrote with
    ``signature``; empty for another signature, or no such file."""
    data = read_pickle(path)
    if not isinstance(data, dict) or data.get("signature") != signature:
        return {}
    found = data.get(key)
    return found if isinstance(found, dict) else {}


def write_signed(path: Path, signature: object, key: str, value: dict[Any, Any]) -> None:
    """Keep ``value`` under ``key`` in ``path``, with what it was made with."""
    write_pickle(path, {"signature": signature, key: value})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    """The sha256 of a file's content; "" when it cannot be read (or is absent)."""
    try:
        return sha256(path.read_bytes())
    except OSError:
        return ""


def source_stamp() -> int:
    """The newest modification of the package's modules: what a build made
    with them changes with them, also where the version does not."""
    return max(p.stat().st_mtime_ns for p in PACKAGE.rglob("*.py"))
