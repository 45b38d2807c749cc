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
        "appeal_roles": set(raw["appeal_roles"]),
        "leads": raw["caption_leads"],
        "lead": re.compile(r"(" + "|".join(sorted(map(re.escape, raw["caption_leads"]), key=len, reverse=True))
                           + r")\s+", re.I),
        "label_words": set(raw["label_words"]),
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
    words = v["role_words"].findall(CROSS.sub(" ", role_text))
    if not words:
        return "", ""
    return role_text.strip(" ,."), v["roles"][words[-1].lower()]


def roles_of(role_text: str) -> tuple[str, str, str]:
    """(role at the deciding court, trial role, side) of a printed role: "Plaintiff-Appellant" ->
    (appellant, plaintiff, claimant); "Petitioners/Respondents" -> (respondent, petitioner, respondent);
    "Appellee" -> (appellee, "", respondent); "the taxpayer" -> (taxpayer, taxpayer, claimant)."""
    v = _vocab()
    role_text = CROSS.sub(" ", role_text)  # "Appellee/Cross-Appellant" is the appellee
    words = [w.lower() for w in v["role_words"].findall(role_text)]
    if not words:
        return "", "", ""
    court, first = _singular(words[-1]), _singular(words[0])
    # "Plaintiff-Appellant", "Petitioners/Respondents", and "Plaintiff and Appellant" (California's form)
    # when the second is a role of the court that decided ("Trustee and Plaintiff" is no such pair)
    if len(words) >= 2 and (re.search(r"[-/\u2014\u2013]", role_text)
                            or court in v["appeal_roles"] | {"respondent", "petitioner"}):
        trial = first
        if first in v["appeal_roles"] and court not in v["appeal_roles"]:  # Indiana's "Appellant-Defendant"
            court, trial = first, court
            return court, trial, v["roles"][words[0]]
    else:
        trial = "" if court in v["appeal_roles"] else court
    return court, trial, v["roles"][words[-1]]


def is_organisation(name: str) -> bool:
    words = set(re.findall(r"[a-z]+", name.lower()))
    low = name.lower()
    return bool(words & _vocab()["org_words"]) or "&" in name or any(w in low for w in ("united states", "internal revenue"))


def _caption_parties(text: str, base: int) -> list[Party]:
    # "v." only in lower case: an initial "V." (a masked name) is no versus
    parts = re.split(r"\s+(?:v\.|(?i:vs\.?|versus))\s+", text, maxsplit=1)
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
    lead = v["lead"].match(sentence)
    lead_role = None
    if lead:
        lead_role = v["leads"][lead.group(1).lower()]
        sentence, s_at = sentence[lead.end() :], s_at + lead.end()
    # "Appellant (Defendant below)": the trial role in parentheses, as Indiana prints it (same length)
    sentence = re.sub(r"\s\((\w+) [Bb]elow\)", lambda m: " " * (len(m.group(0)) - len(m.group(1)) - 1) + "-" + m.group(1),
                      sentence)
    pieces = [(m.group(0), m.start()) for m in re.finditer(r"[^,;]+", sentence)]
    names: list[list[Any]] = []
    role = ""
    et_al = False
    for piece, p_at in pieces:
        stripped = _trim(piece)
        low = stripped.lower().rstrip(".")
        r, s = _side(stripped)
        if s and len(stripped.split()) <= 4 and all(v["role_words"].fullmatch(w) for w in re.split(r"[-/\s]+", low)
                                                    if w not in ("and", "the", "of", "cross")):
            role = r
            continue
        if low in ("et al", "et al."):
            et_al = bool(names)
            if names:
                names[-1].append(True)
            continue
        if low in ("a minor child", "a minor", "d/b/a") or not stripped:
            continue
        if LEGAL_FORM_PIECE.match(stripped) and names:  # "COMPANY, INC." stays one name, as printed
            first = names[-1][1] - s_at
            names[-1][0] = sentence[first : p_at + piece.find(stripped) + len(stripped)].rstrip(" ,")
            continue
        names.append([stripped, s_at + p_at + piece.find(stripped)])
    court, trial, side = roles_of(role)
    implied = not side
    if implied and lead_role is not None and lead_role == "":  # "In the matter of S.J.S., a minor child"
        court, trial, side = "", "", "other"
    elif implied and lead_role:  # "Appeal of X": X appealed
        court, trial, side = roles_of(lead_role)
    elif implied:
        court = trial = "plaintiff" if position == 0 else "defendant"
        side = "claimant" if position == 0 else "respondent"
    split: list[list[Any]] = []
    for name, n_at, *flag in names:  # "Carolyn Pollack and J.C. Penney Company, Inc" is two parties
        parts = re.split(r"\s+and\s+", name, maxsplit=1)
        initial = re.compile(r"(?:^|\s)[A-Z]\.")
        # two persons' names of two words or more ("Philippa Pemberton and Lucius Pemberton"); "Georgia Sales
        # and Use Tax Unit" is one organisation
        persons_pair = len(parts) == 2 and len(parts[0].split()) >= 2 and len(parts[1].split()) >= 2 \
            and not is_organisation(parts[1])
        # a person's name as CAP prints it (surname in capitals, or a middle initial) before "and" anything
        persons_pair = persons_pair or len(parts) == 2 and bool(
            re.fullmatch(r"[A-Z][a-z]+(?:\s+[A-Z]\.)*\s+[A-Z][A-Z'-]+|[A-Z][a-z]+(?:\s+[A-Z]\.)+\s+[A-Z][a-z'-]+", parts[0]))
        if len(parts) == 2 and not is_organisation(parts[0]) and (initial.search(parts[0])
                                                                  or initial.match(parts[1]) or persons_pair):
            split += [[parts[0], n_at], [parts[1], n_at + name.find(parts[1], len(parts[0])), *flag]]
        else:
            split.append([name, n_at, *flag])
    for name, n_at, *flag in split:
        if len(name) < 2 or name.lower().startswith("d/b/a"):
            continue
        kind = "enterprise" if is_organisation(name) else "person"
        out.append(Party(name=name, role=court, side=side, kind=kind, span=(n_at, n_at + len(name)),
                         role_detail=trial if trial != court else "", implied=implied, et_al=bool(flag) or et_al))
    return out


def _trim(piece: str) -> str:
    """A caption piece without spaces, and without a sentence's full stop (kept after an initial or
    an abbreviation: "J. S.", "Holdings, Inc.")."""
    text = re.sub(r"\.{2,}$", ".", piece.strip())  # "Inc.." where the caption's full stop follows an abbreviation
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


SUFFIX = re.compile(r"(?i)^(?:jr|sr|ii|iii|iv)\.?$")
CROSS = re.compile(r"(?i)\bcross[-\s]?[a-z]+")
LABEL_FIRST = re.compile(r"(?i)^\s*(?:(?:attorneys?|counsel)\s+)?for\s+([^:]{2,80}):\s*(.+)$", re.S)
PRO_SE = re.compile(r"(?i)^(?:pro se|in pro(?:pria)? per(?:sona)?|pro per|in person)$")
# what CourtListener's free text says around names: "argued the cause", "With him on the brief were"
ARGUED = re.compile(r"(?i)\b(?:argued the cause|argued|on (?:the )?briefs?|with (?:him|her|them)(?: on the briefs?)?"
                    r"(?: (?:were|was))?|(?:were|was) on the briefs?|filed a brief|appeared|appearing|submitted)\b")
PROCEDURAL = {"plaintiff", "defendant", "petitioner", "respondent", "appellant", "appellee", "claimant", "complainant",
              "movant", "relator", "intervenor", "garnishee"}
DIVISION = re.compile(r"\b(?:(?:[A-Z][a-z]+|[NSEW]\.\s?[DE]\.)\s+(?:Division|District|Department|Part)"
                      r"|(?:Division|Department|Part)\s+(?:No\.\s*)?(?:[A-Z][a-z]+|\d+|[IVX]+)\b)")


@dataclass
class CounselGroup:
    """Counsel of one line (or one "…, for X." chunk of it) and the label naming whom they argued for."""

    agents: list[Agent]
    label: str  # after the last " for " ("defendant Chancey", "plaintiff-appellee"), or an office ("Guardian Ad Litem")
    label_at: int  # offset of the label in the document text


def _pieces(text: str, base: int) -> list[tuple[str, int]]:
    """Comma- and "and"-separated pieces with their offsets."""
    pieces = []
    for m in re.finditer(r"[^,]+", text):
        at = m.start()
        for sub in re.split(r"(\s+and\s+)", m.group(0)):
            if sub.strip() and not re.fullmatch(r"\s+and\s+", sub):
                pieces.append((sub.strip(), base + at + len(sub) - len(sub.lstrip())))
            at += len(sub)
    return pieces


def _people(pieces: list[tuple[str, int]], firm: str) -> tuple[list[Agent], str]:
    """Persons of a run of pieces, with the firm, title and place printed among them; also the title
    pieces that name a side without "for" ("Guardian Ad Litem")."""
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
        firm = re.sub(r"^of\s+", "", ", ".join(p for p, _ in pieces[first : last + 1]))
        for i in range(first, last + 1):
            kinds[i] = "firm"
    place = next((p for (p, _), k in zip(pieces, kinds, strict=True) if k == "place"), "")
    agents: list[Agent] = []
    office = ""
    previous = ""
    for (piece, at), kind in zip(pieces, kinds, strict=True):
        if SUFFIX.match(piece) and agents and previous == "person":  # "Thomas W. Thagard, III" keeps its suffix
            agents[-1].name += ", " + piece.rstrip(",")
            agents[-1].span = (agents[-1].span[0], at + len(piece))
            continue
        previous = kind
        if PRO_SE.match(piece.strip(" .")) and agents:  # a party acting for himself: no lawyer, a private person
            agents[-1].professional, agents[-1].title = False, "pro se"
            continue
        if kind == "title":
            if roles_of(piece)[2]:
                office = piece.strip(" .")
            if agents and not re.fullmatch(r"(?i)esq\.?|esquire", piece):
                agents[-1].title = piece.strip(" .")  # "J. D. MacFarlane, Attorney General"
            continue
        if kind != "person":
            continue
        name = re.sub(r"(?<=[a-z])-\s*(?=[a-z])", "", re.sub(r",?\s*esq\.?$", "", piece, flags=re.I)).strip(" .,")
        agents.append(Agent(name=name, span=(at, at + len(piece)), firm=firm, title="attorney",
                            professional=True, place=place))
    return agents, office


def _counsel(line: str, base: int) -> CounselGroup:
    line = ARGUED.sub(lambda m: "," + " " * (len(m.group(0)) - 1), line)  # same length: offsets hold
    lead = LABEL_FIRST.match(line)
    if lead:  # "ATTORNEYS FOR APPELLEE: A, Attorney General, B, Deputy, Indianapolis, Indiana."
        agents, _ = _people(_pieces(lead.group(2), base + lead.start(2)), "")
        return CounselGroup(agents, lead.group(1).strip(" ."), base + lead.start(1))
    firm = ""
    paren = re.search(r"\(([^()]*?),?\s*attorneys?\)", line, re.I)
    if paren:
        firm = paren.group(1).strip(" ,")
    line_wo = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), line)
    head, sep, target = line_wo.rpartition(" for ")
    if not sep:
        head, target = line_wo, ""
    label_at = base + len(head) + len(sep)
    label = target.strip(" .")
    label_at += len(target) - len(target.lstrip(" ."))
    agents, office = _people(_pieces(head, base), firm)
    # counsel named in parentheses ("Robert A. Littleton, Esq. (Nelson T. Hartson, Solicitor of Internal
    # Revenue) for the Commissioner"): of the same side, the parenthesis being no firm
    for m in re.finditer(r"\(([^()]*)\)", line):
        if paren and m.start() == paren.start() or m.start() > len(head):
            continue
        found, _ = _people(_pieces(m.group(1), base + m.start(1)), "")
        agents += [a for a in found if not a.firm]
    return CounselGroup(agents, label or office, label_at if label else base + line.find(office))


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


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9&']*", text.lower())


def _name_tokens(label: str) -> list[str]:
    """The words of a label that name a party ("defendant Chancey" -> chancey; "the Commissioner" -> none)."""
    v = _vocab()
    bare = v["role_words"].sub(" ", CROSS.sub(" ", label))
    return [t for t in _tokens(bare) if len(t) >= 2 and t not in v["label_words"]
            and not LEGAL_FORM_PIECE.match(t) and t not in ("corporation", "company")]


def _named(tokens: list[str], party: Party) -> bool:
    own = set(_tokens(party.name))
    return all(t in own or (len(t) >= 3 and any(o.startswith(t) for o in own)) for t in tokens)


def _trial_role(party: Party) -> str:
    return party.role_detail or ("" if party.role in _vocab()["appeal_roles"] else party.role)


def resolve_counsel(judgment: Judgment, groups: list[CounselGroup]) -> None:
    """Whom each counsel argued for, from the label: named parties ("for defendant Chancey" acts for
    Chancey alone), else the parties of the role at the deciding court, else of the trial role, else of the
    label's side. A party the caption leaves out ("et al.") or never names ("for the Commissioner") is
    added. A caption party printed without a role takes it from the label ("for plaintiff-appellee")."""
    for group in groups:
        targets = _label_targets(judgment, group)
        parties = [judgment.parties[i] for i in targets]
        court, trial, side = roles_of(group.label)
        sides = {p.side for p in parties}
        roles = {p.role for p in parties}
        trials = {_trial_role(p) for p in parties}
        one_side = next(iter(sides)) if len(sides) == 1 else ("" if sides else side)
        for agent in group.agents:
            agent.parties = list(targets)
            agent.side = one_side
            agent.role = next(iter(roles)) if len(roles) == 1 else ("" if roles else court)
            agent.trial_role = next(iter(trials)) if len(trials) == 1 else ("" if trials else trial)
    _merge_agents(judgment)


def _label_targets(judgment: Judgment, group: CounselGroup) -> list[int]:
    label = group.label
    if not label:
        return []
    parties = judgment.parties
    court, trial, side = roles_of(label)
    named: list[int] = []
    subs = [(m.group(0), m.start()) for m in re.finditer(r"[^,;]+", label)]
    subs = [(x, at + off) for part, at in subs for x, off in _split_and(part)]
    for sub, at in subs:
        tokens = _name_tokens(sub)
        if not tokens:
            continue
        hits = [i for i, p in enumerate(parties) if _named(tokens, p)]
        if not hits and (len(tokens) > 6 or ":" in sub):  # no party's name: a label this parser misread
            continue
        if not hits:  # a party the caption leaves out ("et al."): the label's side, else the et-al group's
            name = _implied_name(sub)
            groups = [(p.side, p.role, _trial_role(p)) for p in parties if p.et_al]
            s_side, s_role, s_trial = side, court, trial
            if not side and len({g[0] for g in groups}) == 1:
                s_side = groups[0][0]
                s_role, s_trial = (groups[-1][1], groups[-1][2]) if len(set(groups)) == 1 else ("", "")
            begin = group.label_at + at + sub.find(name)
            parties.append(Party(name=name, role=s_role, side=s_side, kind="enterprise" if is_organisation(name) else "person",
                                 span=(begin, begin + len(name)), role_detail=s_trial if s_trial != s_role else ""))
            hits = [len(parties) - 1]
        named += [i for i in hits if i not in named]
    if named:
        return named
    noun = _singular(_vocab()["role_words"].findall(CROSS.sub(" ", label))[-1]) if side else ""
    if noun and noun not in PROCEDURAL:  # "for the People", "for the State": the party of that name
        hits = [i for i, p in enumerate(parties) if p.kind != "person" and re.search(rf"(?i)\b{re.escape(noun)}", p.name)]
        if hits:
            return hits
    # a caption printed without roles: its first party brought the case (plaintiff, petitioner), the
    # second answers it (defendant, respondent)
    trial_side = _vocab()["roles"].get(trial, "") if trial else ""
    for wanted in ((lambda p: court and not p.implied and p.role == court),
                   (lambda p: trial and (_trial_role(p) == trial if not p.implied else p.side == trial_side)),
                   (lambda p: side and p.side == side)):
        hits = [i for i, p in enumerate(parties) if wanted(p)]
        if hits:
            if court and court != trial:  # "for plaintiff-appellee": a caption without roles learns them
                for i in hits:
                    p = parties[i]
                    if p.implied and p.role != court:
                        p.role, p.role_detail, p.side, p.implied = court, trial if trial != court else "", side, False
            return hits
    if noun and noun not in PROCEDURAL:  # "for the Commissioner" in "Appeal of X": the other party, never printed
        name = _implied_name(label) or noun.title()
        begin = group.label_at + max(label.find(name), 0)
        parties.append(Party(name=name, role=court, side=side, kind="enterprise" if is_organisation(name) else "person",
                             span=(begin, begin + len(name)), role_detail=trial if trial != court else ""))
        return [len(parties) - 1]
    return []


def _split_and(part: str) -> list[tuple[str, int]]:
    out, at = [], 0
    for piece in re.split(r"(\s+and\s+)", part):
        if piece.strip() and not re.fullmatch(r"\s+and\s+", piece):
            out.append((piece, at))
        at += len(piece)
    return out


def _implied_name(sub: str) -> str:
    """A party's name as a label prints it: role words and a leading article dropped."""
    v = _vocab()
    words = v["role_words"].sub(" ", CROSS.sub(" ", sub)).strip(" .,").split()
    while words and words[0].lower().strip(",.") in v["label_words"]:
        words = words[1:]
    name = " ".join(words).strip(" .,")
    return name if _name_tokens(name) else (name.title() if name else "")


def _merge_agents(judgment: Judgment) -> None:
    """One counsel named on two lines of a case ("A, B, Firm, for appellees." then "A and B, for Carolyn
    Pollack.") is one lawyer: the firm printed once, the parties of both lines."""
    kept: dict[str, Agent] = {}
    out: list[Agent] = []
    for agent in judgment.agents:
        key = " ".join(_tokens(agent.name))
        first = kept.get(key)
        if first is None:
            kept[key] = agent
            out.append(agent)
            continue
        first.firm = first.firm or agent.firm
        first.parties += [i for i in agent.parties if i not in first.parties]
        sides = {judgment.parties[i].side for i in first.parties}
        if len(sides) == 1:
            first.side = sides.pop()
    judgment.agents = out


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ees"):
        return word[:-1]
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word


def _outcome(paragraphs: list[str]) -> str:
    rules = _vocab()["outcomes"]
    for chunk in (" ".join(paragraphs[-2:]), paragraphs[0] if paragraphs else ""):
        low = chunk.lower()
        for rule in rules:
            if any(re.search(r"\b" + re.escape(p) + r"\b", low) for p in rule["any"]):
                return rule["outcome"]
    return ""


def _court_with_division(name: str, printed: str) -> str:
    """The court as the record names it, with the division the case body prints ("Missouri Court of
    Appeals" + "Southern District, Division Two")."""
    low = name.lower()
    extra = [m.group(0) for m in DIVISION.finditer(printed) if m.group(0).lower() not in low]
    extra = list(dict.fromkeys(extra))
    return ", ".join([name, *extra]) if name and extra else (name or printed.rstrip("."))


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
    groups: list[CounselGroup] = []
    printed_court = ""
    for seg, at in zip(segments, offsets, strict=True):
        if seg.kind == "parties" and not judgment.parties:
            judgment.parties = _caption_parties(seg.text, at)
        elif seg.kind == "attorneys":
            start = 0
            for chunk in [seg.text] if LABEL_FIRST.match(seg.text) else counsel_chunks(seg.text):
                start = seg.text.find(chunk, start)
                group = _counsel(chunk, at + start)
                if not group.label and groups and ARGUED.search(chunk):  # "With him on the brief were …"
                    group.label, group.label_at = groups[-1].label, groups[-1].label_at
                judgment.agents += group.agents
                groups.append(group)
                start += len(chunk)
        elif seg.kind == "court" and not printed_court:
            printed_court = seg.text
            if not judgment.court:
                judgment.court_span = (at, at + len(seg.text))
        elif seg.kind == "docketnumber" and not judgment.docket:
            judgment.docket = seg.text.rstrip(".")
        elif seg.kind == "author":
            name = seg.text.split(",")[0].strip(" .:")
            if name and not name.lower().startswith("per curiam"):
                judgment.judges.append(Judge(name=name, role="author", span=(at, at + len(name))))
        elif seg.kind == "p":
            paragraphs.append(seg.text)
    if printed_court:
        judgment.court = _court_with_division(judgment.court, printed_court)
    resolve_counsel(judgment, groups)
    judgment.outcome = _outcome(paragraphs)
    return judgment
