"""Event coding: ACLED sub-event classes, actors, dates, places, casualty figures, modes, alignment.

One concern per module: :mod:`~newstrace.events.taxonomy` (ACLED / CASE names), :mod:`~newstrace.events.cues`
and :mod:`~newstrace.events.classify` (sub-event classifier), :mod:`~newstrace.events.features` and
:mod:`~newstrace.events.finetuned` (its TF-IDF features and fine-tuned MiniLM), :mod:`~newstrace.events.actors`
(actor normaliser), :mod:`~newstrace.events.when` (date windows), :mod:`~newstrace.events.where` (locations),
:mod:`~newstrace.events.casualties` (killed / injured figures), :mod:`~newstrace.events.modes` (certainty,
attribution, PLOVER modes) and :mod:`~newstrace.events.align` (matching an event with a UCDP GED record).
The records themselves are composed in :mod:`newstrace.compose.events`.
"""

__all__: list[str] = []
