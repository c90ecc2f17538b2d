"""The typed records of an analysis and the JSON Schema of the output.

The field names follow the JSON output contract in the design notes; they are a public contract:
add fields freely, never rename. Every annotation points into ``article.text`` with character
offsets (``start`` inclusive, ``end`` exclusive), so a record can always be checked against the text.

pydantic is used (rather than plain dataclasses) because it gives validation and the JSON Schema
export from the same declarations, so the published schema can never drift from the code.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "AnalysisWarning",
    "Article",
    "Check",
    "Claim",
    "Entity",
    "Event",
    "EventLocation",
    "Fatalities",
    "Mention",
    "Place",
    "Quantity",
    "Sentence",
    "Source",
    "Technique",
    "TimeExpression",
    "json_schema",
]

#: Bumped on any incompatible change of the output; additive changes bump the minor part.
SCHEMA_VERSION = "1.0"

Certainty = Literal["asserted", "reported", "hedged", "speculative"]
Verdict = Literal["consistent", "inaccurate", "unverifiable"]
EventMode = Literal["historical", "future", "hypothetical", "negated"]


class _Record(BaseModel):
    # Records are plain data: extra keys from plugins are kept, assignment is validated.
    model_config = ConfigDict(extra="allow", validate_assignment=True)


class Span(_Record):
    start: int = Field(ge=0, description="Character offset into article.text (inclusive).")
    end: int = Field(ge=0, description="Character offset into article.text (exclusive).")
    text: str


class Mention(Span):
    """One occurrence of something in the article text."""


class Article(_Record):
    title: str | None = None
    byline: str | None = Field(None, description="The byline as written, e.g. 'By X, Dec 13, 2016'.")
    author: str | None = Field(None, description="A person named as the writer, when there is one.")
    outlet: str | None = Field(None, description="Who wrote it (from the byline), e.g. a news agency.")
    site: str | None = Field(None, description="Who published the page (site name or domain).")
    url: str | None = None
    published: str | None = Field(None, description="Publication date, YYYY-MM-DD.")
    language: str | None = Field(None, description="ISO 639-1 code of the detected language.")
    text: str = Field("", description="The clean article body; all offsets point here.")
    captions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Publisher notes, e.g. disclaimers.")


class Sentence(Span):
    id: int


class Entity(Span):
    label: str
    canonical: str | None = None


class Place(_Record):
    name: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature: str | None = Field(None, description="GeoNames feature class and code, e.g. 'P.PPLA'.")
    precision: str | None = None
    mentions: list[Mention] = Field(default_factory=list)


class TimeExpression(Span):
    value: str | None = Field(None, description="TIMEX3 value: 2016-12-10, 2016-SP, 2016-W49, P1D ...")
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"


class Quantity(Span):
    low: float | None = None
    high: float | None = None
    unit: str | None = None


class Claim(_Record):
    sentence_id: int
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    certainty: Certainty = "asserted"
    cues: list[str] = Field(default_factory=list)
    attributed_to: str | None = None
    attribution_cue: str | None = None
    check_worthiness: float | None = None


class Technique(Span):
    technique: str
    score: float = Field(ge=0.0, le=1.0)


class EventLocation(_Record):
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: int | None = Field(None, description="1 exact place, 2 near/region, 3 province/country.")


class Fatalities(_Record):
    low: int | None = None
    high: int | None = None


class Event(_Record):
    event_type: str
    sub_event_type: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: int | None = Field(None, description="1 day, 2 week, 3 month or vaguer.")
    location: EventLocation | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: Fatalities | None = None
    certainty: Certainty = "asserted"
    mode: EventMode | None = None
    attributed_to: str | None = None
    sentence_ids: list[int] = Field(default_factory=list)
    evidence: list[Mention] = Field(default_factory=list)


class Check(Span):
    kind: str
    stated: str | None = None
    measured: str | None = None
    verdict: Verdict = "unverifiable"
    explanation: str = ""


class Source(_Record):
    domain: str | None = None
    name: str | None = None
    rating: str | None = Field(None, description="'unrated' when no registry knows the outlet.")
    rating_basis: list[str] = Field(default_factory=list)
    original_outlet: str | None = None
    republished: bool = False


class AnalysisWarning(_Record):
    code: str = Field(description="Stable code, e.g. W101 'language is not English'.")
    message: str


class Analysis(_Record):
    """The whole analysis of one article: the JSON output contract."""

    schema_version: str = SCHEMA_VERSION
    article: Article = Field(default_factory=Article)
    removed: list[str] = Field(default_factory=list, description="Boilerplate dropped from the page.")
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    source: Source = Field(default_factory=Source)
    warnings: list[AnalysisWarning] = Field(default_factory=list)
    analyzers: list[str] = Field(default_factory=list, description="The analyzers that ran, in order.")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(AnalysisWarning(code=code, message=message))


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Analysis.to_dict()``."""
    schema = Analysis.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"newstrace analysis, schema_version {SCHEMA_VERSION}"
    return schema
