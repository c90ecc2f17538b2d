"""The command line: formats, exit codes, one-line errors (never a traceback)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newstrace.cli import main

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "palmyra-wire.txt")


def test_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", EXAMPLE, "--only", "none"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["outlet"] == "Levant Wire Agency"


@pytest.mark.parametrize("fmt", ["json", "md", "html", "geojson", "csv"])
def test_every_format_writes_a_file(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    assert main(["analyze", EXAMPLE, "--only", "none", "-f", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["schema_version"]
    elif fmt == "geojson":
        assert json.loads(text)["type"] == "FeatureCollection"
    elif fmt == "csv":
        header = next(csv.reader(io.StringIO(text)))
        assert {"event_date", "event_type", "sub_event_type", "actor1", "latitude", "fatalities"} <= set(header)
    elif fmt == "md":
        assert text.startswith("# Water and wheat")
    else:
        assert text.lstrip().startswith("<!doctype html>")


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = b"Dockworkers in the harbour ended their strike on Friday after a new wage offer was accepted."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["analyze", "-", "--only", "none", "--published", "2020-05-01"]) == 0
    assert json.loads(capsys.readouterr().out)["article"]["published"] == "2020-05-01"


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "article" in schema["properties"] and "events" in schema["properties"]


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["analyze", "/no/such/file.html"], 2, "no such file"),
        (["analyze", EXAMPLE, "--only", "nonexistent"], 4, "unknown analyzer"),
        (["analyze", "http://127.0.0.1:9/closed-port"], 3, "could not reach"),
    ],
)
def test_errors_have_codes_and_one_line(
    argv: list[str], code: int, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == code
    err = capsys.readouterr().err.strip()
    assert fragment in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_empty_and_binary_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)
    assert main(["analyze", str(empty)]) == 2
    assert "E101" in capsys.readouterr().err
    assert main(["analyze", str(binary)]) == 2
    assert "E102" in capsys.readouterr().err


def test_gzipped_page(tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress((fixtures / "harbour-page.html").read_bytes()))
    assert main(["analyze", str(gz), "--only", "none"]) == 0
    assert json.loads(capsys.readouterr().out)["article"]["title"].startswith("Ferry strike")


def test_max_bytes_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", EXAMPLE, "--max-bytes", "100"]) == 2
    assert "--max-bytes" in capsys.readouterr().err


def test_usage_error_is_64() -> None:
    assert main(["analyze"]) == 64


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "exit codes" in out and "fetched" in out


def test_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "doc.pdf"
    bad.write_bytes(b"%PDF-1.5 binary")
    proc = subprocess.run([sys.executable, "-m", "newstrace.cli", "analyze", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "newstrace: error E102: the content is a PDF document, not a web page or text"


def test_an_internal_bug_is_still_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import newstrace.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(newstrace.pipeline, "analyze_path", broken)
    monkeypatch.delenv("NEWSTRACE_DEBUG", raising=False)
    assert main(["analyze", EXAMPLE]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("newstrace: internal error KeyError") and len(err.splitlines()) == 1
