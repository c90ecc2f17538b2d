"""Outlets: the registry of ratings with provenance, domain normalisation, and republication."""

from newstrace.sources.assess import assess_source
from newstrace.sources.domains import host_of, name_key, registered_domain
from newstrace.sources.registry import Assessment, Outlet, OutletRegistry, load_registry

__all__ = [
    "Assessment",
    "Outlet",
    "OutletRegistry",
    "assess_source",
    "host_of",
    "load_registry",
    "name_key",
    "registered_domain",
]
