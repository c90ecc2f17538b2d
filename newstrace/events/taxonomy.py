"""ACLED event types and sub-event types, and the CASE 2021 Task 2 codes for the same classes.

The names are ACLED's (from ACLED's codebook tables, shipped in the acledR package); the codes are
those of the CASE 2021 shared task, which labels news snippets with ACLED sub-event types plus five
"security" classes outside ACLED (organised crime, disasters, diplomacy, attribution of responsibility).
newstrace classifies into all 30 so that it can tell a real ACLED event from a look-alike (an
earthquake, a condemnation) and emit only the ACLED ones as events.
"""

from __future__ import annotations

__all__ = [
    "ACLED_SUB_EVENTS",
    "CASE_CODES",
    "CODE_OF_SUB_EVENT",
    "NON_ACLED_CODES",
    "SUB_EVENT_OF_CODE",
    "event_type_of",
]

#: ACLED sub-event type -> event type (25 sub-event types, 6 event types).
ACLED_SUB_EVENTS: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
}

#: CASE 2021 Task 2 code -> ACLED sub-event type.
SUB_EVENT_OF_CODE: dict[str, str] = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
}

CODE_OF_SUB_EVENT: dict[str, str] = {v: k for k, v in SUB_EVENT_OF_CODE.items()}

#: Classes the classifier knows that are not ACLED events (never emitted as events).
NON_ACLED_CODES: tuple[str, ...] = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")

CASE_CODES: tuple[str, ...] = (*SUB_EVENT_OF_CODE, *NON_ACLED_CODES)


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type of a sub-event type ('Strategic developments' for an unknown one)."""
    return ACLED_SUB_EVENTS.get(sub_event_type, "Strategic developments")
