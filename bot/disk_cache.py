"""Derived files kept between runs, so a new process does not rebuild them from source.

Some data is derived from files in the package: compiled message catalogs from the
`.po` files, phrase indexes from the vocabularies in `bot/data/`. Building them costs a
command-line start more than everything else it does, so the result is kept in a cache
directory and used again while its sources are unchanged. Each entry's name or content
carries a fingerprint of every source it was built from (the data files, the code that
builds it, the Python version), so a changed source is never served stale: its new
fingerprint simply misses. The cache is an optimisation only: an unreadable, unwritable
or damaged cache is rebuilt in memory and the answer is the same.

The directory is `EMPTYCHAIR_CACHE_DIR` when set, else `$XDG_CACHE_HOME/emptychair`,
else `~/.cache/emptychair`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

CACHE_DIR_ENV = "EMPTYCHAIR_CACHE_DIR"
#: Bumped when the layout of cached entries changes.
FORMAT = 1

logger = logging.getLogger(__name__)
T = TypeVar("T")


#: Modes of the cache directory (when it is created here) and of every entry.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """Where derived files are kept (`EMPTYCHAIR_CACHE_DIR`, else the user cache dir);
    None when there is no home directory to put it in (then nothing is cached)."""
    env = os.environ if env is None else env
    chosen = env.get(CACHE_DIR_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    base = env.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "emptychair"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        return None
    # Without HOME or a password entry `~` stays as it is: never a cache in the cwd.
    return home / ".cache" / "emptychair" if home.is_absolute() else None


def fingerprint(*parts: bytes | str) -> str:
    """A short hex digest of `parts` (each length-prefixed, so boundaries count)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def source_fingerprint(files: Iterable[str | Path | None], *data: bytes | str) -> str | None:
    """The fingerprint of the contents of `files`, of `data` and of the Python version
    (its Unicode tables and marshal format), or None when a file cannot be read (then
    nothing derived from it is cached)."""
    parts: list[bytes | str] = [str(FORMAT), sys.version, *data]
    for file in files:
        if file is None:
            return None
        try:
            parts.append(Path(file).read_bytes())
        except OSError:
            return None
    return fingerprint(*parts)


def read(name: str) -> bytes | None:
    """The bytes of cache entry `name`, or None when it is missing, unreadable or written
    by another user (a shared cache directory is never trusted)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with (directory / name).open("rb") as handle:
            owner = os.fstat(handle.fileno()).st_uid
            if hasattr(os, "getuid") and owner != os.getuid():
                logger.debug("cache entry %s belongs to another user; not used", name)
                return None
            return handle.read()
    except (OSError, ValueError):
        return None


def write(name: str, data: bytes) -> bool:
    """Store `data` as cache entry `name` atomically; False when the directory is not
    writable (the caller goes on without a cache)."""
    directory = cache_dir()
    if directory is None:
        return False
    target = directory / name
    # A name of this process and thread: a writer only ever removes its own partial file.
    partial = directory / f".{name}.{os.getpid()}.{threading.get_ident()}.partial"
    try:
        if not directory.is_dir():
            directory.parent.mkdir(parents=True, exist_ok=True)
            directory.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        # Owner only, whatever the umask (open() made 0666 files under umask 000).
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(partial, target)
    except (OSError, ValueError):
        logger.debug("cache entry %s not written", name, exc_info=True)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return False
    return True


def remove_others(prefix: str, keep: str) -> None:
    """Remove the entries whose names start with `prefix`, except `keep` (older builds)."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        for path in directory.glob(f"{prefix}*"):
            if path.name != keep:
                path.unlink(missing_ok=True)
    except OSError:
        logger.debug("old cache entries of %s not removed", prefix, exc_info=True)


def cached_value(name: str, key: str | None, build: Callable[[], T]) -> T:
    """The value built by `build`, kept as cache entry `name` under `key`.

    The value must be plain data (`marshal`: dicts, lists, tuples, strings, numbers). It
    is read back only when the entry's key equals `key`; otherwise, or when the entry is
    damaged, it is built again and the entry replaced. A None `key` (the sources could
    not be read) builds without the cache.
    """
    if key is None:
        return build()
    raw = read(name)
    if raw is not None:
        try:
            # Plain data written by `cached_value` into this user's own entry (see `read`).
            stored = marshal.loads(raw)  # noqa: S302
        except (EOFError, ValueError, TypeError):
            stored = None
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            value: T = stored[1]
            return value
    value = build()
    try:
        payload = marshal.dumps((key, value))  # type: ignore[arg-type]
    except ValueError:  # not plain data: a programming error, but never a failed answer
        logger.warning("cache entry %s holds a value marshal cannot write", name)
        return value
    write(name, payload)
    return value
