"""Raw content to text: gzip, binary detection, character decoding and HTML detection."""

from __future__ import annotations

import gzip
import re
import zlib

from charset_normalizer import from_bytes

from newstrace.errors import BinaryInputError, EmptyInputError, InputTooLargeError

__all__ = ["DEFAULT_MAX_BYTES", "decode_content", "looks_like_html"]

#: Pages larger than this are refused (raise it with ``max_bytes`` / ``--max-bytes``): a 50 MB
#: "article" is a data dump or an attack, and trafilatura's tree building would take minutes.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Magic numbers of formats that are certainly not a web page or text.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
    b"\x00\x00\x00": "a binary file",
    b"OggS": "an Ogg media file",
    b"ID3": "an MP3 file",
    b"\x1a\x45\xdf\xa3": "a Matroska/WebM video",
}
_HTML_HINT = re.compile(
    rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>|div[\s>]|p>|article[\s>]|script[\s>])",
    re.IGNORECASE,
)


def _gunzip(data: bytes, max_bytes: int, warnings: list[str] | None) -> bytes:
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, max_bytes + 1)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise BinaryInputError(f"the content looks gzipped but cannot be decompressed ({exc})") from exc
    if len(out) > max_bytes:
        raise InputTooLargeError(
            f"the decompressed content is over {max_bytes:,} bytes; raise the limit with --max-bytes"
        )
    if not d.eof and warnings is not None:
        # A cut download: what was decompressed is kept and analysed, and the user is told.
        warnings.append("the gzip stream is truncated: only the part that could be decompressed is analysed")
    return out


def decode_content(
    content: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, warnings: list[str] | None = None
) -> str:
    """Turn what a user gave into text, or raise an :class:`~newstrace.errors.InputError`.

    Problems that still leave text (a truncated gzip stream) are appended to ``warnings``.
    """
    if isinstance(content, str):
        if len(content) > max_bytes:
            raise InputTooLargeError(
                f"the content is {len(content):,} characters, over the limit of {max_bytes:,}; "
                "raise it with --max-bytes"
            )
        text = content
    else:
        if len(content) > max_bytes:
            raise InputTooLargeError(
                f"the content is {len(content):,} bytes, over the limit of {max_bytes:,}; "
                "raise it with --max-bytes"
            )
        if content[:2] == b"\x1f\x8b":
            content = _gunzip(content, max_bytes, warnings)
        for magic, what in _BINARY_MAGIC.items():
            if content.startswith(magic):
                raise BinaryInputError(f"the content is {what}, not a web page or text")
        head = content[:8192]
        if head.count(b"\x00") > 0 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise BinaryInputError("the content is binary (it contains NUL bytes), not a web page or text")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(content).best()
            if best is None:
                raise BinaryInputError("the content is not text in any known character encoding") from None
            text = str(best)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise EmptyInputError("the content is empty: nothing to analyse")
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > 0.05 * min(len(text), 8192):
        raise BinaryInputError("the content is mostly control characters, not a web page or text")
    return text


def looks_like_html(text: str) -> bool:
    """True when the text is markup rather than plain text."""
    return bool(_HTML_HINT.search(text[:65536].encode("utf-8", "ignore")))
