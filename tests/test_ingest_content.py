"""Decoding what a user gives: gzip, encodings, binary, empty and oversized input, HTML detection."""

from __future__ import annotations

import gzip

import pytest

from newstrace.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from newstrace.ingest.content import decode_content, looks_like_html


def test_utf8_and_str_pass_through() -> None:
    assert decode_content("héllo world") == "héllo world"
    assert decode_content("héllo world".encode()) == "héllo world"


def test_legacy_encoding_is_detected() -> None:
    text = "Le château de la Loire était fermé à cause de la grève générale des employés."
    assert decode_content(text.encode("cp1252")) == text


def test_gzip_is_decompressed() -> None:
    assert decode_content(gzip.compress(b"<html><body><p>x</p></body></html>")).startswith("<html>")


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * 5_000_000)
    with pytest.raises(InputTooLargeError):
        decode_content(bomb, max_bytes=1_000_000)


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", ""])
def test_empty(data: bytes | str) -> None:
    with pytest.raises(EmptyInputError):
        decode_content(data)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n....", b"abc\x00\x01\x02def" * 10,
                                  b"PK\x03\x04rest"])
def test_binary(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode_content(data)


def test_too_large() -> None:
    with pytest.raises(InputTooLargeError, match="--max-bytes"):
        decode_content(b"x" * 2000, max_bytes=1000)


def test_error_messages_are_one_line_with_a_code() -> None:
    with pytest.raises(BinaryInputError) as info:
        decode_content(b"%PDF-1.4")
    assert str(info.value).startswith("E102: ") and "\n" not in str(info.value)


def test_html_detection() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("<div><p>fragment</p></div>")
    assert not looks_like_html("Prices rose 3% <in March> compared with a year ago.")


def test_truncated_gzip_keeps_what_it_can_and_warns() -> None:
    whole = gzip.compress(("<html><body>" + "<p>line of the article text</p>" * 2000 + "</body></html>").encode())
    notes: list[str] = []
    text = decode_content(whole[: len(whole) // 2], warnings=notes)
    assert text.startswith("<html><body><p>line of the article text</p>")
    assert notes and "truncated" in notes[0]


def test_language_model_cache_gives_the_same_answers(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newstrace.ingest import language

    monkeypatch.setenv("NEWSTRACE_CACHE", str(tmp_path))
    language._identifier.cache_clear()
    try:
        text = "Der Stadtrat hat am Dienstag einen neuen Verkehrsplan für die Innenstadt beschlossen."
        reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True).classify(text)
        assert language.detect_language(text) == (reference[0], pytest.approx(reference[1]))
        assert list(Path(str(tmp_path)).glob("py3langid-*.npz"))
    finally:
        language._identifier.cache_clear()
