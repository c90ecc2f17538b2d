"""Attribution: who says so (source), the word that says it (cue), and what is said (content).

Hand-written over spaCy's dependency parse: no maintained attribution extractor installs from PyPI
for spaCy 3.8 (BBC's citron needs its own trained models and an older stack). The rules follow the
PARC / PolNeAR notion of an attribution relation: a cue (a reporting verb, "according to"), its
source (the verb's subject or the object of "according to") and its content (the reported clause,
object or quotation). Vague sources ("various media", "sources", passive "it was reported") are
marked, and a pronoun source is resolved to the nearest preceding person or organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newstrace.claims.lexicon import attribution_cues, vague_sources
from newstrace.claims.quotes import doc_quotes
from newstrace.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Attribution", "describe_source", "extract_attributions"]

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"they", "it", "them"}
_SOURCE_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
# Objects that make a cue verb's content ("denied the allegations", "announced a ceasefire").
_OBJECT_CONTENT = {"announce", "deny", "confirm", "report", "reveal", "acknowledge", "admit", "allege",
                   "disclose", "predict", "estimate", "describe", "mock", "denounce", "question", "blame",
                   "express", "praise", "criticize", "criticise", "blast", "slam", "recommend", "accuse",
                   "urge", "quote", "echo", "point"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Attribution:
    """One attribution relation; spans are character offsets into the text (end exclusive)."""

    cue_start: int
    cue_end: int
    cue: str
    source_start: int | None = None
    source_end: int | None = None
    source: str | None = None
    content_start: int | None = None
    content_end: int | None = None
    vague: bool = False
    source_entity: str | None = None
    main: bool = False  # the cue governs the sentence's main clause


def _span_chars(tokens: list[Token]) -> tuple[int, int]:
    toks = [t for t in tokens if not t.is_space]
    while toks and toks[0].is_punct and toks[0].text not in "“\"'‘":
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"'’":
        toks = toks[:-1]
    if not toks:
        return tokens[0].idx, tokens[0].idx
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree(tok: Token) -> list[Token]:
    return list(tok.subtree)


def _cue_tokens(verb: Token) -> list[Token]:
    """The verb with the auxiliaries and particle right before/after it ("has learned", "pointed out")."""
    toks = [verb]
    i = verb.i - 1
    while i >= 0 and verb.doc[i].head == verb and (
        verb.doc[i].dep_ in ("aux", "auxpass", "neg")
        or (verb.doc[i].dep_ == "advmod" and verb.doc[i].lower_ in ("also", "previously", "later", "again"))
    ):
        toks.insert(0, verb.doc[i])
        i -= 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            toks.append(child)
    return toks


def _source_tokens(subj: Token) -> list[Token]:
    """The subject's subtree, joined with sibling subjects the parser split it into ("al - Barazi")."""
    verb = subj.head
    parts = [c for c in verb.children if c.dep_ == subj.dep_ and c.i < verb.i] if subj.dep_ in _SUBJ else [subj]
    if subj not in parts:
        parts = [subj]
    lo = min(t.left_edge.i for t in parts)
    hi = max(t.right_edge.i for t in parts)
    return list(subj.doc[lo : hi + 1])


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's speaker and whether the clause is passive (the source then comes from "by")."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, True
        return None, True
    for child in verb.children:
        if child.dep_ in _SUBJ:
            return child, False
    # "He stood up and said ...": a conjoined verb shares its head's subject
    if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)[0], False
    return None, False


def _is_vague(source_tokens: list[Token] | None) -> bool:
    if not source_tokens:
        return True
    heads, dets = vague_sources()
    root = next((t for t in source_tokens if t.head not in source_tokens or t.head == t), source_tokens[0])
    if any(t.lower_ in dets and t.dep_ in ("det", "amod") for t in source_tokens):
        return True
    named = any(t.ent_type_ in ("PERSON", "ORG") for t in source_tokens) or root.pos_ == "PROPN"
    if root.lower_ in ("it",):
        return True
    return root.lower_ in heads and not named


def _resolve_pronoun(doc: Doc, root: Token, before: int) -> str | None:
    low = root.lower_
    if low in _PERSON_PRONOUNS:
        labels = {"PERSON"}
    elif low in _GROUP_PRONOUNS:
        labels = {"ORG", "NORP", "GPE", "PERSON"} if low == "they" else {"ORG", "GPE"}
    else:
        return None
    best = None
    for ent in doc.ents:
        if ent.end_char > before:
            break
        if ent.label_ in labels:
            best = ent.text
    return best


def _source_entity(doc: Doc, toks: list[Token]) -> str | None:
    if not toks:
        return None
    all_ents = doc.user_data.get("newstrace_ents")
    if all_ents is None:  # Doc.ents builds its spans on every access
        all_ents = doc.user_data["newstrace_ents"] = tuple(doc.ents)
    ents = [e for e in all_ents if e.start >= toks[0].i and e.end <= toks[-1].i + 1 and e.label_ in _SOURCE_ENTS]
    if ents:
        ents.sort(key=lambda e: (e.label_ not in ("PERSON", "ORG"), -len(e)))
        return ents[0].text
    if len(toks) == 1 and toks[0].pos_ == "PRON":
        return _resolve_pronoun(doc, toks[0], toks[0].idx)
    return None


def describe_source(doc: Doc, tokens: list[Token]) -> tuple[bool, str | None]:
    """(whether the source is vague, its entity text or resolved pronoun) for a source span."""
    return _is_vague(tokens), _source_entity(doc, tokens)


def _content_clause(verb: Token, strength: str) -> list[Token] | None:
    for child in verb.children:
        if child.dep_ == "ccomp":
            if strength == "weak" and any(
                c.tag_ in ("WRB", "WP") and c.i < child.i for c in child.subtree if c.i <= child.i
            ):
                return None  # "showed how ...": an embedded question, not a report
            toks = [t for t in child.subtree]
            # "that" belongs to the content in PARC/PolNeAR
            return toks
    if verb.lemma_ in ("call", "brand", "label", "dub"):
        # "Assad has called BSF members 'traitors'": naming someone something is a statement
        oprd = [c for c in verb.children if c.dep_ in ("oprd", "xcomp")]
        dobj = [c for c in verb.children if c.dep_ == "dobj"]
        if oprd and dobj:
            return sorted([*_subtree(dobj[0]), *_subtree(oprd[0])], key=lambda t: t.i)
        return None
    if strength == "strong" and verb.lemma_ in _OBJECT_CONTENT:
        for child in verb.children:
            if child.dep_ == "dobj":
                return _subtree(child)
    return None


def _sentence_rest(sent: Span, exclude: list[Token]) -> list[Token]:
    ex = {t.i for t in exclude}
    return [t for t in sent if t.i not in ex]


_SAY_VERBS = {"say", "tell", "add", "write", "tweet", "insist", "argue", "explain", "note", "state", "declare",
              "warn", "continue", "reply", "respond", "recall", "acknowledge", "admit", "claim", "confirm"}
_CLOSING_QUOTES = {"”", '"', "''", "’’", "’"}
# Objects of "according to" that are standards, not sources ("according to plan").
_STANDARD_NOUNS = {"plan", "rule", "law", "means", "schedule", "script", "tradition", "need", "instruction",
                   "guideline", "wish", "design", "custom", "principle", "protocol", "procedure", "taste",
                   "ability", "order", "standard", "norm", "will", "scripture"}


def _source_like(tok: Token) -> bool:
    """Whether the object of "according to" names a source ("the ministry") rather than a standard
    ("according to the plan", "act according to the means")."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in _SOURCE_ENTS:
        return True
    return tok.lemma_.lower() not in _STANDARD_NOUNS


def _colon_attribution(doc: Doc, sent: Span) -> list[Attribution]:
    """"Ratzinger: “I was tired.”" — a name and a colon introduce what the named one says."""
    toks = [t for t in sent if not t.is_space]
    for k, tok in enumerate(toks[:7]):
        if tok.text != ":":
            continue
        name = toks[:k]
        named = any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in name)
        if not name or not named or any(t.pos_ == "VERB" for t in name):
            return []
        rest = toks[k + 1 :]
        if len(rest) < 3:
            return []
        s0, s1 = _span_chars(name)
        c0, c1 = _span_chars(rest)
        return [Attribution(cue_start=tok.idx, cue_end=tok.idx + 1, cue=":", source_start=s0, source_end=s1,
                            source=doc_text(doc)[s0:s1], content_start=c0, content_end=c1, vague=False,
                            source_entity=_source_entity(doc, name), main=True)]  # fmt: skip
    return []


def _according_to(doc: Doc, sent: Span) -> list[Attribution]:
    out = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None or not _source_like(pobj):
                continue
            src = _subtree(pobj)
            phrase = [tok, to, *src]
            rest = _sentence_rest(sent, phrase)
            # the content is the side of the sentence the phrase is not on
            before = [t for t in rest if t.i < tok.i]
            after = [t for t in rest if t.i > src[-1].i]
            content = after if len(after) >= len(before) else before
            s0, s1 = _span_chars(src)
            a = Attribution(cue_start=tok.idx, cue_end=to.idx + len(to.text), cue=doc_text(doc)[tok.idx : to.idx + 2],
                            source_start=s0, source_end=s1, source=doc_text(doc)[s0:s1], vague=_is_vague(src),
                            source_entity=_source_entity(doc, src), main=True)  # fmt: skip
            if content:
                a.content_start, a.content_end = _span_chars(content)
            out.append(a)
    return out


def _skip_cue(tok: Token, strength: str) -> bool:
    """Cue verbs that do not attribute: "to say", "I think" inside a quotation, "wants to know",
    "it should be noted", "has never claimed" (nothing is reported when the speech act is denied)."""
    if tok.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children):
        return True
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.tag_ == "MD" and c.lower_ in ("should", "must", "can", "could", "would", "might", "may")
           for c in tok.children):
        return True
    if strength == "weak":
        subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
        if subj is not None and subj.lower_ in ("i", "we", "you"):
            return True  # first/second person opinions are part of a quotation's content
    return False


def _verb_attributions(doc: Doc, sent: Span) -> list[Attribution]:
    cues = attribution_cues()
    out = []
    for tok in sent:
        strength = cues.get(tok.lemma_.lower())
        if strength is None or tok.pos_ not in ("VERB", "AUX") or (tok.tag_ == "VBG" and tok.dep_ == "amod"):
            continue
        if _skip_cue(tok, strength):
            continue
        content = _content_clause(tok, strength)
        quote_before = False
        as_clause = False
        if content is None and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            # "As Mr. Matt said, the crisis is extraordinary": the main clause is the content
            content = [t for t in sent if t.i not in {x.i for x in tok.subtree}]
            as_clause = True
        if content is None:
            # "“...,” he said." with the quotation parsed as a sibling rather than a ccomp
            if strength != "strong" or tok.lemma_ not in _SAY_VERBS:
                continue
            if tok.dep_ == "parataxis" and tok.head.i < tok.i:
                # "The plan, she said, is not so simple": the clause around the cue is the content
                inner = {x.i for x in tok.subtree}
                content = [t for t in sent if t.i not in inner]
                as_clause = True
            elif any(t.text in _CLOSING_QUOTES for t in sent if t.i < tok.i):
                content = [t for t in sent if t.i < tok.i]
                quote_before = True
            else:
                continue
        subj, passive = _subject(tok)
        cue_toks = _cue_tokens(tok)
        c0, c1 = cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1].text)
        a = Attribution(cue_start=c0, cue_end=c1, cue=doc_text(doc)[c0:c1])
        if subj is not None and subj.lower_ != "it":
            src = _source_tokens(subj)
            s0, s1 = _span_chars(src)
            a.source_start, a.source_end, a.source = s0, s1, doc_text(doc)[s0:s1]
            a.vague = _is_vague(src)
            a.source_entity = _source_entity(doc, src)
        else:
            a.vague = True  # "it was reported that ...", "it is believed ..."
            if not passive and subj is None and strength == "weak":
                continue
        if content:
            if quote_before and a.source_start is not None:
                content = [t for t in content if t.idx < a.source_start]
            if content:
                a.content_start, a.content_end = _span_chars(content)
        root = sent.root
        a.main = (
            tok == root
            or (tok.head == root and tok.dep_ in ("parataxis", "conj", "advcl"))
            or quote_before
            or as_clause
        )
        out.append(a)
    return out


def _widen_content(doc: Doc, sent: Span, a: Attribution) -> None:
    """Content conventions of PARC/PolNeAR: a quotation is content whole, marks included, and a
    clause interrupted by its cue ("The plan, he said, would fail") is one span around the cue."""
    if a.content_start is None or a.content_end is None:
        return
    text = doc_text(doc)
    quotes = doc_quotes(doc)
    for k, (q0, q1) in enumerate(quotes):
        inside = q0 <= a.content_start and a.content_end <= q1
        cue_inside = q0 <= a.cue_start < q1
        if inside and not cue_inside:
            a.content_start, a.content_end = q0, q1
            # "“A,” he said. “B.”": the quotation goes on after the cue, and so does the content
            if q1 <= a.cue_start and k + 1 < len(quotes):
                n0, n1 = quotes[k + 1]
                between = text[sent.end_char if sent.end_char <= n0 else q1 : n0]
                if n0 >= sent.end_char - 1 and not between.strip():
                    a.content_end = n1
            return
    # a quotation opened inside the content closes just after it ("… your taxes.”")
    chunk = text[a.content_start : a.content_end]
    if chunk.count("“") > chunk.count("”"):
        close = text.find("”", a.content_end, a.content_end + 3)
        if close != -1:
            a.content_end = close + 1
    if a.content_end <= a.cue_start and a.source_start is not None and a.source_start > a.content_end:
        # the cue follows its content: whatever follows the cue in the sentence is content too
        tail = [t for t in sent if t.idx > a.cue_end and not t.is_punct and not t.is_space]
        cue_span = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
        cue_root = cue_span.root.i if cue_span is not None else -1
        if tail and tail[0].dep_ in ("prep", "advcl", "npadvmod", "ccomp", "conj") and tail[0].head.i != cue_root:
            end = tail[-1].idx + len(tail[-1].text)
            a.content_end = end


def extract_attributions(doc: Doc, sent: Span) -> list[Attribution]:
    """The attribution relations whose cue is in the sentence ``sent``, in text order."""
    found = _according_to(doc, sent) + _verb_attributions(doc, sent) + _colon_attribution(doc, sent)
    for a in found:
        _widen_content(doc, sent, a)
    found.sort(key=lambda a: a.cue_start)
    return found
