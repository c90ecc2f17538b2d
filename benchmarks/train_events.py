"""Train the sub-event linear model shipped in newstrace/data/events/subevent_linear.json.

Training data (read from ../shared, never shipped): PLOVER gold-standard records, NGEC synthetic
stories, ACLED's example rows (notes + sub_event_type) and WikiEvents trigger sentences, each mapped
to ACLED / CASE classes by the tables below. CASE 2021 dev snippets are NOT used: they only measure.

    NEWSTRACE_SHARED=../shared .venv/bin/python benchmarks/train_events.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_selection import chi2
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from newstrace.events.features import terms  # noqa: E402
from newstrace.events.taxonomy import CODE_OF_SUB_EVENT  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", ROOT.parent / "shared"))
EV = SHARED / "data" / "events"
OUT = ROOT / "newstrace" / "data" / "events" / "subevent_linear.json"

# NGEC (label, mode) -> CASE code; pairs not listed are not ACLED-like events and are left out.
NGEC_MAP = {
    ("ASSAULT", "ABDUCT"): "ABDUCT_DISSAP",
    ("ASSAULT", "AERIAL"): "AIR_STRIKE",
    ("ASSAULT", "DRONE"): "AIR_STRIKE",
    ("ASSAULT", "ASSASSINATE"): "ATTACK",
    ("ASSAULT", "BEAT"): "ATTACK",
    ("ASSAULT", "EXECUTE"): "ATTACK",
    ("ASSAULT", "MASSACRE"): "ATTACK",
    ("ASSAULT", "TORTURE"): "ATTACK",
    ("ASSAULT", "PRIMATIVE"): "ATTACK",
    ("ASSAULT", "CLEANSING"): "ATTACK",
    ("ASSAULT", "CROWD-CONTROL"): "FORCE_AGAINST_PROTEST",
    ("ASSAULT", "DESTROY"): "PROPERTY_DISTRUCT",
    ("ASSAULT", "EXPLOSIVES"): "REM_EXPLOS",
    ("ASSAULT", "FIREARMS"): "ARMED_CLASH",
    ("ASSAULT", "HEAVY-WEAPONS"): "ART_MISS_ATTACK",
    ("ASSAULT", "SEXUAL"): "SEX_VIOL",
    ("ASSAULT", "SUICIDE-ATTACK"): "SUIC_BOMB",
    ("ASSAULT", "UNCONVENTIONAL"): "CHEM_WEAP",
    ("COERCE", "ARREST"): "ARREST",
    ("COERCE", "SIEZE"): "PROPERTY_DISTRUCT",
    ("COERCE", "CURFEW"): "CHANGE_TO_GROUP_ACT",
    ("COERCE", "MARTIAL-LAW"): "CHANGE_TO_GROUP_ACT",
    ("COERCE", "CYBER"): "ORG_CRIME",
    ("PROTEST", "DEMO"): "PEACE_PROTEST",
    ("PROTEST", "STRIKE"): "PEACE_PROTEST",
    ("PROTEST", "HUNGER"): "PEACE_PROTEST",
    ("PROTEST", "OBSTRUCT"): "PEACE_PROTEST",
    ("PROTEST", ""): "PEACE_PROTEST",
    ("PROTEST", "RIOT"): "VIOL_DEMONSTR",
    ("RETREAT", "CEASEFIRE"): "AGREEMENT",
    ("AGREE", ""): "AGREEMENT",
    ("RETREAT", "WITHDRAW"): "NON_VIOL_TERRIT_TRANSFER",
    ("MOBILIZE", "TROOPS"): "CHANGE_TO_GROUP_ACT",
    ("MOBILIZE", "MILITIA"): "CHANGE_TO_GROUP_ACT",
    ("RETREAT", "DISARM"): "CHANGE_TO_GROUP_ACT",
    ("ACCUSE", "DISAPPROVE"): "DIPLO",
    ("SANCTION", "EXPEL"): "DIPLO",
    ("SANCTION", ""): "DIPLO",
    ("THREATEN", "RELATIONS"): "DIPLO",
    ("CONSULT", "VISIT"): "DIPLO",
}
PLOVER_MAP = {
    ("AGREE", None): "AGREEMENT",
    ("PROTEST", "demo-org"): "PEACE_PROTEST",
    ("PROTEST", "demo-spon"): "PEACE_PROTEST",
    ("PROTEST", "strike-hun"): "PEACE_PROTEST",
    ("PROTEST", "strike-gen"): "PEACE_PROTEST",
    ("PROTEST", "obstruct"): "PEACE_PROTEST",
    ("PROTEST", "riot-spon"): "VIOL_DEMONSTR",
    ("PROTEST", "riot"): "VIOL_DEMONSTR",
    ("FIGHT", "heavy-weapons"): "ART_MISS_ATTACK",
    ("FIGHT", "firearms"): "ARMED_CLASH",
    ("FIGHT", None): "ARMED_CLASH",
    ("ASSAULT", "explosives"): "REM_EXPLOS",
    ("ASSAULT", "suicide-attack"): "SUIC_BOMB",
    ("ASSAULT", "assassinate"): "ATTACK",
    ("ASSAULT", "torture"): "ATTACK",
    ("ASSAULT", "sexual"): "SEX_VIOL",
    ("COERCE", "detain"): "ARREST",
    ("COERCE", "arrest"): "ARREST",
    ("COERCE", "destroy"): "PROPERTY_DISTRUCT",
    ("COERCE", "confiscate"): "PROPERTY_DISTRUCT",
    ("DISAPPROVE", None): "DIPLO",
    ("SANCTION", None): "DIPLO",
    ("MOBILIZE", "troops"): "CHANGE_TO_GROUP_ACT",
}
WIKI_MAP = {
    "Conflict.Attack.DetonateExplode": "REM_EXPLOS",
    "Justice.ArrestJailDetain.Unspecified": "ARREST",
    "Conflict.Demonstrate.Unspecified": "PEACE_PROTEST",
    "Conflict.Demonstrate.DemonstrateWithViolence": "VIOL_DEMONSTR",
    "Disaster.DiseaseOutbreak.Unspecified": "NATURAL_DISASTER",
    "Disaster.Crash.Unspecified": "MAN_MADE_DISASTER",
    "ArtifactExistence.DamageDestroyDisableDismantle.DisableDefuse": "DISR_WEAP",
    "GenericCrime.GenericCrime.GenericCrime": "ORG_CRIME",
}


def load() -> tuple[list[str], list[str], Counter[str]]:
    texts: list[str] = []
    labels: list[str] = []
    origin: Counter[str] = Counter()

    def add(text: str, code: str | None, src: str) -> None:
        if code and text.strip():
            texts.append(text.strip())
            labels.append(code)
            origin[src] += 1

    z = zipfile.ZipFile(EV / "ngec-plover" / "gpt_synthetic_events_2023-10-19_19.csv.zip")
    with z.open(z.namelist()[0]) as fh:
        for row in csv.DictReader(io.TextIOWrapper(fh, "utf-8")):
            # the story's first paragraph states the event; later ones are filler
            add(row["text"].split("\n")[0], NGEC_MAP.get((row["label"], row["mode"])), "ngec")
    for rec in json.loads((EV / "plover-gsr" / "PLOVER_GSR_CAMEO.json").read_text("utf-8"))[1:]:
        add(rec.get("text", ""), PLOVER_MAP.get((rec.get("event"), rec.get("mode") or None)), "plover")
    with open(EV / "acled-codebook" / "acled_old_dummy.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            add(row["notes"].split("[")[0], CODE_OF_SUB_EVENT.get(row["sub_event_type"]), "acled")
    for split in ("dev", "test"):
        with open(EV / "wikievents" / f"{split}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                seen: set[int] = set()
                for em in doc["event_mentions"]:
                    si = em["trigger"]["sent_idx"]
                    code = WIKI_MAP.get(em["event_type"])
                    if code and si not in seen:
                        seen.add(si)
                        add(doc["sentences"][si][1], code, "wikievents")
    return texts, labels, origin


def main() -> None:
    texts, labels, origin = load()
    print(f"{len(texts)} training texts from {dict(origin)}")
    print(dict(Counter(labels)))
    vec = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=2)
    x = vec.fit_transform(texts)
    y = np.array(labels)
    # keep the features most tied to a class, so the shipped JSON stays small
    score, _ = chi2(x, y)
    keep = np.argsort(-np.nan_to_num(score))[:2000]
    keep.sort()
    vocab_all = vec.get_feature_names_out()
    vocab = {str(vocab_all[j]): i for i, j in enumerate(keep)}
    idf = [float(vec.idf_[j]) for j in keep]
    # re-vectorise with the kept vocabulary and the runtime featurizer's exact weighting
    from newstrace.events.features import featurize

    rows = [featurize(t, vocab, idf) for t in texts]
    xk = np.zeros((len(rows), len(vocab)))
    for i, r in enumerate(rows):
        for j, v in r.items():
            xk[i, j] = v
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    clf.fit(xk, y)
    print(f"training accuracy {clf.score(xk, y):.3f}")
    model = {
        "classes": [str(c) for c in clf.classes_],
        "vocab": vocab,
        "idf": [round(v, 4) for v in idf],
        # sparse rows: weights under 0.05 change no decision and would triple the file
        "coef": [{str(j): round(float(v), 2) for j, v in enumerate(row) if abs(v) >= 0.05} for row in clf.coef_],
        "intercept": [round(float(v), 4) for v in clf.intercept_],
        "trained_on": dict(origin),
    }
    OUT.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB, {len(vocab)} features, {len(model['classes'])} classes)")


if __name__ == "__main__":
    main()
