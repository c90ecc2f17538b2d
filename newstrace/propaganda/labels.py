"""The 14 technique names of the SemEval-2020 Task 11 corpus (PTC v2), spelled exactly as there."""

from __future__ import annotations

__all__ = ["TECHNIQUES", "technique_index"]

#: Sorted as in the task's label file; the index of a name is its class id in the shipped models.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

_INDEX = {name: i for i, name in enumerate(TECHNIQUES)}


def technique_index(name: str) -> int:
    """The class id of a technique name; raises KeyError for a name outside the 14."""
    return _INDEX[name]
