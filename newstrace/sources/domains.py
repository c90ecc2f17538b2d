"""Domain and outlet-name normalisation, so that one outlet has one key however it is written.

The registered domain comes from the ``tld`` package's bundled public-suffix list (offline); what
is hand-written here is the news-specific part no library does: which sub-domains are language
editions or mobile/AMP mirrors of the same outlet, which hosts are URL shorteners (whose target
cannot be known offline), and how a byline's outlet name is reduced to a comparable key.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from tld import get_tld

__all__ = [
    "SHORTENERS", "domain_candidates", "host_of", "is_edition_of", "is_shortener", "name_key", "registered_domain",
]

#: URL shorteners and link wrappers: a link through them says nothing about the outlet.
SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "t.co", "goo.gl", "tinyurl.com", "ow.ly", "buff.ly", "dlvr.it", "is.gd",
    "trib.al", "fb.me", "lnkd.in", "rebrand.ly", "shorturl.at", "cutt.ly", "tiny.cc", "j.mp", "ift.tt",
    "wp.me", "flip.it", "amzn.to", "youtu.be", "t.me", "rb.gy", "s.id", "v.gd", "soo.gd",
})

# Sub-domain labels that are the same outlet in another form (mobile, AMP, a language edition).
_EDITION_LABEL = re.compile(r"^(?:www\d*|m|mobile|amp|[a-z]{2}|[a-z]{2}-[a-z]{2}|srb|arabic|russian|"
                            r"actualidad|francais|deutsch|english|espanol|news)$")


_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def host_of(url_or_domain: str) -> str:
    """The lower-cased host of a URL or a bare domain, without port, 'www.' or a trailing dot."""
    s = url_or_domain.strip().lower()
    if not s:
        return ""
    if "://" not in s:
        s = "http://" + s
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    if not _HOST.fullmatch(host):
        return ""
    return host[4:] if host.startswith("www.") else host


def registered_domain(url_or_domain: str) -> str:
    """The registrable domain (``en.news-front.info`` -> ``news-front.info``); the host if unknown."""
    host = host_of(url_or_domain)
    if not host:
        return ""
    res = get_tld(host, fix_protocol=True, as_object=True, fail_silently=True)
    fld = getattr(res, "fld", None)
    if fld:
        return str(fld)
    # Not under a known public suffix (an intranet or test domain): take the last two labels.
    return ".".join(host.split(".")[-2:])


def domain_candidates(url_or_domain: str) -> list[str]:
    """Keys to look a host up under, most specific first: the host, then parents to the registered domain.

    ``en.news-front.info`` -> ``['en.news-front.info', 'news-front.info']``. A lookup takes the first
    key a registry knows, so a rating given to a specific edition wins over the parent's.
    """
    host = host_of(url_or_domain)
    if not host:
        return []
    base = registered_domain(host)
    out = [host]
    parts = host.split(".")
    for i in range(1, len(parts)):
        parent = ".".join(parts[i:])
        if len(parent) < len(base):
            break
        out.append(parent)
    return list(dict.fromkeys(out))


def is_edition_of(host: str, domain: str) -> bool:
    """True when ``host`` is ``domain`` itself or a mobile/AMP/language sub-domain of it."""
    host, domain = host_of(host), host_of(domain)
    if host == domain:
        return True
    if not host.endswith("." + domain):
        return False
    return all(_EDITION_LABEL.match(label) for label in host[: -len(domain) - 1].split("."))


def is_shortener(url_or_domain: str) -> bool:
    return host_of(url_or_domain) in SHORTENERS


_BY = re.compile(r"^\s*(?:by|from|source|via|published by|originally published (?:by|at|on))\s*:?\s+", re.I)
_STOP = re.compile(r"\b(?:the|inc|ltd|llc|com|org|net|info)\b")


def name_key(name: str) -> str:
    """A comparison key for an outlet name: ``'By The Inside-Syria Media Centre'`` -> ``'insidesyriamediacentre'``.

    Accents, case, a leading 'By', articles and punctuation are dropped, so bylines, mastheads and
    domain labels ('insidesyriamc') can be compared.
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _BY.sub("", s)
    s = _STOP.sub(" ", s)
    return re.sub(r"[^a-z0-9]+", "", s)
