"""Narrative analysis for vehicle texts in English and Chinese: components, failure symptoms,
driving conditions, consequences, suppliers and platforms, each with its character span.

spaCy blank pipelines (English with the lookup lemma table, Chinese segmented by character) and
PhraseMatchers built from the vocabularies in extraction/vehicles/data/, once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.attrs import NORM
from spacy.lookups import load_lookups
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from core.errors import RecordRejected
from extraction.common.names import fold_same_length
from extraction.vehicles.vocab import components, conditions, suppliers, symptoms

Span = tuple[int, int]
NEGATORS_EN = {"no", "not", "n't", "without", "never", "nobody", "none", "neither", "nor"}
NEGATORS_ZH = ("无", "没有", "没", "未", "不", "并未", "均未")
NEGATION_WINDOW = 3  # tokens (English) before a consequence that can negate it ("no one was injured")
NEGATION_WINDOW_ZH = 6  # characters
SUPPLIER_HINTS = {"en": ("by ", "from ", "supplier"), "zh": ("供应商", "由")}
PLATFORM_HINTS = {"en": ("platform", "architecture"), "zh": ("平台", "架构")}


@dataclass
class Findings:
    components: list[tuple[str, Span]] = field(default_factory=list)  # component path, span
    symptoms: list[tuple[str, Span]] = field(default_factory=list)
    conditions: list[tuple[str, Span]] = field(default_factory=list)
    consequences: list[tuple[str, Span]] = field(default_factory=list)
    suppliers: list[tuple[str, Span]] = field(default_factory=list)
    platforms: list[tuple[str, Span]] = field(default_factory=list)


def _phrases() -> dict[str, list[tuple[str, str]]]:
    """Per language, (match label, phrase) pairs; labels are 'C|path', 'S|symptom', 'K|condition',
    'Q|consequence'."""
    out: dict[str, list[tuple[str, str]]] = {"en": [], "zh": []}
    for comp in components().values():
        out["en"] += [(f"C|{comp.path}", p) for p in comp.en]
        out["zh"] += [(f"C|{comp.path}", p) for p in comp.zh]
    for sid, spec in symptoms().items():
        out["en"] += [(f"S|{sid}", p) for p in spec.get("en") or []]
        out["zh"] += [(f"S|{sid}", p) for p in spec.get("zh") or []]
    cond = conditions()
    for prefix, section in (("K", "conditions"), ("Q", "consequences")):
        for cid, spec in cond[section].items():
            out["en"] += [(f"{prefix}|{cid}", p) for p in spec.get("en") or []]
            out["zh"] += [(f"{prefix}|{cid}", p) for p in spec.get("zh") or []]
    return out


@lru_cache
def pipeline(lang: str) -> tuple[spacy.language.Language, PhraseMatcher]:
    if lang == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
        matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        prepare = fold_same_length
    else:
        # The lookup lemmatizer's table (spacy-lookups-data) applied as each word type's NORM: the vocab
        # computes it once per distinct word, where the lemmatizer component costs Python work per token.
        nlp = spacy.blank("en")
        table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")

        def lemma_norm(word: str) -> str:
            low = word.lower()
            return table.get(low, low)

        nlp.vocab.lex_attr_getters[NORM] = lemma_norm
        matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        prepare = str
    by_label: dict[str, list[str]] = {}
    for label, phrase in _phrases()[lang]:
        by_label.setdefault(label, []).append(prepare(phrase))
    for label, phrases in by_label.items():
        matcher.add(label, list(nlp.pipe(phrases)))
    return nlp, matcher


@lru_cache
def _regexes() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {"en": [], "zh": []}
    for cid, spec in conditions()["conditions"].items():
        out["en"] += [(cid, re.compile(p, re.I)) for p in spec.get("regex_en") or []]
        out["zh"] += [(cid, re.compile(p, re.I)) for p in spec.get("regex_zh") or []]
    return out


@lru_cache
def _supplier_patterns() -> dict[str, list[re.Pattern[str]]]:
    sp = suppliers()
    tail = sp["en_legal_tail"]
    trig = "|".join(re.escape(t) for t in sorted(sp["en_triggers"], key=len, reverse=True))
    word = r"[A-Za-z][A-Za-z0-9&\-]*"
    stop = r"(?!(?:AND|THAT|WHICH|MAY|IN|FOR|ON|WITH|TO|WERE|WAS|IS|ARE|COULD|THE|A|AN|AT|OF|DURING)\b)"
    en = [
        re.compile(rf"(?:{trig})\s+(?:the\s+)?((?:{stop}{word}\s+){{0,5}}?{word},?\s+{tail})", re.I),
        re.compile(rf"(?:{trig})\s+(?:the\s+)?({stop}{word}(?:\s+{stop}{word}){{0,3}})(?=\s*[,.;:(\n]|\s*$)", re.I),
    ]
    zh_name = r"([\u4e00-\u9fffA-Za-z0-9（）()\-]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团|公司))"
    zh_trig = "|".join(sp["zh_triggers"])
    zh = [re.compile(rf"(?:{zh_trig})[为是：:]?\s*{zh_name}")]
    plat = {lang: [re.compile(p) for p in sp[f"platform_{lang}"]] for lang in ("en", "zh")}
    return {"en": en, "zh": zh, "platform_en": plat["en"], "platform_zh": plat["zh"]}


def _negated_en(doc: Doc, start: int) -> bool:
    for t in reversed(doc[max(0, start - NEGATION_WINDOW) : start]):
        if t.is_punct:  # negation does not reach past a sentence or clause break
            return False
        if t.lower_ in NEGATORS_EN:
            return True
    return False


def _negated_zh(text: str, start: int) -> bool:
    window = re.split(r"[，。；！？,.;!?]", text[max(0, start - NEGATION_WINDOW_ZH) : start])[-1]
    return any(n in window for n in NEGATORS_ZH)


def _first_spans(items: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    seen: dict[str, Span] = {}
    for name, span in items:
        seen.setdefault(name, span)
    return list(seen.items())


def analyse(text: str, lang: str = "en") -> Findings:
    """Everything the narrative says, with spans into `text` as given."""
    nlp, matcher = pipeline(lang)
    if len(text) > nlp.max_length:  # spaCy's own refusal ([E088] …) is no reason a person can act on
        raise RecordRejected(f"narrative of {len(text):,} characters is longer than the {nlp.max_length:,} "
                             "the text analysis reads")
    prepared = fold_same_length(text) if lang == "zh" else text
    doc = nlp(prepared)
    found = Findings()
    by_cat: dict[str, list[spacy.tokens.Span]] = {"C": [], "S": [], "K": [], "Q": []}
    for match_id, start, end in matcher(doc):
        label = nlp.vocab.strings[match_id]
        by_cat[label[0]].append(spacy.tokens.Span(doc, start, end, label))
    for cat, spans in by_cat.items():
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            name = span.label_.split("|", 1)[1]
            char = (span.start_char, span.end_char)
            if cat in ("Q", "S") and (
                _negated_zh(prepared, span.start_char) if lang == "zh" else _negated_en(doc, span.start)
            ):
                continue
            {"C": found.components, "S": found.symptoms, "K": found.conditions, "Q": found.consequences}[cat].append(
                (name, char)
            )
    for cid, rx in _regexes()[lang]:
        for m in rx.finditer(prepared):
            found.conditions.append((cid, m.span()))
    pats = _supplier_patterns()
    low = prepared.lower()
    # the supplier and platform patterns are costly; most texts name neither
    has_supplier = any(t in low for t in SUPPLIER_HINTS[lang])
    has_platform = any(t in low for t in PLATFORM_HINTS[lang])
    for rx in pats[lang] if has_supplier else ():
        for m in rx.finditer(text):
            name = m.group(1).strip(" ,")
            if not any(name == n for n, _ in found.suppliers):
                found.suppliers.append((name, m.span(1)))
        if found.suppliers:
            break
    for rx in pats[f"platform_{lang}"] if has_platform else ():
        for m in rx.finditer(text):
            found.platforms.append((m.group(1).strip(), m.span(1)))
        if found.platforms:
            break
    # words inside a supplier's name ("... Steering Co.") are not component mentions
    # a consequence word inside a component name ("collision warning system") is no consequence
    found.consequences = [(c, (s, e)) for c, (s, e) in found.consequences
                          if not any(s < ce and cs < e for _, (cs, ce) in found.components)]
    found.components = _most_specific(_outside_symptoms([
        (p, (s, e)) for p, (s, e) in found.components
        if not any(s < se and ss < e for _, (ss, se) in found.suppliers)], found.symptoms))
    found.symptoms = _first_spans(found.symptoms)
    found.conditions = _first_spans(found.conditions)
    found.consequences = _first_spans(found.consequences)
    found.platforms = _first_spans(found.platforms)
    return found


def _outside_symptoms(items: list[tuple[str, Span]], found: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """A part word inside a symptom phrase of another system ("车身抖动" body shaking, "仪表报警" dashboard
    warning, "无故刹车" braking for no reason) says where the symptom shows, not which part failed: dropped
    when the text names a part elsewhere, kept when it is the only part named. Inside a phrase of its own
    system ("方向盘沉重", steering heavy) it is the failing part."""
    table = symptoms()

    def inside(path: str, span: Span) -> bool:
        system = path.split(":", 1)[0]
        return any(ss <= span[0] and span[1] <= se and system not in (table[sid].get("systems") or [])
                   for sid, (ss, se) in found)

    outside = [(p, s) for p, s in items if not inside(p, s)]
    return outside if outside else items


def _most_specific(items: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """Drop a component when a more specific part of it is also named ("air bag" and "inflator")."""
    first = _first_spans(items)
    paths = [p for p, _ in first]
    return [(p, s) for p, s in first if not any(q != p and q.startswith(p + ":") for q in paths)]
