"""The analysis record: contract keys, schema validity, offsets, registry behaviour, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

import newstrace
from newstrace.analyzers.registry import Context, register, resolve, unregister
from newstrace.errors import EmptyInputError, InputTooLargeError, NoArticleError, UnknownAnalyzerError

CONTRACT_KEYS = {"schema_version", "article", "removed", "sentences", "entities", "places", "times",
                 "quantities", "claims", "techniques", "events", "checks", "source"}
ARTICLE_KEYS = {"title", "byline", "outlet", "site", "url", "published", "language", "text", "captions", "notes"}


@pytest.fixture(scope="module")
def parsed_example() -> newstrace.Analysis:
    text = (Path(__file__).parent.parent / "examples" / "palmyra-wire.txt").read_text(encoding="utf-8")
    return newstrace.analyze(text, only=[])


def test_public_api_is_pinned() -> None:
    assert sorted(newstrace.__all__) == sorted([
        "SCHEMA_VERSION", "Analysis", "AnalyzerError", "FetchError", "InputError", "NewstraceError",
        "StoreError", "__version__", "analyze", "analyze_path", "analyze_url", "json_schema",
    ])


def test_contract_keys_present_from_day_one(parsed_example: newstrace.Analysis) -> None:
    d = parsed_example.to_dict()
    assert set(d) >= CONTRACT_KEYS
    assert set(d["article"]) >= ARTICLE_KEYS
    assert d["schema_version"] == newstrace.SCHEMA_VERSION
    assert parsed_example.analyzers == []  # only=[] stops after ingestion and parsing


def test_output_validates_against_the_published_schema(parsed_example: newstrace.Analysis) -> None:
    schema = newstrace.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(parsed_example.to_json()), schema)


def test_schema_rejects_a_broken_record(parsed_example: newstrace.Analysis) -> None:
    d = parsed_example.to_dict()
    d["sentences"][0]["start"] = -3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, newstrace.json_schema())


def test_sentence_and_entity_offsets_point_into_the_text(parsed_example: newstrace.Analysis) -> None:
    text = parsed_example.article.text
    assert len(parsed_example.sentences) >= 10
    for s in parsed_example.sentences:
        assert text[s.start:s.end] == s.text
    for e in parsed_example.entities:
        assert text[e.start:e.end] == e.text
    ids = [s.id for s in parsed_example.sentences]
    assert ids == list(range(len(ids)))


def test_paragraph_breaks_end_sentences(parsed_example: newstrace.Analysis) -> None:
    assert all("\n\n" not in s.text for s in parsed_example.sentences)


def test_non_english_gets_a_warning_and_a_result(fixtures: Path) -> None:
    analysis = newstrace.analyze_path(fixtures / "french.txt", only=[])
    assert analysis.article.language == "fr"
    assert any(w.code == "W101" for w in analysis.warnings)
    assert analysis.article.text.startswith("Le conseil municipal")


def test_published_override() -> None:
    analysis = newstrace.analyze("The mayor opened the new library on Monday with a short speech to residents.",
                                 published="2020-01-06", only=[])
    assert analysis.article.published == "2020-01-06"
    assert not any(w.code == "W103" for w in analysis.warnings)


def test_huge_page_is_refused_with_a_clear_error() -> None:
    page = b"<html><body>" + b"<p>filler text for a very large page</p>" * 1_400_000 + b"</body></html>"
    assert len(page) > 50_000_000
    with pytest.raises(InputTooLargeError, match="over the limit"):
        newstrace.analyze(page)


def test_page_with_only_chrome_has_no_article() -> None:
    with pytest.raises(NoArticleError):
        newstrace.analyze("Home\nContact Us\nRecent Posts\nTranslate »\n")


def test_whitespace_only_is_empty() -> None:
    with pytest.raises(EmptyInputError):
        newstrace.analyze(b"\n\n   \n")


def test_unknown_analyzer_is_refused_before_any_work() -> None:
    with pytest.raises(UnknownAnalyzerError, match="no-such-analyzer"):
        newstrace.analyze("anything", only=["no-such-analyzer"])


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    """Analyzers registered by a test are removed afterwards, so other tests never run them."""
    yield
    for name in ("test_explodes", "test_base", "test_top", "test_late"):
        unregister(name)


@pytest.mark.usefixtures("scratch_registry")
def test_a_failing_analyzer_becomes_a_warning_not_a_crash() -> None:
    @register("test_explodes", order=999)
    def explodes(ctx: Context) -> None:
        raise RuntimeError("boom")

    analysis = newstrace.analyze("The bridge reopened on Tuesday after repairs that took two months.",
                                 only=["test_explodes"])
    assert any(w.code == "W300" and "test_explodes" in w.message for w in analysis.warnings)
    assert "test_explodes" not in analysis.analyzers


@pytest.mark.usefixtures("scratch_registry")
def test_requirements_run_first_and_after_only_orders() -> None:
    @register("test_base", order=5)
    def base(ctx: Context) -> None:
        ctx.shared["base"] = True

    @register("test_top", requires=("test_base",), order=1)
    def top(ctx: Context) -> None:
        assert ctx.shared.get("base")

    @register("test_late", after=("test_top",), order=0)
    def late(ctx: Context) -> None:
        pass

    assert [s.name for s in resolve(["test_top"])] == ["test_base", "test_top"]
    assert [s.name for s in resolve(["test_late"])] == ["test_late"]
    assert [s.name for s in resolve(["test_late", "test_top"])] == ["test_base", "test_top", "test_late"]
