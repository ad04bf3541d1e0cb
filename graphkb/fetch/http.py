"""One small HTTP client for every source: retries with backoff, an on-disk cache, clean errors.

Standard library only (urllib): the sources need GET and JSON/XML bodies, nothing a
bigger client would add. Behaviour people expect from an API client:

- 429 and 5xx are retried with exponential backoff, waiting at least what Retry-After asks;
  a connection failure is retried the same way;
- a 200 response is cached on disk, keyed by its URL without credentials, so a rerun does
  not refetch (`refresh` skips reading the cache);
- `min_interval` spaces network requests (arXiv asks for 3 s), cache hits are not delayed;
- every failure is one GraphkbError line naming the URL, with keys and e-mail redacted.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TypeVar

from .. import __version__
from ..errors import GraphkbError
from ..fileio import atomic_writer

T = TypeVar("T")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"graphkb/{__version__}"


class FetchError(GraphkbError):
    """A request that failed for good: names the (redacted) URL and the reason."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status, when the server answered one


def default_cache_dir() -> Path:
    """$GRAPHKB_CACHE_DIR, else $XDG_CACHE_HOME/graphkb/http, else ~/.cache/graphkb/http."""
    if os.environ.get("GRAPHKB_CACHE_DIR"):
        return Path(os.environ["GRAPHKB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphkb" / "http"


@dataclass(frozen=True)
class HttpOptions:
    retries: int = 4  # attempts after the first one
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_wait: float = 120.0  # no single wait is longer (a huge Retry-After included)
    timeout: float = 30.0
    min_interval: float = 0.0  # seconds between two network requests
    cache_dir: Path | None = None  # None: no cache
    refresh: bool = False  # do not read the cache (still write it)


@dataclass(frozen=True)
class Secret:
    """A value that must never be shown: sent as a query parameter or a header."""

    value: str
    param: str | None = None
    header: str | None = None


@dataclass
class HttpClient:
    options: HttpOptions = field(default_factory=HttpOptions)
    secrets: tuple[Secret, ...] = ()
    sleep: Callable[[float], None] = time.sleep
    network_requests: int = 0  # how many requests went to the network (for the summary)
    cache_hits: int = 0
    _last_request: float = float("-inf")

    # -- public -------------------------------------------------------------------------------

    def get(self, url: str, params: Mapping[str, object] | None = None,
            parse: Callable[[bytes, str], T] = lambda body, url: body, cache: bool = True) -> T:
        """GET `url?params` and return `parse(body, shown_url)`; parse raises FetchError on a bad body.

        A body is cached only once it parsed, so a malformed response is fetched again next time.
        """
        public_url = _with_params(url, params)
        shown = self.redact(public_url)
        path = self._cache_path(public_url) if cache and self.options.cache_dir else None
        if path is not None and not self.options.refresh and path.is_file():
            try:
                value = parse(path.read_bytes(), shown)
                self.cache_hits += 1
                return value
            except FetchError:  # a damaged cache file: fetch it again
                path.unlink(missing_ok=True)
        body = self._fetch(self._with_secret_params(public_url), shown)
        value = parse(body, shown)
        if path is not None:
            with atomic_writer(path, "wb") as fh:
                fh.write(body)
        return value

    def redact(self, text: str) -> str:
        """`text` with every secret value (raw or URL-quoted) replaced by ***."""
        for s in self.secrets:
            if s.value:
                for form in {s.value, urllib.parse.quote(s.value, safe=""), urllib.parse.quote_plus(s.value)}:
                    text = text.replace(form, "***")
        return text

    # -- internals ----------------------------------------------------------------------------

    def _cache_path(self, public_url: str) -> Path:
        digest = hashlib.sha256(public_url.encode("utf-8")).hexdigest()
        return self.options.cache_dir / digest[:2] / f"{digest}.body"

    def _with_secret_params(self, url: str) -> str:
        extra = {s.param: s.value for s in self.secrets if s.param and s.value}
        return _with_params(url, extra) if extra else url

    def _request(self, url: str) -> urllib.request.Request:
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        headers.update({s.header: s.value for s in self.secrets if s.header and s.value})
        return urllib.request.Request(url, headers=headers)

    def _pace(self) -> None:
        wait = self._last_request + self.options.min_interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_request = time.monotonic()

    def _fetch(self, url: str, shown: str) -> bytes:
        opts = self.options
        for attempt in range(opts.retries + 1):
            self._pace()
            self.network_requests += 1
            retry_after = None
            try:
                with urllib.request.urlopen(self._request(url), timeout=opts.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as e:
                if e.code not in RETRY_STATUSES or attempt == opts.retries:
                    raise FetchError(f"{shown}: HTTP {e.code} {e.reason}{_tries(attempt)}", e.code) from None
                retry_after = _retry_after(e.headers.get("Retry-After"))
            except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError) as e:
                if attempt == opts.retries:
                    reason = getattr(e, "reason", None) or e
                    if isinstance(reason, OSError) and reason.strerror:
                        reason = reason.strerror
                    raise FetchError(self.redact(f"{shown}: cannot connect: {reason}{_tries(attempt)}")) from None
            wait = opts.backoff * 2 ** attempt
            if retry_after is not None:
                wait = max(wait, retry_after)
            self.sleep(min(wait, opts.max_wait))
        raise AssertionError("unreachable")


def _tries(attempt: int) -> str:
    return f" (after {attempt + 1} attempts)" if attempt else ""


def _with_params(url: str, params: Mapping[str, object] | None) -> str:
    if not params:
        return url
    query = urllib.parse.urlencode([(k, v) for k, v in params.items() if v is not None])
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _retry_after(value: str | None) -> float | None:
    """Seconds asked by a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def parse_json(body: bytes, url: str):
    """A JSON body, or a FetchError naming the URL."""
    import json

    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        reason = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
        raise FetchError(f"{url}: malformed JSON response: {reason}") from None


def env_url(variable: str, default: str) -> str:
    """A base URL, overridable by an environment variable (a mirror, a test server)."""
    return (os.environ.get(variable) or default).rstrip("/")
