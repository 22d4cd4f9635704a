"""Named exceptions of the core; adapters turn them into user text at one place."""

from __future__ import annotations

from bot.i18n import N_, translator


class EmptyChairError(Exception):
    """Base class: every error a user can cause or must act on.

    The message is an English message id with `{name}` placeholders filled from `params`
    (so the edge can say it in the user's language with `localized`).
    """

    def __init__(self, message: str = "", /, **params: object) -> None:
        self.template = message
        self.params = params
        super().__init__(self._fill(message))

    def _fill(self, text: str) -> str:
        try:
            return text.format(**self.params) if self.params else text
        except (KeyError, IndexError, ValueError):
            return text

    #: Short, human, one-line message safe to show to the user who caused it.
    @property
    def message(self) -> str:
        """The message in English."""
        return str(self.args[0]) if self.args and self.args[0] else self.__class__.__name__

    def localized(self, lang: str) -> str:
        """The message in `lang` (English when the catalog does not have it)."""
        if not self.template:
            return self.message
        return self._fill(translator(lang).gettext(self.template))


class InvalidInput(EmptyChairError):
    """A value given by a user is empty, too long, malformed or of the wrong kind."""

    def __init__(self, message: str, /, *, field: str | None = None, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class NotFound(EmptyChairError):
    """A referenced record does not exist in this tenant."""


class Conflict(EmptyChairError):
    """The requested change contradicts the record's current state."""


class ImportFailed(InvalidInput):
    """An import file has a bad row; nothing from the file was written.

    The reason is a message id with its own parameters, like every core error; the line
    and column are put in front of it in the reader's language (`localized`).
    """

    def __init__(
        self,
        message: str,
        /,
        *,
        line: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(message, field=column, **params)
        self.line = line
        self.column = column
        self.args = (self.localized("en"),)

    @classmethod
    def at(cls, exc: EmptyChairError, *, line: int | None, column: str | None) -> ImportFailed:
        """`exc` (a bad value) as the error of a row: the same reason, now with its place."""
        if isinstance(exc, ImportFailed) and exc.line is not None:
            return exc
        return cls(exc.template or exc.message, line=line, column=column, **exc.params)

    @property
    def reason(self) -> str:
        """The reason in English, without the line and column."""
        return self._fill(self.template) or self.__class__.__name__

    def localized(self, lang: str) -> str:
        """'line 3, column 'text': <reason>' in `lang` (English when not translated)."""
        reason = self._fill(translator(lang).gettext(self.template)) if self.template else ""
        reason = reason or self.__class__.__name__
        gettext = translator(lang).gettext
        if self.line is not None and self.column:
            where = gettext(N_("line {line}, column '{column}': {reason}"))
        elif self.line is not None:
            where = gettext(N_("line {line}: {reason}"))
        elif self.column:
            where = gettext(N_("column '{column}': {reason}"))
        else:
            return reason
        return where.format(line=self.line, column=self.column, reason=reason)


class StoreError(EmptyChairError):
    """The database cannot be opened, read or written."""


class SearchIndexDamaged(StoreError):
    """The search index does not hold what it must (a segment's postings out of order)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer Empty Chair; we refuse to touch it."""


class ConfigError(EmptyChairError):
    """A configuration value (environment variable or option) is missing or malformed."""


class SyncFailed(EmptyChairError):
    """A feedback sync could not fetch from its source; what was committed stays."""


class SyncAuthFailed(SyncFailed):
    """The source refused the credentials (HTTP 401/403); the message names the setting."""


class SyncBusy(Conflict):
    """Another process is already syncing this tenant."""


class WebhookRejected(EmptyChairError):
    """A webhook request is unsigned, wrongly signed, oversized or malformed."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class ModelUnavailable(EmptyChairError):
    """The optional language model failed, was too slow or is capped; the answer falls back."""


def user_message(exc: EmptyChairError, lang: str, *, sentence: bool = True) -> str:
    """A core error as one line in `lang`, the same text on every platform.

    Chat platforms show it as a sentence (capital, full stop); the CLI, after `error: `,
    as the bare clause (`sentence=False`).
    """
    text = " ".join(exc.localized(lang).split()) or exc.message
    if not sentence:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
