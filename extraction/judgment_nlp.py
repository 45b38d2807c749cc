"""spaCy blank pipelines and phrase matchers of the lawyer domain, built once per process.

The Chinese pipeline segments by character (no download); phrase lists come from the data files.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans


@cache
def blank(lang: str) -> Language:
    if lang == "zh":
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    return spacy.blank(lang)


def char_doc(nlp: Language, text: str) -> Doc:
    """One token per character, built directly (what the char segmenter gives, without its alignment
    pass): token i is character i."""
    return Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))


def phrase_matcher(lang: str, groups: dict[str, Iterable[str]], attr: str = "ORTH") -> PhraseMatcher:
    """A matcher whose match ids are the group names (e.g. "party", "agent")."""
    nlp = blank(lang)
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, phrases in groups.items():
        matcher.add(label, [char_doc(nlp, p) if lang == "zh" else nlp.make_doc(p) for p in phrases])
    return matcher


def find_phrases(lang: str, matcher: PhraseMatcher, text: str) -> list[tuple[str, int, int]]:
    """(group, start char, end char) of the longest non-overlapping matches, in text order."""
    nlp = blank(lang)
    doc = char_doc(nlp, text) if lang == "zh" else nlp.make_doc(text)
    matches = matcher(doc)
    spans = filter_spans([doc[s:e] for _, s, e in matches])
    label_of = {(s, e): nlp.vocab.strings[m] for m, s, e in matches}
    return [(label_of[(sp.start, sp.end)], sp.start_char, sp.end_char) for sp in spans]
