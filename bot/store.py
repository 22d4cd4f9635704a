"""The one place that owns the SQLite database: opening, migrating, transactions."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from sqlite_utils import Database

from bot.errors import SchemaTooNew, StoreError
from bot.i18n import N_
from bot.migrations import known_names, migrations

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
#: How long one try for the write lock waits inside SQLite before trying again (ms).
LOCK_POLL_MS = 1
#: WAL pages after which a connection's commit copies the WAL into the database. Bulk
#: writers (imports) do it at `BULK_CHECKPOINT_PAGES`, long before anyone else would:
#: a decision logged during an import never pays for copying the import's pages.
CHECKPOINT_PAGES = 10_000
BULK_CHECKPOINT_PAGES = 1_000
#: Rows SQLite samples per index when it refreshes its statistics.
ANALYSIS_LIMIT = 1_000
#: Page cache per connection (KiB): big enough for the indexes a bulk import touches.
CACHE_KIB = 64 * 1024


#: Mode of every file Empty Chair creates (database, WAL, shared memory, exports).
PRIVATE_MODE = 0o600


def create_private(path: Path) -> None:
    """Create `path` empty and readable by its owner only, whatever the umask (if missing).

    SQLite gives the WAL and shared-memory files the database file's mode.
    """
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
    except FileExistsError:
        return
    except OSError:
        return  # SQLite's own open reports why (read-only directory, ...)
    os.close(fd)


def _private_fd(path: Path) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    if stat.S_ISREG(os.fstat(fd).st_mode):
        os.fchmod(fd, PRIVATE_MODE)  # an existing file keeps its mode otherwise
    return fd


def open_private(path: Path) -> TextIO:
    """`path` opened for writing UTF-8 text, readable by its owner only, whatever the umask.

    A device or a pipe (`-o /dev/stdout`) is written as it is: its mode is not ours.
    """
    return os.fdopen(_private_fd(path), "w", encoding="utf-8", newline="")


def open_private_bytes(path: Path) -> BinaryIO:
    """`path` opened for writing bytes, like `open_private` (owner only, any umask)."""
    return os.fdopen(_private_fd(path), "wb")


def is_regular_or_missing(path: Path) -> bool:
    """Whether `path` (links followed) is a regular file or does not exist yet (or cannot
    be looked at: then writing it says why)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def write_private(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`, readable by its owner only, whatever the umask."""
    with open_private(path) as out:
        out.write(text)


def utcnow() -> str:
    """The current UTC time as an ISO 8601 string with seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _describe_open_error(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text:
        return f"{path} is not an Empty Chair database (the file is corrupt or of another kind)"
    if not path.parent.exists():
        return f"cannot create the database: the directory {path.parent} does not exist"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"cannot write the database at {path}: check that the directory is writable"
    return f"cannot open the database at {path}: {exc}"


class Store:
    """Owns one SQLite database file; each thread gets its own connection.

    Migrations run once, when the store opens. A database written by a newer version
    of Empty Chair (it records migrations this version does not know) is refused and
    left untouched.
    """

    def __init__(self, path: str | Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[Database] = []
        self._lock = threading.Lock()
        try:
            db = self.db
            self._check_version(db)
            if migrate and migrations.pending(db):
                # Under the write lock, so two processes never migrate at once;
                # apply() re-reads what is pending inside the transaction.
                with self.write():
                    migrations.apply(db)
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(_describe_open_error(self.path, exc)) from exc
        except BaseException:
            self.close()
            raise

    @property
    def db(self) -> Database:
        """This thread's connection, opened on first use."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = self._connect()
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def _connect(self) -> Database:
        if self.path != Path(":memory:") and not self.path.parent.exists():
            raise StoreError(
                N_("cannot create the database: the directory {directory} does not exist"),
                directory=self.path.parent,
            )
        if self.path != Path(":memory:"):
            create_private(self.path)
        try:
            conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            db = Database(conn, execute_plugins=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and self.path != Path(":memory:"):
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        except sqlite3.Error as exc:
            raise StoreError(_describe_open_error(self.path, exc)) from exc
        return db

    def _check_version(self, db: Database) -> None:
        known = set(known_names())
        applied = {m.name for m in migrations.applied(db)}
        unknown = sorted(applied - known)
        if unknown:
            raise SchemaTooNew(
                f"{self.path} was written by a newer version of Empty Chair "
                f"(schema {unknown[-1]}); upgrade emptychair to use it"
            )

    @property
    def schema_version(self) -> int:
        """How many migrations have been applied."""
        return len(migrations.applied(self.db))

    @contextlib.contextmanager
    def write(self, tenant: str | None = None) -> Iterator[Database]:
        """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

        Nested calls become savepoints. Taking the lock first means a writer waits for
        another writer (up to the busy timeout) instead of failing half-way. `tenant`
        names whose rows it writes: SQLite has one writer for the whole file, a server
        database could lock per tenant instead (None: maintenance across tenants).
        """
        db = self.db
        conn = db.conn
        if conn.in_transaction:
            with db.atomic():
                yield db
            return
        self._begin(conn)
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(_describe_write_error(self.path, exc)) from exc

    def _begin(self, conn: sqlite3.Connection) -> None:
        """Take the write lock (BEGIN IMMEDIATE), trying again every millisecond or so.

        SQLite's own wait sleeps longer and longer between tries (up to 100 ms), so a
        writer waiting behind an import's back-to-back short transactions could miss
        every gap between them for a second. Polling briefly finds the next gap.
        """
        conn.execute(f"PRAGMA busy_timeout = {LOCK_POLL_MS}")
        try:
            deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    locked = "locked" in str(exc) or "busy" in str(exc)
                    if not locked or time.monotonic() >= deadline:
                        raise StoreError(_describe_write_error(self.path, exc)) from exc
                time.sleep(LOCK_POLL_MS / 2000)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextlib.contextmanager
    def reader(self) -> Iterator[Database]:
        """A read snapshot on a connection of its own, for long reads beside short writes."""
        if self.path == Path(":memory:"):
            yield self.db
            return
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # start the snapshot
        except sqlite3.Error as exc:
            raise StoreError(_describe_open_error(self.path, exc)) from exc
        try:
            yield Database(conn, execute_plugins=False)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
            conn.close()

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """This thread's connection checkpoints the WAL itself while bulk-writing."""
        conn = self.db.conn
        conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")

    def refresh_statistics(self) -> None:
        """Let SQLite re-analyse tables that changed a lot (after a bulk import)."""
        with contextlib.suppress(sqlite3.OperationalError):
            # A bounded look at each index (rows sampled, not all): analysing a big
            # table in full would hold the write lock for seconds.
            self.db.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            self.db.execute("PRAGMA optimize")

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows of a read query as dicts."""
        return list(self.db.query(sql, params))

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for db in self._all:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._all.clear()
        self._local = threading.local()


def _describe_write_error(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "the database is busy with another writer; try again in a moment"
    if "readonly" in text:
        return f"the database at {path} is read-only"
    return f"cannot write the database at {path}: {exc}"
