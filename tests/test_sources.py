"""Outlet registry, domain normalisation, source assessment and republication clusters."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newstrace.errors import RegistryFileError
from newstrace.model import Article
from newstrace.sources import assess_source, load_registry, name_key, registered_domain
from newstrace.sources.domains import domain_candidates, host_of, is_edition_of, is_shortener
from newstrace.sources.registry import Outlet, OutletRegistry, pc1_level
from newstrace.sources.republication import DocSketch, RepublicationIndex, containment, shingles


@pytest.fixture
def registry() -> OutletRegistry:
    return OutletRegistry(
        [Outlet(domain="lowwire.example", name="Low Wire Agency", aliases=("LWA",), editions=("en.lowwire.example",),
                mirrors=("lowwire-mirror.example",), rating="low", rating_basis=("Report X (2020) lists it",))],
        pc1={"steady.example": 0.91, "middling.example": 0.55, "shaky.example": 0.12},
        categories={"opensources_types.csv": {"gossip.example": ("clickbait",), "joke.example": ("satire",)}},
    )


def test_domain_normalisation() -> None:
    assert host_of("HTTPS://www.Example.co.uk:8080/path?q=1") == "example.co.uk"
    assert registered_domain("https://en.news.example.co.uk/a") == "example.co.uk"
    assert domain_candidates("https://en.lowwire.example/x") == ["en.lowwire.example", "lowwire.example"]
    assert is_edition_of("de.lowwire.example", "lowwire.example")
    assert not is_edition_of("shop.evil.lowwire.example.net", "lowwire.example")
    assert is_shortener("https://bit.ly/3abc")
    assert host_of("not a url") == "" and host_of("") == ""


def test_name_key_ignores_byline_wording() -> None:
    assert name_key("By The Low-Wire Agency") == name_key("low wire agency")
    assert name_key("Café Média") == name_key("cafe media")


def test_lookup_layers_and_unrated(registry: OutletRegistry) -> None:
    assert registry.by_domain("https://www.steady.example/a").rating == "high"
    assert registry.by_domain("middling.example").rating == "mixed"
    shaky = registry.by_domain("shaky.example")
    assert shaky.rating == "low" and "pc1=0.12" in shaky.rating_basis[0]
    assert registry.by_domain("gossip.example").rating == "low"
    assert registry.by_domain("joke.example").rating == "unrated"  # satire says nothing about reliability
    unknown = registry.by_domain("nobody-knows.example")
    assert unknown.rating == "unrated" and unknown.rating_basis
    short = registry.by_domain("https://t.co/xyz")
    assert short.rating == "unrated" and "shortener" in short.rating_basis[0]
    assert registry.by_domain("%%%").rating == "unrated"


def test_editions_mirrors_and_names_reach_the_curated_outlet(registry: OutletRegistry) -> None:
    for q in ("https://en.lowwire.example/story", "lowwire-mirror.example"):
        a = registry.by_domain(q)
        assert a.name == "Low Wire Agency" and a.rating == "low"
    assert registry.by_name("By LWA").domain == "lowwire.example"
    # a name that matches exactly one listed domain's label finds it; the basis says so
    found = registry.by_name("Shaky")
    assert found.domain == "shaky.example" and "matched" in found.rating_basis[0]
    assert registry.by_name("Totally Unknown Outlet").rating == "unrated"


def test_pc1_thresholds() -> None:
    assert [pc1_level(x) for x in (0.0, 0.39, 0.4, 0.69, 0.7, 1.0)] == ["low", "low", "mixed", "mixed", "high", "high"]


def test_republished_page_carries_the_original_rating(registry: OutletRegistry) -> None:
    art = Article(outlet="Low Wire Agency", url="https://www.steady.example/2020/a", text="x")
    src = assess_source(art, registry)
    assert src.republished and src.original_outlet == "Low Wire Agency"
    assert src.rating == "low" and src.rating_basis[0].startswith("republishes Low Wire Agency")
    assert any("pc1=0.91" in b for b in src.rating_basis)  # the publisher's own rating stays visible
    assert src.domain == "steady.example"


def test_own_byline_on_own_site_is_not_republished(registry: OutletRegistry) -> None:
    for url in ("https://lowwire.example/a", "https://en.lowwire.example/a", "https://lowwire-mirror.example/b"):
        src = assess_source(Article(outlet="Low Wire Agency", url=url, text="x"), registry)
        assert not src.republished and src.rating == "low", url
    src = assess_source(Article(outlet="Steady", url="https://steady.example/a", text="x"), registry)
    assert not src.republished and src.rating == "high"


def test_unknown_publisher_needs_evidence_of_republication(registry: OutletRegistry) -> None:
    plain = assess_source(Article(outlet="Low Wire Agency", text="x"), registry)
    assert not plain.republished
    noted = assess_source(Article(outlet="Low Wire Agency", text="x", notes=[
        "Correction: an earlier version misspelt a name."]), registry)
    assert not noted.republished  # a note, but not one that marks a republication
    noted = assess_source(Article(outlet="Low Wire Agency", text="x", notes=[
        "This piece was originally published by a partner."]), registry)
    assert noted.republished
    disclaimer = assess_source(Article(outlet="Low Wire Agency", text="x", notes=[
        "Posting of articles on this website does not mean we endorse them."]), registry)
    assert disclaimer.republished and noted.rating == "low" and noted.original_outlet == "Low Wire Agency"


def test_nothing_known_is_unrated(registry: OutletRegistry) -> None:
    src = assess_source(Article(text="x"), registry)
    assert src.rating == "unrated" and not src.republished and src.rating_basis


def test_user_registry_files(tmp_path: Path) -> None:
    j = tmp_path / "mine.json"
    j.write_text(json.dumps({"outlets": [{"domain": "www.myoutlet.example", "name": "My Outlet",
                                          "rating": "high", "rating_basis": ["our desk, 2024"]}]}))
    c = tmp_path / "mine.csv"
    c.write_text("domain,name,aliases,rating,rating_basis\nother.example,Other Outlet,OO|Other,mixed,desk note\n")
    reg = load_registry([j, c])
    assert reg.by_domain("myoutlet.example").rating == "high"
    assert "user registry mine.json: our desk, 2024" in reg.by_domain("myoutlet.example").rating_basis
    assert reg.by_name("OO").rating == "mixed"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"domain": "x.example", "rating": "excellent"}]')
    with pytest.raises(RegistryFileError):
        load_registry([bad])
    with pytest.raises(RegistryFileError):
        load_registry([tmp_path / "missing.json"])
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(RegistryFileError):
        load_registry([broken])


def test_shipped_registry_loads_and_has_provenance() -> None:
    reg = load_registry()
    assert len(reg) > 10_000
    for o in {id(o): o for o in reg._by_domain.values()}.values():
        assert o.rating is None or o.rating_basis, o.name  # every curated rating cites its basis


def _article(rng: random.Random, paragraphs: int = 6) -> str:
    vocab = [f"w{i}" for i in range(3000)]
    return "\n\n".join(" ".join(rng.choice(vocab) for _ in range(50)) for _ in range(paragraphs))


def test_containment_and_shingles() -> None:
    a = shingles("one two three four five six seven eight")
    assert containment(a, a) == 1.0
    assert containment(a, set()) == 0.0
    assert containment(shingles("one two three four five six"), a) == 1.0


def test_clusters_find_edited_copies_and_the_earliest_origin() -> None:
    rng = random.Random(7)
    orig, other = _article(rng), _article(rng)
    paras = orig.split("\n\n")
    chrome = "Home News Opinion Subscribe now to our newsletter for daily updates and more"
    idx = RepublicationIndex()
    idx.add(DocSketch("copy-trimmed", "\n\n".join(paras[:4]), "2021-03-05", "b.example"))
    idx.add(DocSketch("origin", orig, "2021-03-01", "a.example", "Agency A"))
    idx.add(DocSketch("copy-chrome", f"{chrome}\n\n{orig}\n\n{chrome}", "2021-03-02", "c.example"))
    idx.add(DocSketch("copy-reordered", "\n\n".join(paras[3:] + paras[:3]), None, "d.example"))
    idx.add(DocSketch("unrelated", other, "2021-03-01", "e.example"))
    idx.add(DocSketch("tiny", "too short to compare", "2021-03-01", "f.example"))
    clusters = idx.clusters()
    assert len(clusters) == 1
    cl = clusters[0]
    assert cl.origin == "origin"
    assert set(cl.members) == {"origin", "copy-trimmed", "copy-chrome", "copy-reordered"}
    from newstrace.sources.republication import republication_fields

    fields = republication_fields(cl, idx.docs)
    assert fields["copy-chrome"]["republished"] and fields["copy-chrome"]["original_outlet"] == "Agency A"
    assert not fields["origin"]["republished"]
    assert {k for k, _ in idx.matches(orig)} == set(cl.members)  # a query finds every copy, not the unrelated


def test_source_analyzer_on_a_republished_page() -> None:
    from newstrace.pipeline import analyze

    page = (
        "By Inside Syria Media Center, Mar 3, 2019\n\n"
        "Officials in the provincial capital said on Sunday that the road to the coast was open again after "
        "repairs that took most of the winter. Traders welcomed the news and said prices might fall.\n\n"
        "Residents told reporters that buses were running on the old timetable.\n\n"
        "EDITOR'S NOTE: Publication of articles on our site does not mean that we agree with what is written.\n"
    )
    src = analyze(page, only=["source"]).source
    assert src.original_outlet == "Inside Syria Media Center" and src.republished
    assert src.rating == "low" and src.rating_basis[0].startswith("republishes Inside Syria Media Center")
    same = analyze(page, url="https://insidesyriamc.com/2019/03/road", only=["source"]).source
    assert not same.republished and same.rating == "low"


def test_short_site_names_do_not_make_a_byline_the_publisher(registry: OutletRegistry) -> None:
    src = assess_source(Article(outlet="Low Wire Agency", site="Lo", url="https://lo.example/a", text="x"), registry)
    assert src.republished
    src = assess_source(Article(outlet="Low Wire Agency", site="Low Wire Agency", text="x"), registry)
    assert not src.republished
