"""URL fetching through a mock transport: no network is used."""

from __future__ import annotations

import httpx
import pytest

from newstrace.errors import HTTPStatusError, InputTooLargeError, UnreachableError, UnsupportedContentError
from newstrace.ingest.fetch import fetch_url
from newstrace.pipeline import analyze_url

PAGE = ("<html><head><title>Dam report</title></head><body><article><p>"
        + "Engineers inspected the dam on Tuesday and found no new cracks in the wall. " * 4
        + "</p></article></body></html>").encode()


def _transport(handler: object) -> httpx.MockTransport:
    return httpx.MockTransport(handler)  # type: ignore[arg-type]


def test_fetch_follows_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "https://news.example/new"})
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE)

    got = fetch_url("https://news.example/old", transport=_transport(handler))
    assert got.url == "https://news.example/new"
    assert got.content == PAGE


def test_http_error_status() -> None:
    with pytest.raises(HTTPStatusError, match="404"):
        fetch_url("https://news.example/x", transport=_transport(lambda r: httpx.Response(404)))


def test_non_html_content_type() -> None:
    handler = lambda r: httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF")  # noqa: E731
    with pytest.raises(UnsupportedContentError, match="application/pdf"):
        fetch_url("https://news.example/x.pdf", transport=_transport(handler))


def test_size_limit_while_streaming() -> None:
    handler = lambda r: httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 5000)  # noqa: E731
    with pytest.raises(InputTooLargeError):
        fetch_url("https://news.example/big", transport=_transport(handler), max_bytes=1000)


def test_unreachable_is_a_clear_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    with pytest.raises(UnreachableError, match="could not reach"):
        fetch_url("https://offline.example/", transport=_transport(handler))


def test_not_a_url() -> None:
    with pytest.raises(UnreachableError):
        fetch_url("ftp://files.example/a.txt")


def test_analyze_url_uses_the_final_url() -> None:
    handler = lambda r: httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)  # noqa: E731
    analysis = analyze_url("https://www.news.example/story", transport=_transport(handler), only=[])
    assert analysis.article.url == "https://www.news.example/story"
    assert analysis.article.site == "news.example"
    assert "Engineers inspected the dam" in analysis.article.text
