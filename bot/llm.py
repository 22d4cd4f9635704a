"""The optional language model: its configuration and one chat/completions call over httpx.

Off unless `EMPTYCHAIR_LLM_BASE_URL` is set; then every call goes to an OpenAI-compatible
`{base}/chat/completions` with at most one retry (on 429 or 5xx, honouring Retry-After)
inside a time budget. The API key is never logged.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError, ModelUnavailable
from bot.i18n import N_
from bot.retry_after import seconds_to_wait

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)

DEFAULT_DAILY_LIMIT = 500
MAX_DAILY_LIMIT = 1_000_000
#: A reply bigger than this is not an answer of a few cited sentences.
MAX_REPLY_BYTES = 256 * 1024
#: Wait before the retry when the server does not say (Retry-After) how long.
DEFAULT_RETRY_WAIT = 0.5
_TOKEN_RE = re.compile(r"^[\x21-\x7e]+$")


@dataclass(frozen=True)
class LlmSettings:
    """Where the model is and how much of it a tenant may use per UTC day."""

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    daily_limit: int = DEFAULT_DAILY_LIMIT

    @property
    def endpoint(self) -> str:
        """The chat/completions URL."""
        return f"{self.base_url}/chat/completions"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LlmSettings | None:
        """The settings from EMPTYCHAIR_LLM_*; None when the base URL is unset (off)."""

        def get(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        base = get("EMPTYCHAIR_LLM_BASE_URL")
        model = get("EMPTYCHAIR_LLM_MODEL")
        key = get("EMPTYCHAIR_LLM_API_KEY")
        limit = parse_limit(get("EMPTYCHAIR_LLM_DAILY_LIMIT"))  # checked even when off
        if base is None:
            if model or key:
                raise ConfigError(
                    "EMPTYCHAIR_LLM_MODEL or EMPTYCHAIR_LLM_API_KEY is set but "
                    "EMPTYCHAIR_LLM_BASE_URL is not; set it (ending in /v1) or unset both"
                )
            return None
        base_url = parse_base_url(base)
        if model is None:
            raise ConfigError("EMPTYCHAIR_LLM_BASE_URL is set: set EMPTYCHAIR_LLM_MODEL too")
        return cls(
            base_url=base_url,
            model=parse_model(model),
            api_key=parse_api_key(key),
            daily_limit=limit,
        )


def parse_base_url(value: str) -> str:
    """An http(s) URL ending in /v1, without credentials, query or fragment."""
    import httpx  # here, not at import: `emptychair ask` never needs it

    bad = ConfigError(
        "EMPTYCHAIR_LLM_BASE_URL must be an http(s) URL ending in /v1, "
        "e.g. http://localhost:11434/v1"
    )
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise bad from exc
    if url.scheme not in ("http", "https") or not url.host or url.query or url.fragment:
        raise bad
    if url.userinfo:
        raise ConfigError(
            "EMPTYCHAIR_LLM_BASE_URL must not contain a user or password; "
            "put the key in EMPTYCHAIR_LLM_API_KEY"
        )
    text = str(url).rstrip("/")
    if not text.endswith("/v1"):
        raise bad
    return text


def parse_model(value: str) -> str:
    """A model name: one printable word of at most 200 characters."""
    if len(value) > 200 or not _TOKEN_RE.match(value):
        raise ConfigError("EMPTYCHAIR_LLM_MODEL must be one word, e.g. gpt-4o-mini or llama3.1")
    return value


def parse_api_key(value: str | None) -> str | None:
    """An API key: printable characters without spaces (it goes into a header)."""
    if value is not None and (len(value) > 1000 or not _TOKEN_RE.match(value)):
        raise ConfigError("EMPTYCHAIR_LLM_API_KEY must be one word without spaces")
    return value


def parse_limit(value: str | None) -> int:
    """The daily cap of model calls per tenant (default 500)."""
    if value is None:
        return DEFAULT_DAILY_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_DAILY_LIMIT:
        raise ConfigError(
            N_(
                "EMPTYCHAIR_LLM_DAILY_LIMIT must be a whole number from 1 to {limit}, not {value!r}"
            ),
            limit=f"{MAX_DAILY_LIMIT:,}",
            value=value,
        )
    return int(value)


def retry_after(response: httpx.Response, now: datetime) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or an HTTP date)."""
    return seconds_to_wait(response.headers.get("Retry-After"), now)


_shared: httpx.Client | None = None
_shared_lock = threading.Lock()


def shared_client() -> httpx.Client:
    """One pooled client for every model call of the process (TLS set up once, not per call)."""
    import httpx  # here, not at import: `emptychair ask` never needs it

    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = httpx.Client(follow_redirects=False)
        return _shared


@dataclass
class Caller:
    """How a call reaches the model and waits; tests and benchmarks replace parts of it."""

    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic


def complete(
    llm: LlmSettings,
    body: Mapping[str, Any],
    *,
    budget: float,
    take_call: Callable[[], bool],
    now: datetime,
    caller: Caller | None = None,
) -> str:
    """The assistant message content of one chat/completions call, within `budget` seconds.

    `take_call` counts a call against the tenant's daily cap and says whether it may be
    made. One retry on 429 or 5xx when the wait still fits the budget; `ModelUnavailable`
    for every failure (the caller falls back to the deterministic answer).
    """
    import httpx  # here, not at import: `emptychair ask` never needs it

    caller = caller or Caller()
    deadline = caller.monotonic() + budget
    headers = {"Authorization": f"Bearer {llm.api_key}"} if llm.api_key else {}
    http = caller.client or shared_client()
    for attempt in (1, 2):
        left = deadline - caller.monotonic()
        if left <= 0:
            raise ModelUnavailable("no time left for the model")
        if not take_call():
            raise ModelUnavailable("the daily limit of model calls is reached")
        try:
            response = http.post(
                llm.endpoint, json=dict(body), headers=headers, timeout=httpx.Timeout(left)
            )
        except httpx.TimeoutException as exc:
            raise ModelUnavailable(f"the model did not answer within {budget:g} s") from exc
        except httpx.HTTPError as exc:
            raise ModelUnavailable(f"cannot reach the model ({type(exc).__name__})") from exc
        if caller.monotonic() > deadline:
            raise ModelUnavailable(f"the model answered after {budget:g} s")
        if response.status_code == 200:
            return content_of(response)
        retryable = response.status_code == 429 or response.status_code >= 500
        wait = retry_after(response, now)
        wait = DEFAULT_RETRY_WAIT if wait is None else wait
        if attempt == 1 and retryable and caller.monotonic() + wait < deadline:
            logger.info("model answered %s; retrying in %.1f s", response.status_code, wait)
            caller.sleep(wait)
            continue
        raise ModelUnavailable(f"the model answered HTTP {response.status_code}")
    raise ModelUnavailable("the model did not answer")  # pragma: no cover - loop returns


def content_of(response: httpx.Response) -> str:
    """The first choice's message content of a chat/completions reply."""
    if len(response.content) > MAX_REPLY_BYTES:
        raise ModelUnavailable("the model's reply is too big")
    try:
        data = response.json()
        message = data["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ModelUnavailable("the reply is not a chat completion") from exc
    if not isinstance(message, dict):
        raise ModelUnavailable("the reply is not a chat completion")
    if message.get("refusal"):
        raise ModelUnavailable("the model refused to answer")
    content = message.get("content")
    if not isinstance(content, str):
        raise ModelUnavailable("the reply has no content")
    return content
