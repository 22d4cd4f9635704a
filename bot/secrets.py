"""Secrets at rest and in logs: tokens sealed with Fernet, known secrets never logged.

`Sealer` encrypts the bot tokens of OAuth installs with `cryptography`'s MultiFernet
under the keys in `EMPTYCHAIR_SECRET_KEY` (comma-separated, newest first): new tokens
are sealed with the newest key, any listed key opens them, and `reseal_tokens` moves
old rows (clear text from before encryption, or an older key) to the newest key: Slack
tokens, saved sync tokens and webhook secrets.

`redact_logs` makes every log record, at every level and in every handler, carry
`[redacted]` instead of a known secret value or anything shaped like a Slack token
or a JSON Web Token.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from bot.errors import ConfigError
from bot.i18n import N_
from bot.store import Store

if TYPE_CHECKING:  # cryptography loads when a key is used, not on every start
    from cryptography.fernet import MultiFernet

SECRET_KEY_ENV = "EMPTYCHAIR_SECRET_KEY"  # noqa: S105 (the variable's name, not a secret)
#: Slack tokens (bot, user, app, config, refresh...) and JSON Web Tokens.
TOKEN_PATTERNS = re.compile(
    r"xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+"
    r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"
)
REDACTED = "[redacted]"
#: Environment variables whose values are secrets (names containing these words).
_SECRET_NAMES = re.compile(r"SECRET|TOKEN|PASSWORD|API_KEY|_KEY$", re.IGNORECASE)
#: (table, column) pairs of Slack's installation store that hold tokens.
TOKEN_COLUMNS = (
    ("slack_bots", "bot_token"),
    ("slack_bots", "bot_refresh_token"),
    ("slack_installations", "bot_token"),
    ("slack_installations", "bot_refresh_token"),
    ("slack_installations", "user_token"),
    ("slack_installations", "user_refresh_token"),
    ("sync_configs", "token"),
)


class Sealer:
    """Encrypts and decrypts short secrets with the newest of several Fernet keys."""

    def __init__(self, keys: Iterable[str]) -> None:
        from cryptography.fernet import Fernet, MultiFernet

        parsed = []
        for number, key in enumerate(k.strip() for k in keys if k.strip()):
            try:
                parsed.append(Fernet(key.encode()))
            except (ValueError, TypeError):
                raise ConfigError(
                    N_(
                        "{variable}: key {number} is not a Fernet key (32 url-safe base64 "
                        "bytes; make one with: emptychair secret-key)"
                    ),
                    variable=SECRET_KEY_ENV,
                    number=number + 1,
                ) from None
        if not parsed:
            raise ConfigError(N_("{variable} holds no key"), variable=SECRET_KEY_ENV)
        self._fernet: MultiFernet = MultiFernet(parsed)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Sealer | None:
        """The sealer of `EMPTYCHAIR_SECRET_KEY`, or None when it is not set."""
        value = (os.environ if env is None else env).get(SECRET_KEY_ENV, "")
        return cls(value.split(",")) if value.strip() else None

    @staticmethod
    def new_key() -> str:
        """A fresh key for `EMPTYCHAIR_SECRET_KEY`."""
        from cryptography.fernet import Fernet

        return Fernet.generate_key().decode()

    def seal(self, secret: str) -> str:
        """`secret` encrypted with the newest key."""
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        """The secret inside `sealed` (any listed key opens it)."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise ConfigError(
                N_(
                    "a stored token cannot be decrypted with the keys in {variable} "
                    "(was the key that sealed it removed?)"
                ),
                variable=SECRET_KEY_ENV,
            ) from None

    def rotate(self, sealed: str) -> str:
        """`sealed` re-encrypted with the newest key."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken:
            raise ConfigError(
                N_("a stored token cannot be decrypted with the keys in {variable}"),
                variable=SECRET_KEY_ENV,
            ) from None


def is_sealed(value: str) -> bool:
    """Whether a stored token is encrypted (Fernet tokens start with version byte 0x80)."""
    return value.startswith("gAAAAA")


def reseal_tokens(store: Store, sealer: Sealer) -> int:
    """Encrypt clear-text tokens and move older keys' tokens to the newest key (Slack
    tokens, saved sync tokens and webhook secrets).

    Returns how many values changed. Tables Slack's installation store has not created
    yet are skipped. One transaction: a crash leaves every row as it was.
    """
    changed = 0
    with store.write() as db:
        tables = set(db.table_names())
        for table, column in TOKEN_COLUMNS:
            if table not in tables or column not in db[table].columns_dict:
                continue
            rows = db.execute(
                f"SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} != ''"
            ).fetchall()
            for rowid, value in rows:
                new = sealer.rotate(value) if is_sealed(value) else sealer.seal(value)
                db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (new, rowid))
                changed += 1
        if "webhook_secrets" in tables:  # a flag says which are sealed (any text may be)
            rows = db.execute("SELECT rowid, secret, encrypted FROM webhook_secrets").fetchall()
            for rowid, value, encrypted in rows:
                new = sealer.rotate(value) if encrypted else sealer.seal(value)
                db.execute(
                    "UPDATE webhook_secrets SET secret = ?, encrypted = 1 WHERE rowid = ?",
                    (new, rowid),
                )
                changed += 1
    return changed


def secret_values(env: Mapping[str, str] | None = None) -> set[str]:
    """The values of environment variables that hold secrets (8 characters or more)."""
    env = os.environ if env is None else env
    found = set()
    for name, value in env.items():
        if _SECRET_NAMES.search(name):
            found |= {part.strip() for part in value.split(",") if len(part.strip()) >= 8}
    return found


class _Redactor:
    def __init__(self) -> None:
        self.known: set[str] = set()
        self.pattern: re.Pattern[str] | None = None

    def add(self, values: Iterable[str]) -> None:
        self.known |= {v for v in values if v and len(v) >= 8}
        if self.known:
            ordered = sorted(self.known, key=len, reverse=True)
            self.pattern = re.compile("|".join(re.escape(v) for v in ordered))

    def __call__(self, text: str) -> str:
        if self.pattern is not None:
            text = self.pattern.sub(REDACTED, text)
        return TOKEN_PATTERNS.sub(REDACTED, text)


_redactor = _Redactor()
_installed = False


def redact(text: str) -> str:
    """`text` with every known secret and token-shaped string replaced."""
    return _redactor(text)


def redact_logs(extra: Iterable[str] = ()) -> None:
    """Redact secrets from every log record from now on (idempotent; adds `extra` values).

    Works at record creation (`logging.setLogRecordFactory`), so it covers every
    logger, level and handler, including handlers added later; tracebacks too.
    """
    global _installed
    _redactor.add(secret_values() | set(extra))
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()
    formatter = logging.Formatter()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a bad format string: show it all, redacted
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = _redactor(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _redactor(formatter.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = _redactor(record.stack_info)
        return record

    logging.setLogRecordFactory(factory)
