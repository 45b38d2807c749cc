"""US case records (Caselaw Access Project JSON with CAP XML in `casebody.data`, or CourtListener
clusters with free-text `attorneys`): caption parties, counsel with firm and the side they argued for,
author judge and the disposition.

Counsel lines are free text ("John J. Goger, Arrington, Rubin, Winter, Kirscher & Goger, Atlanta, Ga.,
for trustee and plaintiff."; "<em>Sarah J. Jacobs </em>for plaintiffs (<em>Jacobs Berger, LLC, </em>
attorneys)."), with inline page numbers, entities and OCR breaks; they are split into person, firm,
title and place pieces using the vocabularies of extraction/lawyers/data/roles_en.yaml.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from extraction.common.dates import parse_date
from extraction.lawyers.judgment_model import Agent, Judge, Judgment, Party
from extraction.lawyers.vocab import vocab

ELEMENT = re.compile(r"<(parties|docketnumber|court|decisiondate|attorneys|judges|author|p|blockquote)\b[^>]*>(.*?)</\1>",
                     re.S)
PAGE_NUMBER = re.compile(r"<page-number\b[^>]*>.*?</page-number>", re.S)
FOOTNOTE_MARK = re.compile(r"<footnotemark\b[^>]*>.*?</footnotemark>", re.S)
TAG = re.compile(r"<[^>]+>")
LEGAL_FORM_PIECE = re.compile(r"^(?:inc|corp|co|ltd|llc|l\.l\.c|llp|l\.l\.p|p\.l\.l\.c|pllc|p\.c|p\.a|n\.a|jr|sr|ii|iii|iv)\.?$",
                              re.I)


@dataclass
class Segment:
    kind: str  # parties | attorneys | court | docketnumber | decisiondate | author | judges | p
    text: str


@cache
def _vocab() -> dict[str, Any]:
    raw = vocab("roles_en")
    return {
        "roles": raw["roles"],
        "titles": sorted(raw["titles"], key=len, reverse=True),
        "firm_markers": raw["firm_markers"],
        "org_words": set(raw["organisation_words"]),
        "states": set(raw["states"]),
        "outcomes": raw["outcomes"],
        "role_words": re.compile(r"\b(" + "|".join(sorted(map(re.escape, raw["roles"]), key=len, reverse=True))
                                 + r")\b", re.I),
    }


def _clean(fragment: str) -> str:
    text = PAGE_NUMBER.sub("", fragment)
    text = FOOTNOTE_MARK.sub("", text)
    text = html.unescape(TAG.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def segments_of(record: dict[str, Any]) -> list[Segment]:
    """The record's text as ordered segments (caption, counsel lines, opinion paragraphs)."""
    body = record.get("casebody")
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, str) and "<" in data:
        return [Segment(m.group(1), _clean(m.group(2))) for m in ELEMENT.finditer(data) if _clean(m.group(2))]
    out: list[Segment] = []
    caption = record.get("case_name_full") or record.get("case_name") or record.get("name") or ""
    if caption:
        out.append(Segment("parties", str(caption)))
    for line in re.split(r"\n+|;\s+(?=[A-Z])", str(record.get("attorneys") or "")):
        if line.strip():
            out.append(Segment("attorneys", _clean(line)))
    if record.get("judges"):
        out.append(Segment("judges", _clean(str(record["judges"]))))
    text = record.get("plain_text") or record.get("html_with_citations") or record.get("html") or ""
    for para in re.split(r"\n\s*\n|</p>", str(text)):
        if _clean(para):
            out.append(Segment("p", _clean(para)))
    return out


def compose(segments: list[Segment]) -> tuple[str, list[int]]:
    """Document text (one segment per line) and the offset of each segment in it."""
    offsets, parts, at = [], [], 0
    for seg in segments:
        offsets.append(at)
        parts.append(seg.text)
        at += len(seg.text) + 1
    return "\n".join(parts), offsets


def _side(role_text: str) -> tuple[str, str]:
    """(role as written, side) from "Plaintiff-Appellant", "Petitioners/Respondents", "the taxpayer"."""
    v = _vocab()
    words = v["role_words"].findall(role_text)
    if not words:
        return "", ""
    return role_text.strip(" ,."), v["roles"][words[-1].lower()]


def is_organisation(name: str) -> bool:
    words = set(re.findall(r"[a-z]+", name.lower()))
    low = name.lower()
    return bool(words & _vocab()["org_words"]) or "&" in name or any(w in low for w in ("united states", "internal revenue"))


def _caption_parties(text: str, base: int) -> list[Party]:
    parts = re.split(r"\s+(?:v\.|vs\.?|versus)\s+", text, maxsplit=1, flags=re.I)
    out: list[Party] = []
    offset = 0
    for i, side_text in enumerate(parts):
        at = text.find(side_text, offset)
        offset = at + len(side_text)
        # "In re X, Debtors. Jackie Irwin, Plaintiff": each sentence names parties of this caption side
        for sentence in re.split(r"(?<=[a-z]{3})\.\s+(?=[A-Z])", side_text):
            out += _sentence_parties(sentence, base + at + side_text.find(sentence), i)
    return out


def _sentence_parties(sentence: str, s_at: int, position: int) -> list[Party]:
    v = _vocab()
    out: list[Party] = []
    lead = re.match(r"(?:in re|in the matter of|appeal of|estate of)\s+", sentence, flags=re.I)
    if lead:
        sentence, s_at = sentence[lead.end() :], s_at + lead.end()
    pieces = [(m.group(0), m.start()) for m in re.finditer(r"[^,;]+", sentence)]
    names: list[list[Any]] = []
    role, side = "", ""
    for piece, p_at in pieces:
        stripped = _trim(piece)
        low = stripped.lower().rstrip(".")
        r, s = _side(stripped)
        if s and len(stripped.split()) <= 3 and all(v["role_words"].fullmatch(w) for w in re.split(r"[-/\s]+", low)
                                                    if w not in ("and", "the", "of")):
            role, side = r, s
            continue
        if low in ("et al", "et al.", "a minor child", "a minor", "d/b/a") or not stripped:
            continue
        if LEGAL_FORM_PIECE.match(stripped) and names:  # "COMPANY, INC." stays one name, as printed
            first = names[-1][1] - s_at
            names[-1][0] = sentence[first : p_at + piece.find(stripped) + len(stripped)].rstrip(" ,")
            continue
        names.append([stripped, s_at + p_at + piece.find(stripped)])
    if not side:
        side = "claimant" if position == 0 else "respondent"
        role = role or ("plaintiff" if position == 0 else "defendant")
    split: list[list[Any]] = []
    for name, n_at in names:  # "Carolyn Pollack and J.C. Penney Company, Inc" is two parties
        parts = re.split(r"\s+and\s+", name, maxsplit=1)
        initial = re.compile(r"(?:^|\s)[A-Z]\.")
        if len(parts) == 2 and not is_organisation(parts[0]) and (initial.search(parts[0])
                                                                  or initial.match(parts[1])):
            split += [[parts[0], n_at], [parts[1], n_at + name.find(parts[1], len(parts[0]))]]
        else:
            split.append([name, n_at])
    for name, n_at in split:
        if len(name) < 2 or name.lower().startswith("d/b/a"):
            continue
        kind = "enterprise" if is_organisation(name) else "person"
        out.append(Party(name=name, role=role, side=side, kind=kind, span=(n_at, n_at + len(name))))
    return out


def _trim(piece: str) -> str:
    """A caption piece without spaces, and without a sentence's full stop (kept after an initial or
    an abbreviation: "J. S.", "Holdings, Inc.")."""
    text = piece.strip()
    last = text.rstrip(".").split(" ")[-1].split(".")[-1]
    if text.endswith(".") and (len(last) > 3 and not LEGAL_FORM_PIECE.match(last + ".")):
        text = text.rstrip(".")
    return text


def _piece_kind(piece: str) -> str:
    v = _vocab()
    low = piece.lower().strip(" .")
    tokens = low.replace(".", ". ").split()
    if low in v["states"] or low.rstrip(".") in v["states"]:
        return "state"
    if any(low == t or low.startswith(t + " ") for t in v["titles"]) or "attorney" in low or "defender" in low \
            or "solicitor" in low or low.endswith(" section") or low.startswith(("assistant", "deputy")):
        return "title"
    if "&" in piece or any(m.strip() and re.search(r"(^|\s)" + re.escape(m.strip()) + r"($|\s)", low)
                           for m in v["firm_markers"]) or LEGAL_FORM_PIECE.match(low):
        return "firm"
    words = piece.split()
    if words and words[-1].lower().strip(".") in v["states"] and len(words) <= 3:
        return "place"
    if len(words) >= 2 and all(w[0].isupper() for w in words if w[0].isalpha()):
        return "person"
    if len(tokens) == 1 and piece[:1].isupper():
        return "word"
    return "other"


def _counsel(line: str, base: int, parties: list[Party]) -> list[Agent]:
    firm = ""
    paren = re.search(r"\(([^()]*?),?\s*attorneys?\)", line, re.I)
    if paren:
        firm = paren.group(1).strip(" ,")
    line_wo = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), line)
    head, sep, target = line_wo.rpartition(" for ")
    if not sep:
        head, target = line_wo, ""
    target = target.strip(" .")
    pieces = []
    for m in re.finditer(r"[^,]+", head):
        at = m.start()
        for sub in re.split(r"(\s+and\s+)", m.group(0)):
            if sub.strip() and not re.fullmatch(r"\s+and\s+", sub):
                pieces.append((sub.strip(), at + len(sub) - len(sub.lstrip())))
            at += len(sub)
    kinds = [_piece_kind(p) for p, _ in pieces]
    for i in range(len(kinds) - 1):  # "Lake Ozark, MO": the piece before a state is a place
        if kinds[i + 1] == "state" and kinds[i] in ("person", "word", "other"):
            kinds[i] = "place"
    firm_at = [i for i, k in enumerate(kinds) if k == "firm"]
    if firm_at and not firm:
        first = firm_at[0]
        while first > 0 and kinds[first - 1] == "word":
            first -= 1
        last = firm_at[0]
        while last + 1 < len(kinds) and kinds[last + 1] == "firm":
            last += 1
        firm = ", ".join(p for p, _ in pieces[first : last + 1])
        for i in range(first, last + 1):
            kinds[i] = "firm"
    place = next((p for (p, _), k in zip(pieces, kinds, strict=True) if k == "place"), "")
    targets = _targets(target, parties)
    agents: list[Agent] = []
    for (piece, at), kind in zip(pieces, kinds, strict=True):
        if kind == "title" and agents and not re.fullmatch(r"(?i)esq\.?|esquire|jr\.?|sr\.?|i{2,3}|iv", piece):
            agents[-1].title = piece.strip(" .")  # "J. D. MacFarlane, Attorney General"
            continue
        if kind != "person":
            continue
        name = re.sub(r"(?<=[a-z])-(?=[a-z])", "", re.sub(r",?\s*esq\.?$", "", piece, flags=re.I)).strip(" .,")
        agents.append(Agent(name=name, span=(base + at, base + at + len(piece)), firm=firm, title="attorney",
                            professional=True, place=place, parties=targets))
    return agents


def counsel_chunks(line: str) -> list[str]:
    """One line may list several counsel groups: "A, Firm, for appellant. B, Office, for appellee."."""
    out, rest = [], line
    while True:
        m = re.search(r"\bfor\b[^.;]*[.;](?=\s+[A-Z]|\s*$)", rest)
        if not m or not rest[m.end() :].strip():
            break
        out.append(rest[: m.end()].strip())
        rest = rest[m.end() :]
    if rest.strip():
        out.append(rest.strip())
    return out


def _targets(target: str, parties: list[Party]) -> list[int]:
    if not target:
        return []
    low = target.lower()
    named = [i for i, p in enumerate(parties)
             if any(len(w) > 3 and w in low for w in re.findall(r"[a-z]+", p.name.lower()))]
    if named:
        return named
    wanted = {_singular(w) for w in _vocab()["role_words"].findall(low)}
    for position in (-1, None):  # the party's current role first ("Respondent/Appellant" is the appellant)
        hits = [i for i, p in enumerate(parties)
                if wanted & {_singular(w) for w in _vocab()["role_words"].findall(p.role.lower())[slice(position, None)]}]
        if hits:
            return hits
    _, side = _side(target)
    return [i for i, p in enumerate(parties) if side and p.side == side]


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _outcome(paragraphs: list[str]) -> str:
    rules = _vocab()["outcomes"]
    for chunk in (" ".join(paragraphs[-2:]), paragraphs[0] if paragraphs else ""):
        low = chunk.lower()
        for rule in rules:
            if any(re.search(r"\b" + re.escape(p) + r"\b", low) for p in rule["any"]):
                return rule["outcome"]
    return ""


def parse_en(record: dict[str, Any], segments: list[Segment]) -> Judgment:
    text, offsets = compose(segments)
    court = record.get("court")
    judgment = Judgment(lang="en", text=text, jurisdiction="US")
    if isinstance(court, dict):
        judgment.court, judgment.court_slug = str(court.get("name") or ""), str(court.get("slug") or "")
    elif court:
        judgment.court = judgment.court_slug = str(court)
    judgment.court = judgment.court or str(record.get("court_name") or "")
    judgment.docket = str(record.get("docket_number") or "")
    judgment.date = parse_date(record.get("decision_date") or record.get("date_filed"))
    judgment.title = str(record.get("name_abbreviation") or record.get("case_name") or record.get("name") or "")
    paragraphs = []
    for seg, at in zip(segments, offsets, strict=True):
        if seg.kind == "parties" and not judgment.parties:
            judgment.parties = _caption_parties(seg.text, at)
        elif seg.kind == "attorneys":
            start = 0
            for chunk in counsel_chunks(seg.text):
                start = seg.text.find(chunk, start)
                judgment.agents += _counsel(chunk, at + start, judgment.parties)
                start += len(chunk)
        elif seg.kind == "court" and not judgment.court:
            judgment.court, judgment.court_span = seg.text.rstrip("."), (at, at + len(seg.text))
        elif seg.kind == "author":
            name = seg.text.split(",")[0].strip(" .")
            if name and not name.lower().startswith("per curiam"):
                judgment.judges.append(Judge(name=name, role="author", span=(at, at + len(name))))
        elif seg.kind == "p":
            paragraphs.append(seg.text)
    judgment.outcome = _outcome(paragraphs)
    return judgment
