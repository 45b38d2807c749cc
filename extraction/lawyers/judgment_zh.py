"""Chinese judgment parser: header (court, document type, case number), party block (parties with
roles, their agents with firm and title), cause, operative part (outcome), bench and date.

Works on the published layouts: one paragraph per party, or the whole party block in one paragraph
(as research extracts print it); colons full- or half-width or missing; agents before the next party,
shared agents ("以上被告共同委托诉讼代理人", "二原告委托代理人"), several agents per line ("李某、王某，
某某律师事务所律师") and appellate roles ("上诉人（原审被告）").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from extraction.common.dates import find_dates
from extraction.lawyers.caseno import parse_case_number
from extraction.lawyers.judgment_model import Agent, Judge, Judgment, Party
from extraction.lawyers.judgment_nlp import PhraseFinder
from extraction.lawyers.masking import is_masked
from extraction.lawyers.vocab import vocab

MAX_PARTY_BLOCK = 20_000
BOUNDARY = set("。，；;,\n\r \t\u3000：:")
OPEN, CLOSE = "（(", "）)"
CJK_NAME = re.compile(r"^[\u3400-\u9fff·•]{2,12}$")
USCC = re.compile(r"统一社会信用代码[：:\s]*([0-9A-HJ-NPQRTUWXY]{18})")
# patterns used on every record, compiled once (re's own cache lookup was a tenth of the parse)
LINE = re.compile(r"[^\n]+")
SPACES = re.compile(r"[\s\u3000]+")
BRACKET = re.compile(f"[{OPEN}{CLOSE}]")
BRACKETED = re.compile(r"[（(][^）)]*[）)]?")
ENUMERATED = re.compile(r"[^、]+")
LINKING_VERB = re.compile(r"^(?:系|均系)")
ENTRY = re.compile(r"(?<=[；;])")
CLAUSE = re.compile(r"[^，,]+")
AGENT_LEAD = re.compile(r"^[：:\s]*(?:[（(][^）)]{0,12}[）)])?[：:\s]*")
SAME_FIRM = re.compile(r"^(?:均系|系)?(?:同所|该所|同一律师事务所)(.*)$")
LICENSE_NO = re.compile(r"\d{6,20}")
ROLE_DETAIL = re.compile(r"^[（(]([^）)]{1,30})[）)]")
PARTY_LEAD = re.compile(r"[：:\s\u3000]*")
# a bracketed part inside a name stays in it ("星河科技（北京）有限公司", half-width too); one after the name
# ("张三（曾用名张四），", "某公司(以下简称某公司)。") does not
PARTY_NAME = re.compile(r"(?:[^，,。；;（(\n：:]|[（(](?!以下|下称|简称|曾用名|原名|反诉|原审|一审|二审)[^（()）\n，,。；;]{1,20}"
                        r"[）)](?=[^，,。；;（(\n：:\s]))+")
JOINT = re.compile(r"(?:共同)?")
STATUTORY_AGENT = re.compile(r"[：:\s]*([\u3400-\u9fff·]{2,5}?)(?=[，,。（(\s]|$)")


@cache
def _vocab() -> dict[str, Any]:
    roles = vocab("roles_zh")
    counsel = vocab("counsel_zh")
    courts = vocab("courts_zh")
    causes = vocab("causes_zh")
    role_alt = "|".join(map(re.escape, sorted(roles["party_roles"], key=len, reverse=True)))
    group_words = "|".join(map(re.escape, roles["agent_group_words"]))
    firm_suffix = "|".join(map(re.escape, sorted(counsel["firm_suffixes"], key=len, reverse=True)))
    return {
        "roles": roles["party_roles"],
        "phrases": PhraseFinder({
            "party": roles["party_roles"], "agent": roles["agent_prefixes"],
            "rep": roles["representative_prefixes"],
        }),
        "line_start": re.compile(r"^[\s\u3000]*(?:" + role_alt + ")"),
        "group": re.compile(rf"(?:{group_words})*({role_alt})?({re.escape(roles['agent_shared_word'])})?$"),
        "body": re.compile("|".join(map(re.escape, roles["body_markers"]))),
        "org": tuple(sorted(roles["organisation_suffixes"], key=len, reverse=True)),
        "firm": re.compile(rf"^(?:均系|系|为|是)?(.{{2,40}}?(?:{firm_suffix})(?:[\u4e00-\u9fa5]{{1,6}}分所)?)(.*)$"),
        "firm_suffix": re.compile(firm_suffix),
        "titles": counsel["titles"],
        "title_alt": sorted(counsel["titles"], key=len, reverse=True),
        "default_title": counsel["default_title"],
        "not_names": set(counsel["not_names"]),
        "license": re.compile("(?:" + "|".join(map(re.escape, sorted(counsel["license_words"], key=len, reverse=True)))
                              + r")(?:分别)?(?:为|是)?[：:\s]*((?:\d{6,20}[、,，\s]*)+)"),
        "court_suffixes": tuple(courts["court_suffixes"]),
        "bench": re.compile("|".join(map(re.escape, sorted(courts["bench_roles"], key=len, reverse=True)))),
        "doc_types": vocab("case_types")["document_types"],
        "cause": re.compile(causes["cause_pattern"]),
        "known_causes": sorted(causes["causes"] + causes["criminal_causes"] + causes["administrative_causes"],
                               key=len, reverse=True),
        # the rule patterns are read against the NFKC-folded operative part, so they are folded too
        "outcome_rules": [(rule["outcome"], [re.compile(unicodedata.normalize("NFKC", p)) for p in rule["all"]])
                          for rule in vocab("outcomes_zh")["rules"]],
    }


def _nospace(text: str) -> str:
    return SPACES.sub("", text)


def chinese_date(text: str) -> str | None:
    """二〇一九年五月二十日 -> 2019-05-20; Arabic dates too. The last date in the text wins."""
    found = find_dates(text, "chinese")
    if found:
        return found[-1][0]
    # an Arabic date only as the closing line of its own, never one from the facts
    lines = [line.strip(" \u3000") for line in text.splitlines()]
    own = [iso for line in lines for iso, start, end in find_dates(line) if (start, end) == (0, len(line))]
    return own[-1] if own else None


def looks_like_organisation(name: str) -> bool:
    if is_masked(name):
        return False
    return name.endswith(_vocab()["org"]) or len(name) > 6


def _party_block(text: str) -> tuple[int, int]:
    """Start and end of the party block: from the first line opening with a party role to the first
    line that reads like the body."""
    v = _vocab()
    start = end = -1
    for m in LINE.finditer(text):
        line = m.group(0)
        if start < 0:
            if v["line_start"].match(line):
                start = m.start()
            else:
                continue
        if m.start() > start and v["body"].search(line):
            end = m.start()
            break
    if start < 0:
        return -1, -1
    # a party block is a few thousand characters at most; a runaway one (no body found) is cut
    return start, min(end if end > 0 else len(text), start + MAX_PARTY_BLOCK)


def _depths(block: str, positions: list[int]) -> list[int]:
    """Bracket depth at each of the ascending positions (a closing bracket with none open is ignored);
    walks the brackets only, not every character."""
    out, depth = [], 0
    brackets = BRACKET.finditer(block)
    bracket = next(brackets, None)
    for pos in positions:
        while bracket is not None and bracket.start() < pos:
            if bracket.group(0) in OPEN:
                depth += 1
            elif depth:
                depth -= 1
            bracket = next(brackets, None)
        out.append(depth)
    return out


def _split_names(clause: str, offset: int) -> list[tuple[str, int]]:
    """Names in "李杰、豆亚辉" / "陈黎明（特别授权）" with their offsets."""
    v = _vocab()
    out = []
    blanked = BRACKETED.sub(lambda m: " " * len(m.group(0)), clause)
    for m in ENUMERATED.finditer(blanked):
        raw = m.group(0)
        name = raw.strip(" \u3000")
        name = LINKING_VERB.sub("", name)
        if not CJK_NAME.match(name) or name in v["not_names"] or name.endswith(("族", "人", "区", "县", "市")):
            continue
        if any(name.startswith(w) for w in ("住", "生于", "出生")) or len(name) > 5 and "·" not in name:
            continue
        out.append((name, offset + m.start() + raw.find(name[0])))
    return out


def _titles(raw: str, firm: str) -> list[str]:
    v = _vocab()
    found = []
    rest = raw
    while rest:
        rest = rest.lstrip("和、及，,")
        hit = next((t for t in v["title_alt"] if rest.startswith(t)), None)
        if not hit:
            break
        found.append(hit)
        rest = rest[len(hit) :]
    if not found:
        kind = next((s for s in v["default_title"] if firm.endswith(s) or s in firm), "")
        return [v["default_title"][kind]] if kind else []
    return found


def _parse_agents(content: str, offset: int) -> list[Agent]:
    """Agents of one agent line; "张三，某某律师事务所律师；李四，同所律师" gives two of one firm."""
    content = content.split("。")[0].split("\n")[0]
    agents: list[Agent] = []
    at = 0
    for entry in ENTRY.split(content):
        firm = agents[-1].firm if agents else ""
        agents += _parse_agent_entry(entry, offset + at, firm)
        at += len(entry)
    return agents


def _parse_agent_entry(content: str, offset: int, previous_firm: str) -> list[Agent]:
    v = _vocab()
    content = content.rstrip("；;")
    lead = AGENT_LEAD.match(content)
    pos = lead.end() if lead else 0
    clauses = [(m.group(0), pos + m.start()) for m in CLAUSE.finditer(content[pos:])]
    if not clauses:
        return []
    firm, firm_at, title_raw = "", -1, ""
    for i, (clause, _) in enumerate(clauses):
        same = SAME_FIRM.match(clause.strip())
        if same and previous_firm:  # "李四，同所律师": the firm of the agent before
            firm, firm_at, title_raw = previous_firm, i, same.group(1).strip()
            break
        if v["firm_suffix"].search(clause):
            m = v["firm"].match(clause.strip())
            if m:
                firm, firm_at, title_raw = m.group(1).strip(), i, m.group(2).strip()
                if not title_raw and i + 1 < len(clauses):
                    title_raw = clauses[i + 1][0].strip()
                break
    name_clauses = clauses[:firm_at] if firm_at > 0 else clauses[:1]
    names: list[tuple[str, int]] = []
    for clause, start in name_clauses:
        names += _split_names(clause, offset + start)
    licenses: list[str] = []
    lic = v["license"].search(content)
    if lic:
        licenses = LICENSE_NO.findall(lic.group(1))
    titles = _titles(title_raw, firm) if firm else []
    agents = []
    for i, (name, start) in enumerate(names):
        title = titles[i] if len(titles) == len(names) else (titles[0] if titles else "")
        spec = v["titles"].get(title, {})
        agents.append(Agent(
            name=name, span=(start, start + len(name)), firm=firm, title=spec.get("title", title),
            professional=bool(firm) and bool(spec.get("professional", False)),
            license_no=licenses[i] if len(licenses) == len(names) else "",
        ))
    return agents


def _parse_party(role: str, content: str, offset: int) -> Party | None:
    v = _vocab()
    detail = ""
    m = ROLE_DETAIL.match(content)
    pos = 0
    if m:
        detail, pos = m.group(1), m.end()
    lead = PARTY_LEAD.match(content, pos)
    pos = lead.end() if lead else pos
    nm = PARTY_NAME.match(content[pos:])
    if not nm:
        return None
    name = nm.group(0).strip()
    if not name or len(name) > 60:
        return None
    start = offset + pos + nm.group(0).find(name)
    rest = content[pos + nm.end() :]
    code = USCC.search(rest)
    kind = "enterprise" if looks_like_organisation(name) else "person"
    return Party(name=name, role=role, side=v["roles"].get(role, "other"), kind=kind, span=(start, start + len(name)),
                 role_detail=detail, code=code.group(1) if code else "")


def _header(text: str, end: int, judgment: Judgment) -> None:
    v = _vocab()
    for m in LINE.finditer(text[:end]):
        line = _nospace(m.group(0))
        if not judgment.court and line.endswith(v["court_suffixes"]) and len(line) <= 40:
            judgment.court, judgment.court_span = line, (m.start() + m.group(0).find(line[0]), m.end())
        elif not judgment.doc_type and any(line.endswith(t) for t in v["doc_types"]) and len(line) <= 14:
            judgment.doc_type = line
    judgment.case_number = parse_case_number(text, 0, end if end > 0 else min(len(text), 400))


def _parties(text: str, start: int, end: int, judgment: Judgment) -> list[str]:
    """Fills parties and agents; returns other natural persons of the block (statutory agents)."""
    v = _vocab()
    block = text[start:end]
    found = v["phrases"].find(block)
    markers = []
    for (group, s, e), depth in zip(found, _depths(block, [s for _, s, _ in found]), strict=True):
        if depth > 0:
            continue
        if group == "party":
            prev = block[s - 1] if s else "\n"
            nxt = block[e] if e < len(block) else ""
            if prev not in BOUNDARY and nxt not in "：:":
                continue
        markers.append([group, s, e, ""])
    # a role right before an agent prefix qualifies it ("原告委托诉讼代理人", "以上被告共同委托诉讼代理人",
    # "二原告委托代理人"): the agent acts for every party of that role, and the role is no new party
    kept: list[list[Any]] = []
    for mk in markers:
        if mk[0] == "agent":
            prev = kept[-1] if kept else None
            if prev and prev[0] == "party" and JOINT.fullmatch(block, prev[2], mk[1]):
                mk[3] = block[prev[1] : prev[2]]
                kept.pop()
            else:
                g = v["group"].search(block[prev[2] if prev else 0 : mk[1]])
                if g and g.group(0):
                    mk[3] = g.group(1) or "*"
        kept.append(mk)
    others: list[str] = []
    for i, (group, s, e, qualifier) in enumerate(kept):
        seg_end = kept[i + 1][1] if i + 1 < len(kept) else len(block)
        content = block[e:seg_end]
        if group == "party":
            party = _parse_party(block[s:e], content, start + e)
            if party:
                judgment.parties.append(party)
        elif group == "agent" and judgment.parties:
            if qualifier and qualifier != "*":
                targets = [j for j, p in enumerate(judgment.parties) if p.role == qualifier]
            elif qualifier == "*":
                last = judgment.parties[-1].role
                targets = [j for j, p in enumerate(judgment.parties) if p.role == last]
            else:
                targets = [len(judgment.parties) - 1]
            for agent in _parse_agents(content, start + e):
                agent.parties = targets
                judgment.agents.append(agent)
        elif group == "rep" and block[s:e] == "法定代理人":
            nm = STATUTORY_AGENT.match(content)
            if nm:
                others.append(nm.group(1))
    return others


def _cause(text: str, start: int, judgment: Judgment) -> None:
    """The cause in "原告X与被告Y民间借贷纠纷一案": the phrase between the last party named and 一案,
    else the first cause of the SPC list named near the start of the body."""
    v = _vocab()
    body = text[start : start + 1200]
    m = v["cause"].search(body)
    if m:
        phrase, at = m.group(1), start + m.start(1)
        # a name with a bracketed part is cut by the pattern at its bracket: its tail after it counts too
        names = {n for p in judgment.parties for n in (p.name, BRACKET.split(p.name)[-1]) if len(n) >= 2}
        cut = max((phrase.rfind(n) + len(n) for n in names if n in phrase), default=0)
        cut = max(cut, *(phrase.rfind(w) + len(w) for w in ("与", "诉", "因", "等")))
        cause = phrase[cut:].lstrip("等").removeprefix("犯")  # "被告人某犯盗窃罪一案"
        if len(cause) >= 3:
            offset = at + len(phrase) - len(cause)
            judgment.cause, judgment.cause_span = cause, (offset, offset + len(cause))
            return
    hits = [(body.find(c), c) for c in v["known_causes"] if c in body]
    if hits:
        at, cause = min(hits, key=lambda h: (h[0], -len(h[1])))
        judgment.cause, judgment.cause_span = cause, (start + at, start + at + len(cause))


def _outcome(text: str, judgment: Judgment) -> None:
    rules = vocab("outcomes_zh")
    if any(m in judgment.doc_type for m in ("调解书",)) or any(m in text for m in rules["settled_markers"]):
        at = max(text.rfind(m) for m in rules["settled_markers"] + ["调解书"])
        judgment.outcome, judgment.outcome_span = "settled", (max(at, 0), max(at, 0) + 2)
        return
    starts = [(text.rfind(m), m) for m in rules["operative_markers"] if m in text]
    if not starts:
        return
    at, marker = max(starts)
    begin = at + len(marker)
    ends = [text.find(m, begin) for m in rules["operative_end_markers"] if text.find(m, begin) > 0]
    stop = min(ends) if ends else min(len(text), begin + 800)
    section = unicodedata.normalize("NFKC", text[begin:stop])
    for outcome, patterns in _vocab()["outcome_rules"]:
        if all(p.search(section) for p in patterns):
            judgment.outcome, judgment.outcome_span = outcome, (begin, stop)
            break
    if judgment.outcome in ("won", "partly", "lost"):
        _party_outcomes(section, judgment)


def _party_outcomes(section: str, judgment: Judgment) -> None:
    """Each first-instance respondent's own outcome: named as the one to pay -> lost; the claim against
    it rejected -> won (the claimant then won in part). Appeals keep the mirrored outcome."""
    if any(p.side == "claimant" and p.role != "原告" for p in judgment.parties):
        return
    rules = vocab("outcomes_zh")["per_party"]
    items = [x for x in re.split(r"[；;。\n]", section) if x.strip()]
    rejected = " ".join(m.group(1) for m in re.finditer(rules["rejected_against"], section))
    obliged = " ".join(x[: m.start()] for x in items for m in [re.search(rules["obliged"], x)] if m and "驳回" not in x)
    results = []
    for party in judgment.parties:
        if party.side != "respondent":
            continue
        name = unicodedata.normalize("NFKC", party.name)
        if name in rejected:
            party.outcome = "won"
        elif name in obliged:
            party.outcome = "lost"
        results.append(party.outcome)
    if "won" in results and "lost" in results:
        judgment.outcome = "partly"


def _bench(text: str, judgment: Judgment) -> None:
    v = _vocab()
    tail_from = max(0, len(text) - 600)
    for m in LINE.finditer(text[tail_from:]):
        raw = m.group(0)
        line = _nospace(raw)
        hit = v["bench"].match(line)
        if not hit:
            continue
        role = hit.group(0)
        name = line[len(role) :]
        if not CJK_NAME.match(name) or len(name) > 4:
            continue
        first = raw.find(name[0], raw.find(role[-1]) + 1)
        last = raw.rfind(name[-1]) + 1
        base = tail_from + m.start()
        judgment.judges.append(Judge(name=name, role=role, span=(base + first, base + last)))
    judgment.date = chinese_date(text[tail_from:]) or judgment.date


def persons_to_mask(text: str) -> list[str]:
    """The natural persons `parse_zh` names to mask (party persons first), read from the party block
    alone: the masking pass needs neither header, cause, outcome nor bench."""
    judgment = Judgment(lang="zh", text=text)
    start, end = _party_block(text)
    if start < 0:
        return []
    others = _parties(text, start, end, judgment)
    return judgment.persons() + others + [a.name for a in judgment.agents if not a.professional]


def parse_zh(text: str, meta: dict[str, Any] | None = None) -> tuple[Judgment, list[str]]:
    """The judgment found in `text`, and the natural persons named besides its parties (to mask)."""
    meta = meta or {}
    judgment = Judgment(lang="zh", text=text)
    start, end = _party_block(text)
    _header(text, start if start >= 0 else min(len(text), 300), judgment)
    others: list[str] = []
    if start >= 0:
        others = _parties(text, start, end, judgment)
        _cause(text, end, judgment)
    criminal = (judgment.case_number is not None and judgment.case_number.type_code.startswith("刑")) or \
        any(p.role in ("被告人", "公诉机关") for p in judgment.parties)
    if not criminal:  # won / lost has no meaning for a conviction; the sentence is not an outcome here
        _outcome(text, judgment)
    _bench(text, judgment)
    others += [a.name for a in judgment.agents if not a.professional]
    if not judgment.court and meta.get("court"):
        judgment.court = str(meta["court"])
    if judgment.case_number is None and meta.get("case_number"):
        judgment.case_number = parse_case_number(str(meta["case_number"]))
        if judgment.case_number:
            judgment.case_number.span = (0, 0)
    if not judgment.cause and meta.get("cause"):
        judgment.cause = str(meta["cause"])
    judgment.title = str(meta.get("title") or (judgment.court + judgment.doc_type))
    return judgment, others
