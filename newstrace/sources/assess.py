"""Who published a page, who wrote it, and the rating to show: the ``source`` record of one article.

The publisher is the page's site (from its URL, else the site name); the original outlet is the
byline's outlet. When they differ the page is a republication, and the rating shown is the
original's - a site that republishes a low-rated outlet is rated by what it republishes - with the
reason first in ``rating_basis``. When the publisher is unknown (a scraped text without URL), a
byline outlet alone does not prove republication; a publisher's note that disclaims third-party
content ("publication of articles on our site does not mean that we agree ...") or names an
original ("originally published at ...") does, and that evidence is kept in the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newstrace.model import Article, Source
from newstrace.sources.domains import host_of, is_edition_of, name_key, registered_domain
from newstrace.sources.registry import Assessment, OutletRegistry

__all__ = ["REPUBLICATION_CUES", "assess_source", "republication_cue"]

#: Phrases by which a publisher marks a page as someone else's article.
REPUBLICATION_CUES = re.compile(
    r"(?:originally (?:published|appeared|posted)|first (?:published|appeared)|re-?published (?:with|by|from|here)"
    r"|reprinted (?:with|from)|cross-?posted|(?:publication|publishing|posting) of (?:articles|this article|"
    r"materials?|content) on (?:our|this) (?:site|website) does not mean|does not (?:necessarily )?"
    r"(?:reflect|represent) the (?:views|opinion)s? of (?:this|our) (?:site|website|publication))",
    re.I,
)


def republication_cue(texts: Iterable[str]) -> str | None:
    """The first republication cue in publisher notes (or other page text), or None."""
    for t in texts:
        m = REPUBLICATION_CUES.search(t)
        if m:
            return m.group(0)
    return None


def _publisher_domain(article: Article) -> str | None:
    for candidate in (article.url, article.site):
        if candidate and host_of(candidate) and "." in host_of(candidate):
            return registered_domain(candidate)
    return None


def _same_outlet(original: Assessment, publisher: Assessment, article: Article, pub_domain: str | None) -> bool:
    if original.outlet is not None and publisher.outlet is not None:
        return original.outlet is publisher.outlet
    if original.domain and pub_domain:
        od = registered_domain(original.domain)
        if od == pub_domain or is_edition_of(pub_domain, od):
            return True
        o = original.outlet
        if o is not None and any(registered_domain(m) == pub_domain for m in o.mirrors):
            return True
    okey = name_key(original.query)
    for other in (article.site, pub_domain.split(".")[0] if pub_domain else None, publisher.name):
        key = name_key(other or "")
        # 'insidesyriamc' (domain label) abbreviates 'insidesyriamediacenter'; a short key proves nothing
        if key and okey and (key == okey or (len(key) >= 6 and okey.startswith(key))):
            return True
    return False


def assess_source(article: Article, registry: OutletRegistry) -> Source:
    """The ``source`` record of ``article`` (publisher, original outlet, rating and its basis)."""
    pub_domain = _publisher_domain(article)
    publisher = registry.by_domain(article.url or pub_domain) if pub_domain else None
    if publisher is None and article.site:
        publisher = registry.by_name(article.site)
    pub_name = (publisher.name if publisher and publisher.outlet else None) or article.site or pub_domain

    original = registry.by_name(article.outlet) if article.outlet and article.outlet.strip() else None
    evidence: str | None = None
    republished = False
    if original is not None:
        if publisher is not None or pub_domain:
            pub = publisher or Assessment(query=pub_domain or "")
            republished = not _same_outlet(original, pub, article, pub_domain)
            if republished:
                evidence = f"byline outlet {article.outlet!r} differs from the publisher {pub_name!r}"
        else:
            cue = republication_cue(article.notes)
            if cue:
                republished = True
                evidence = f"byline outlet {article.outlet!r} and the publisher's note {cue!r}"

    src = Source(domain=pub_domain, name=pub_name)
    pub_rating = publisher.rating if publisher else "unrated"
    pub_basis = list(publisher.rating_basis) if publisher else []
    if not republished or original is None:
        src.rating = pub_rating
        src.rating_basis = pub_basis or ["the publisher is unknown (no URL or site name)"]
    else:
        src.republished = True
        src.original_outlet = original.name or article.outlet
        if original.rated:
            src.rating = original.rating
            src.rating_basis = [
                f"republishes {src.original_outlet} (rated {original.rating}): a page is rated by what it "
                f"republishes", *original.rating_basis,
                *(f"publisher {pub_name}: {b}" for b in pub_basis),
            ]
        else:
            src.rating = pub_rating
            src.rating_basis = [f"republishes {src.original_outlet}, which is unrated", *original.rating_basis,
                                *pub_basis]
        extra = {"original_domain": original.domain, "original_rating": original.rating,
                 "republication_evidence": evidence}
        for k, v in extra.items():
            setattr(src, k, v)
    src.publisher_rating = pub_rating  # type: ignore[attr-defined]  # extra field, see model.Source
    o = (original.outlet if republished and original else None) or (publisher.outlet if publisher else None)
    if o is not None:
        if o.ownership:
            src.ownership = o.ownership  # type: ignore[attr-defined]
        if o.state_affiliation:
            src.state_affiliation = o.state_affiliation  # type: ignore[attr-defined]
    return src
