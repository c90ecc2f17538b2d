"""Fetching a URL with httpx: timeouts, a size limit, redirects and clear errors.

The transport is a parameter so that tests (and users behind special proxies) can plug their own
(``httpx.MockTransport`` in the tests); nothing here needs the network to be tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newstrace import __version__
from newstrace.errors import HTTPStatusError, InputTooLargeError, UnreachableError, UnsupportedContentError
from newstrace.ingest.content import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import httpx

__all__ = ["Fetched", "fetch_url"]

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str


def fetch_url(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` following redirects; raise a :class:`~newstrace.errors.FetchError` on failure."""
    import httpx  # deferred: it costs a noticeable part of the CLI's start-up and most runs read files

    if not url.lower().startswith(("http://", "https://")):
        raise UnreachableError(f"not an http(s) URL: {url!r}")
    headers = {"User-Agent": f"newstrace/{__version__} (+news analysis)", "Accept": "text/html,*/*;q=0.5"}
    try:
        with httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            max_redirects=5,
            headers=headers,
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise HTTPStatusError(f"{url} answered HTTP {response.status_code}")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(_TEXT_TYPES):
                raise UnsupportedContentError(f"{url} is {ctype}, not an HTML or text page")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise InputTooLargeError(f"{url} is {declared:,} bytes, over the limit of {max_bytes:,}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputTooLargeError(f"{url} is over the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
            return Fetched(url=str(response.url), content=b"".join(chunks), content_type=ctype)
    except httpx.TooManyRedirects as exc:
        raise UnreachableError(f"{url}: too many redirects") from exc
    except httpx.TimeoutException as exc:
        raise UnreachableError(f"{url}: timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise UnreachableError(f"could not reach {url} (offline or DNS failure?): {exc}") from exc
