"""Judgment texts in the published layouts, with the labels the extractors must find."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from datagen.lawyers import vocab as V
from datagen.lawyers.people import Lawyer, UsCounsel, person_name
from extraction.lawyers.ids import firm_key
from extraction.lawyers.judgment_en import is_organisation
from extraction.lawyers.masking import mask_names
from extraction.lawyers.vocab import vocab

CN_DIGIT = "〇一二三四五六七八九"
MIRROR = {"won": "lost", "lost": "won", "partly": "partly", "withdrawn": "withdrawn", "dismissed": "dismissed",
          "settled": "settled"}


def cn_date(d: date) -> str:
    def num(n: int) -> str:
        if n < 10:
            return CN_DIGIT[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGIT[tens]) + "十" + (CN_DIGIT[ones] if ones else "")
    return "".join(CN_DIGIT[int(c)] for c in str(d.year)) + f"年{num(d.month)}月{num(d.day)}日"


def uscc(rng: random.Random) -> str:
    """A unified social credit code with a valid check character (GB 32100-2015)."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "91" + f"{rng.randint(110000, 659999)}" + "".join(rng.choice(chars) for _ in range(9))
    check = (31 - sum(chars.index(c) * w for c, w in zip(body, weights, strict=True)) % 31) % 31
    return body + chars[check]


@dataclass
class CnParty:
    name: str
    role: str
    detail: str
    kind: str
    agents: list[tuple[Lawyer, str]] = field(default_factory=list)  # (lawyer, firm name as printed)
    helper: str = ""  # a relative or employee acting as agent (a natural person, masked)
    code: str = ""


def _person_details(rng: random.Random, name: str) -> str:
    born = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
    parts = [rng.choice("男女"), f"{born.year}年{born.month}月{born.day}日出生", rng.choice(V.ETHNIC)]
    prov = rng.choice(V.PROVINCES)
    city = "" if prov[3][0] == prov[1] else prov[3][0] + "市"
    parts.append(f"住{prov[0]}{city}{rng.choice(V.DISTRICTS)}{rng.choice(V.STREETS)}{rng.randint(1, 300)}号")
    if rng.random() < 0.15:
        parts.append(f"公民身份号码{rng.randint(110101, 659001)}{born.year}{born.month:02d}{born.day:02d}{rng.randint(100, 999)}"
                     f"{rng.choice('0123456789X')}")
    if rng.random() < 0.1:
        parts.append(f"联系电话1{rng.choice('3589')}{rng.randint(100000000, 999999999)}")
    return "，".join(parts)


def _company(rng: random.Random) -> str:
    prov = rng.choice(V.PROVINCES)
    core = "".join(rng.sample(V.FIRM_SYLLABLES, 2))
    if rng.random() < 0.25:  # a place in brackets inside the name: 某某科技（北京）有限公司, half-width too
        place = rng.choice(rng.choice(V.PROVINCES)[3])
        left, right = rng.choice([("（", "）"), ("(", ")")])
        return f"{core}{rng.choice(V.COMPANY_WORDS)}{left}{place}{right}{rng.choice(V.COMPANY_FORMS)}"
    return f"{prov[3][0]}{core}{rng.choice(V.COMPANY_WORDS)}{rng.choice(V.COMPANY_FORMS)}"


def _agent_lines(rng: random.Random, party_group: list[CnParty], shared: bool, role: str,
                 qualified: bool = False) -> list[str]:
    """Agent lines for a party (or a group sharing agents), in the variants courts print; `qualified`
    names the role ("原告委托诉讼代理人") for agents listed after all the parties."""
    colon = rng.choice(["：", "：", "：", ":", ""])
    comma = "，" if rng.random() < 0.85 else ","
    prefix = rng.choices(["委托诉讼代理人", "委托代理人", "诉讼代理人"], [0.7, 0.2, 0.1])[0]
    if qualified:
        prefix = role + prefix
    elif shared:
        prefix = rng.choice([f"以上{role}共同", "共同", f"{'二两'[rng.randint(0, 1)]}{role}"]) + prefix
    agents = party_group[0].agents
    lines = []
    if len(agents) == 2 and agents[0][1] == agents[1][1] and agents[0][0].title == agents[1][0].title \
            and rng.random() < 0.5:
        (a, firm), (b, _) = agents
        lines.append(f"{prefix}{colon}{a.name}、{b.name}{comma}{firm}{a.title}。")
    else:
        for lawyer, firm in agents:
            xi = "系" if rng.random() < 0.1 else ""
            lic = f"{comma}执业证号：{lawyer.license_no}" if rng.random() < 0.1 else ""
            grant = "（特别授权）" if rng.random() < 0.08 else ""
            tail = f"{comma}特别授权代理" if rng.random() < 0.08 else ""
            lines.append(f"{prefix}{colon}{lawyer.name}{grant}{comma}{xi}{firm}{lawyer.title}{lic}{tail}。")
    helper = party_group[0].helper
    if helper:
        lines.append(f"委托诉讼代理人{colon}{helper}{comma}{rng.choice('男女')}{comma}"
                     + ("该公司员工。" if party_group[0].kind == "enterprise" else "系其亲属。"))
    return lines


PARTLY = [  # the main claim granted, the rest rejected, as courts word it
    "一、被告{r}于本判决生效之日起十日内偿还原告{c}借款{amount}元；\n二、驳回原告{c}的其他诉讼请求。",
    "一、被告{r}于本判决生效之日起十日内给付原告{c}货款{amount}元；\n二、驳回原告{c}的其它诉讼请求。",
    "一、被告{r}应于本判决生效后十日内返还原告{c}{amount}元；\n二、驳回原告{c}其余的诉讼请求。",
    "一、被告{r}于本判决生效之日起十日内赔偿原告{c}损失{amount}元；\n二、对原告{c}的其他诉讼请求，本院不予支持。",
]
# the claim granted against the first respondent and rejected against the others
PARTLY_AGAINST = "一、被告{r1}于本判决生效之日起十日内支付原告{c}款项{amount}元；\n二、驳回原告{c}对被告{rest}的诉讼请求。"
OPERATIVE = {
    "won": "被告{r}于本判决生效之日起十日内支付原告{c}款项{amount}元。",
    "partly": PARTLY[0],
    "lost": "驳回原告{c}的全部诉讼请求。",
    "withdrawn": "准许原告{c}撤回起诉。",
    "dismissed": "驳回原告{c}的起诉。",
    "settled": "一、被告{r}于{due}前支付原告{c}{amount}元；\n二、双方再无其他纠纷。",
}
OPERATIVE_APPEAL = {
    "lost": "驳回上诉，维持原判。",
    "won": "一、撤销{lower}{lower_no}民事判决；\n二、驳回被上诉人{r}的全部诉讼请求。",
    "partly": "一、维持{lower}{lower_no}民事判决第一项；\n二、撤销{lower}{lower_no}民事判决第二项；\n三、变更为上诉人{c}支付{amount}元。",
}


def cn_judgment(rng: random.Random, case_no: str, court: tuple[str, str, str], year: int, appeal: bool,
                lawyers_by_date, judges: list[str], lower_court: str) -> tuple[str, dict]:
    """(text, labels) of one Chinese judgment."""
    filed = date(year, rng.randint(1, 12), rng.randint(1, 28))
    decided = filed + timedelta(days=rng.randint(30, 200))
    causes = vocab("causes_zh")["causes"]
    cause = rng.choice(V.EXTRA_CAUSES) if rng.random() < 0.1 else rng.choice(causes)
    if appeal:
        outcome = rng.choices(["lost", "won", "partly"], [0.6, 0.2, 0.2])[0]
    else:
        outcome = rng.choices(["won", "partly", "lost", "withdrawn", "dismissed", "settled"],
                              [0.35, 0.25, 0.15, 0.1, 0.05, 0.1])[0]
    doc_type = {"settled": "民事调解书", "withdrawn": "民事裁定书", "dismissed": "民事裁定书"}.get(outcome, "民事判决书")
    c_role, r_role = ("上诉人", "被上诉人") if appeal else ("原告", "被告")
    c_detail, r_detail = (("（原审被告）", "（原审原告）") if rng.random() < 0.5 else ("（原审原告）", "（原审被告）")) \
        if appeal else ("", "")
    parties: list[CnParty] = []
    names: set[str] = set()
    for role, detail, count in ((c_role, c_detail, rng.choice((1, 1, 1, 2))), (r_role, r_detail, rng.choice((1, 1, 2, 3)))):
        for _ in range(count):
            if rng.random() < 0.35:
                name, kind = _company(rng), "enterprise"
            else:
                name, kind = person_name(rng, party=True), "person"
            if name in names:
                continue
            names.add(name)
            parties.append(CnParty(name, role, detail, kind, code=uscc(rng) if kind == "enterprise" and rng.random() < 0.4 else ""))
    available = lawyers_by_date(decided)
    used_lawyers: set[str] = set()
    for party in parties:
        for _ in range(rng.choices((0, 1, 2), (0.3, 0.5, 0.2))[0]):
            lawyer = rng.choice(available) if available else None
            if lawyer is None or lawyer.license_no in used_lawyers or lawyer.name in names:
                continue
            firm = lawyer.firm_at(decided)
            if firm is None:  # the pool is per month; this one left or started within it
                continue
            used_lawyers.add(lawyer.license_no)
            party.agents.append((lawyer, rng.choice(firm.variants)))
        if rng.random() < 0.05:
            party.helper = person_name(rng, party=True)
            names.add(party.helper)
    # shared agents: the later parties of one role take the first one's agents
    shared_roles = set()
    for role in (c_role, r_role):
        group = [p for p in parties if p.role == role]
        if len(group) >= 2 and group[0].agents and rng.random() < 0.3:
            shared_roles.add(role)
            for p in group[1:]:
                p.agents, p.helper = [], ""
    printed = rng.choices([case_no, case_no.replace("（", "(").replace("）", ")"),
                           case_no.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                           case_no.replace("）", "） ", 1).replace("民", " 民", 1)], [0.75, 0.1, 0.05, 0.1])[0]
    lines = [court[0], " ".join(doc_type) if rng.random() < 0.4 else doc_type, printed]
    party_lines: list[str] = []
    deferred: list[str] = []  # agents listed after all the parties, their role named
    after = rng.random() < 0.1
    for i, party in enumerate(parties):
        colon = rng.choice(["：", "：", ":", ""])
        if party.kind == "person":
            party_lines.append(f"{party.role}{party.detail}{colon}{party.name}，{_person_details(rng, party.name)}。")
        else:
            code = f"，统一社会信用代码{party.code}" if party.code else ""
            party_lines.append(f"{party.role}{party.detail}{colon}{party.name}，住所地{rng.choice(V.PROVINCES)[0]}"
                               f"{rng.choice(V.DISTRICTS)}{rng.choice(V.STREETS)}{rng.randint(1, 99)}号{code}。")
            party_lines.append(f"法定代表人：{person_name(rng)}，该公司总经理。")
        last_of_role = i + 1 == len(parties) or parties[i + 1].role != party.role
        if party.role in shared_roles:
            if last_of_role:
                group = [p for p in parties if p.role == party.role]
                party_lines += _agent_lines(rng, group, True, party.role)
        elif party.agents or party.helper:
            alone = sum(1 for p in parties if p.role == party.role) == 1
            if after and alone and not party.helper:
                deferred += _agent_lines(rng, [party], False, party.role, qualified=True)
            else:
                party_lines += _agent_lines(rng, [party], False, party.role)
    party_lines += deferred
    if rng.random() < 0.2:
        lines.append("".join(party_lines))
    else:
        lines += party_lines
    claimants = "、".join(p.name for p in parties if p.role == c_role)
    respondents = "、".join(p.name for p in parties if p.role == r_role)
    lower_no = f"（{year - 1}）{court[2]}0{rng.randint(101, 199)}民初{rng.randint(1, 9999)}号"
    if appeal:
        lines.append(f"上诉人{claimants}因与被上诉人{respondents}{cause}一案，不服{lower_court}{lower_no}民事判决，"
                     "向本院提起上诉。本院于{0}立案后，依法组成合议庭进行了审理。本案现已审理终结。".format(
                         f"{filed.year}年{filed.month}月{filed.day}日"))
        lines.append(f"{claimants}上诉请求：撤销一审判决，依法改判。")
    else:
        lines.append(f"原告{claimants}与被告{respondents}{cause}一案，本院于{filed.year}年{filed.month}月{filed.day}日"
                     "立案后，依法适用简易程序，公开开庭进行了审理。本案现已审理终结。")
        lines.append(f"原告{claimants}向本院提出诉讼请求：判令被告支付款项及利息。")
    lines.append(f"本院认为，当事人应当按照约定全面履行自己的义务。{respondents}辩称的理由不能成立。")
    amount = rng.randint(5, 900) * 1000
    fmt = {"c": claimants, "r": respondents, "amount": amount, "lower": lower_court, "lower_no": lower_no,
           "due": f"{decided.year}年{decided.month}月{decided.day}日"}
    won_against: set[str] = set()
    if outcome == "settled":
        lines.append("本案审理过程中，经本院主持调解，当事人自愿达成如下调解协议：")
        lines.append(OPERATIVE["settled"].format(**fmt))
        lines.append("上述协议，不违反法律规定，本院予以确认。")
    else:
        marker = "裁定如下：" if doc_type == "民事裁定书" else "判决如下："
        lines.append("依照《中华人民共和国民事诉讼法》的规定，" + marker)
        respondents_list = [p.name for p in parties if p.role == r_role]
        if not appeal and outcome == "partly" and len(respondents_list) >= 2 and rng.random() < 0.4:
            operative = PARTLY_AGAINST.format(r1=respondents_list[0], rest="、".join(respondents_list[1:]), **fmt)
            won_against = set(respondents_list[1:])
        elif not appeal and outcome == "partly":
            operative, won_against = rng.choice(PARTLY).format(**fmt), set()
        else:
            operative, won_against = (OPERATIVE_APPEAL if appeal else OPERATIVE)[outcome].format(**fmt), set()
        lines.append(operative)
        lines.append("本判决为终审判决。" if appeal else "如不服本判决，可在判决书送达之日起十五日内提起上诉。")
    if appeal or rng.random() < 0.4:
        bench = [("审判长", judges[0]), ("审判员", judges[1]), (rng.choice(("审判员", "人民陪审员")), judges[2])]
    else:
        bench = [(rng.choice(("审判员", "审判员", "代理审判员")), judges[0])]
    for role, name in bench:
        spaced = rng.random() < 0.3
        lines.append(("　".join(role) if spaced else role) + "　" + (" ".join(name) if spaced else name))
    lines.append(cn_date(decided))
    lines.append(f"书记员　{judges[3]}")
    text = "\n".join(lines)
    persons = [p.name for p in parties if p.kind == "person"] + [p.helper for p in parties if p.helper]
    masked = mask_names(persons, "zh")
    label_name = {p.name: masked.get(p.name, p.name) for p in parties}
    agents = []
    for role in (c_role, r_role):
        for p in [p for p in parties if p.role == role]:
            represents = [label_name[q.name] for q in parties if q.role == role] if role in shared_roles else [label_name[p.name]]
            for lawyer, firm in p.agents:
                agents.append({"name": lawyer.name, "firm_key": firm_key(firm), "title": lawyer.title,
                               "license": lawyer.license_no, "represents": represents,
                               "side": "claimant" if role == c_role else "respondent"})

    def own(p: CnParty) -> str:
        if p.role == c_role:
            return outcome
        if p.name in won_against:
            return "won"
        return "lost" if outcome == "partly" and not appeal else MIRROR[outcome]

    labels = {
        "case_number": case_no, "court": court[0], "cause": cause, "date": decided.isoformat(), "outcome": outcome,
        "doc_type": doc_type,
        "parties": [{"name": p.name, "name_masked": label_name[p.name], "role": p.role, "kind": p.kind,
                     "trial_role": p.detail.strip("（）"), "side": "claimant" if p.role == c_role else "respondent",
                     "outcome": own(p)} for p in parties],
        "agents": agents, "judges": [n for _, n in bench],
    }
    return text, labels


def _page(rng: random.Random) -> str:
    n = rng.randint(10, 990)
    return f'<page-number citation-index="1" label="{n}">*{n}</page-number>' if rng.random() < 0.3 else ""


def _one_off(rng: random.Random, word: str) -> str:
    """The word as a scan misreads it: one inner letter replaced ("Eady" -> "Eadv")."""
    i = rng.randint(1, len(word) - 2)
    return word[:i] + rng.choice([c for c in "aeiouvnmrl" if c != word[i].lower()]) + word[i + 1 :]


@dataclass
class UsParty:
    name: str
    kind: str
    role: str  # at the deciding court (normalised)
    trial: str  # trial role where printed ("" for an appeal role alone)
    side: str
    printed: str = ""  # role as the caption prints it ("" for none)
    implied: bool = False  # named only by counsel


US_PAIRS = [  # (first party's printed role, role, trial, side), then the second party's
    (("Plaintiff-Appellant", "appellant", "plaintiff", "claimant"), ("Defendant-Respondent", "respondent", "defendant", "respondent")),
    (("Plaintiff-Appellant", "appellant", "plaintiff", "claimant"), ("Defendant-Appellee", "appellee", "defendant", "respondent")),
    (("Plaintiff-Appellee", "appellee", "plaintiff", "respondent"), ("Defendant-Appellant", "appellant", "defendant", "claimant")),
    (("Petitioner/Respondent", "respondent", "petitioner", "respondent"), ("Respondent/Appellant", "appellant", "respondent", "claimant")),
    (("Appellant", "appellant", "", "claimant"), ("Appellee", "appellee", "", "respondent")),
    (("Petitioner", "petitioner", "petitioner", "claimant"), ("Respondent", "respondent", "respondent", "respondent")),
    (("Appellant-Defendant", "appellant", "defendant", "claimant"), ("Appellee-Plaintiff", "appellee", "plaintiff", "respondent")),
    (("Appellee/Cross-Appellant", "appellee", "", "respondent"), ("Appellant/Cross-Appellee", "appellant", "", "claimant")),
]


def _us_person(rng: random.Random, used: set[str]) -> str:
    while True:
        first, last = rng.choice(V.US_PARTY_FIRST), rng.choice(V.US_PARTY_LAST)
        if last not in used and first[0] + last[0] not in used:
            used.update((last, first[0] + last[0]))
            return f"{first} {last.upper() if rng.random() < 0.6 else last}"


def _us_company(rng: random.Random, used: set[str]) -> str:
    name = rng.choice([c for c in V.US_COMPANIES if c not in used] or V.US_COMPANIES)
    used.add(name)
    return name


def _plural(word: str, n: int) -> str:
    return word if n == 1 else word + "s"


def us_case(rng: random.Random, record_id: int, counsel: list[UsCounsel]) -> tuple[dict, dict]:
    """One CAP case record in a caption shape courts print, with counsel lines naming the side in the
    ways they do, and the labels the extractor must find."""
    shape = rng.choices(["pair", "bare", "multi", "board", "etal", "people"], [0.3, 0.15, 0.2, 0.1, 0.15, 0.1])[0]
    court, slug = rng.choice(V.US_COURTS)
    printed_court = court
    division = rng.choice(V.US_DIVISIONS.get(slug) or [""])
    if division:
        printed_court = f"{court}, {division}"
    decided = date(rng.randint(1995, 2022), rng.randint(1, 12), rng.randint(1, 28))
    used: set[str] = set()

    def someone() -> tuple[str, str]:
        return (_us_person(rng, used), "person") if rng.random() < 0.55 else (_us_company(rng, used), "enterprise")

    parties: list[UsParty] = []
    groups: list[tuple[list[int], str]] = []  # (parties acted for, label printed after "for")
    if shape in ("pair", "bare"):
        first, second = rng.choice(US_PAIRS[:4] if shape == "bare" else US_PAIRS)
        for spec in (first, second):
            name, kind = someone()
            parties.append(UsParty(name, kind, spec[1], spec[2], spec[3], spec[0] if shape == "pair" else ""))
        caption = " v. ".join(f"{p.name}, {p.printed}" if p.printed else p.name for p in parties)
        caption += "" if caption.endswith(".") else "."
        for i, p in enumerate(parties):
            if shape == "bare":
                label = rng.choice([f"{p.trial}-{p.role}", f"{p.trial} and {p.role}", f"{p.trial}/{p.role}"])
            else:
                label = rng.choice([p.role, p.printed.lower()])
            groups.append(([i], label))
    elif shape == "multi":
        plaintiff = UsParty(*someone(), "plaintiff", "plaintiff", "claimant", "Plaintiff")
        defendants = [UsParty(_us_company(rng, used), "enterprise", "defendant", "defendant", "respondent", "Defendants"),
                      UsParty(_us_person(rng, used), "person", "defendant", "defendant", "respondent", "Defendants"),
                      UsParty(_us_company(rng, used), "enterprise", "defendant", "defendant", "respondent", "Defendants")]
        parties = [plaintiff, *defendants]
        caption = f"{plaintiff.name}, Plaintiff, v. " + "; ".join(d.name for d in defendants) + ", Defendants."
        person_surname = defendants[1].name.split()[-1].title()
        groups = [([0], "plaintiff"), ([2], f"defendant {person_surname}"),
                  ([1, 3], f"defendants {defendants[0].name.split(',')[0]} and {defendants[2].name.split(',')[0]}")]
    elif shape == "board":
        court, slug = rng.choice(V.US_BOARDS)
        printed_court = ""
        name = rng.choice([f"{_us_company(rng, used).upper()}", _us_person(rng, used).upper()])
        parties = [UsParty(name, "enterprise" if is_organisation(name) else "person", "appellant", "", "claimant"),
                   UsParty("Commissioner", "enterprise", "commissioner", "commissioner", "respondent", implied=True)]
        caption = f"Appeal of {name}."
        groups = [([0], "the taxpayer"), ([1], "the Commissioner")]
    elif shape == "people":  # a criminal appeal: counsel "for the People"
        state = rng.choice(["Colorado", "California", "Illinois", "Michigan"])
        parties = [UsParty(f"The PEOPLE of the State of {state}", "enterprise", "appellee", "plaintiff", "respondent",
                           "Plaintiff-Appellee"),
                   UsParty(_us_person(rng, used), "person", "appellant", "defendant", "claimant", "Defendant-Appellant")]
        caption = " v. ".join(f"{p.name}, {p.printed}" for p in parties) + "."
        groups = [([0], rng.choice(["the People", "plaintiff-appellee"])), ([1], "defendant-appellant")]
    else:  # "et al.": counsel name a defendant the caption leaves out
        plaintiff = UsParty(*someone(), "plaintiff", "plaintiff", "claimant", "Plaintiff")
        lead = UsParty(_us_company(rng, used), "enterprise", "defendant", "defendant", "respondent", "Defendants")
        other = rng.choice(["Q&R Holdings", "Northgate Mutual Association", "BK&T Logistics"])
        parties = [plaintiff, lead, UsParty(other, "enterprise", "defendant", "defendant", "respondent", implied=True)]
        caption = f"{plaintiff.name}, Plaintiff, v. {lead.name}, et al., Defendants."
        groups = [([0], "plaintiff"), ([1], lead.name.split(",")[0]), ([2], other)]
    persons = [p.name for p in parties if p.kind == "person"]
    masked = mask_names(persons, "en")
    label_name = {p.name: masked.get(p.name, p.name) for p in parties}
    by_firm: dict[str, list[UsCounsel]] = {}
    for c in counsel:
        by_firm.setdefault(c.firm, []).append(c)
    att_xml, agents, taken = [], [], set()
    if shape == "multi" and rng.random() < 0.3:  # the person defendant acts for himself: no lawyer
        pro_se = parties[2]
        groups = [g for g in groups if g[0] != [2]]
        att_xml.append(f'  <attorneys id="ps">{html.escape(pro_se.name.title())}, '
                       f'{rng.choice(["pro se", "in propria persona"])}.</attorneys>')
    for targets, label in groups:
        lead_c = rng.choice([c for c in counsel if c.name not in taken])
        team = [lead_c] + [c for c in by_firm.get(lead_c.firm, []) if c is not lead_c and c.name not in taken
                           and lead_c.firm][: rng.randint(0, 1)]
        taken.update(c.name for c in team)
        printed = [c.name + (", Esq." if rng.random() < 0.15 and "," not in c.name else "") for c in team]
        if rng.random() < 0.1:  # a surname broken across a line by the scan ("Schu-macher")
            first_part, _, surname = printed[0].rpartition(" ")
            if len(surname) > 5 and "," not in surname and "," not in first_part:
                printed[0] = f"{first_part} {surname[:3]}-{surname[3:]}"
        names = " and ".join(printed) if len(team) == 2 and rng.random() < 0.5 else ", ".join(printed)
        side = {parties[i].side for i in targets}.pop()
        office = None
        if shape == "board" and side == "respondent":  # the Solicitor's office in parentheses
            office = rng.choice([c for c in counsel if c.name not in taken])
            taken.add(office.name)
            names += f" ({office.name}, Solicitor of Internal Revenue)"
        city, state = lead_c.city
        esc_label = html.escape(label)
        if shape == "pair" and rng.random() < 0.2:  # the label first, as Indiana prints it
            lead_word = rng.choice(["ATTORNEY" if len(team) == 1 else "ATTORNEYS", "Counsel"])
            firm_part = f"{html.escape(lead_c.firm)}, " if lead_c.firm else ""
            line = f"{lead_word} FOR {esc_label.upper()}: {html.escape(names)}, {firm_part}{city}, {state}."
        elif lead_c.firm and rng.random() < 0.3 and office is None:
            line = f"<em>{names} </em>for {esc_label} (<em>{html.escape(lead_c.firm)}, </em>attorneys)."
        elif lead_c.firm:
            line = f"{_page(rng)}{html.escape(names)}, {html.escape(lead_c.firm)}, {city}, {state}, for {esc_label}."
        else:
            line = f"{_page(rng)}{html.escape(names)}, {city}, {state}, for {esc_label}."
        att_xml.append(f'  <attorneys id="a{len(att_xml)}">{line}</attorneys>')
        roles = {parties[i].role for i in targets}
        trials = {parties[i].trial for i in targets}
        common = {"represents": [label_name[parties[i].name] for i in targets], "side": side,
                  "role": roles.pop() if len(roles) == 1 else "", "trial_role": trials.pop() if len(trials) == 1 else ""}
        for c in team:
            agents.append({"name": c.name, "firm_key": firm_key(c.firm) if c.firm else "", "title": "attorney", **common})
        if office is not None:
            agents.append({"name": office.name, "firm_key": "", "title": "Solicitor of Internal Revenue", **common})
    judge = f"{rng.choice(V.US_FIRST).upper()} {rng.choice(V.US_LAST).upper()}"
    claimant = next(p for p in parties if p.side == "claimant")
    appeal = shape in ("pair", "bare", "board", "people")
    outcome = rng.choices(["lost", "won", "partly"], [0.6, 0.25, 0.15])[0]
    disposition = ({"lost": "Affirmed.", "won": "Reversed and remanded.",
                    "partly": "Affirmed in part and reversed in part."} if appeal else
                   {"lost": "Judgment for the defendant.", "won": "Judgment for the plaintiff.",
                    "partly": "Affirmed in part and reversed in part."})[outcome]
    body = _us_story(rng, parties, claimant)
    data = "\n".join([
        "<?xml version='1.0' encoding='utf-8'?>",
        '<casebody xmlns="http://nrs.harvard.edu/urn-3:HLS.Libr.US_Case_Law.Schema.Case_Body:v1">',
        f'  <parties id="p1">{html.escape(caption)}</parties>',
        f'  <docketnumber id="d1">No. {record_id:05d}.</docketnumber>',
        *([f'  <court id="c1">{html.escape(printed_court)}.</court>'] if printed_court else []),
        f'  <decisiondate id="dd">{decided:%B} {decided.day}, {decided.year}.</decisiondate>',
        *att_xml,
        '  <opinion type="majority">',
        f'    <author id="au">{judge}, Judge.</author>',
        *(f'    <p id="b{i}">{html.escape(par)}</p>' for i, par in enumerate(body)),
        f'    <p id="p4">{disposition}</p>',
        "  </opinion>",
        "</casebody>",
    ])
    other = next(p for p in parties if p is not claimant)
    abbreviation = f"{claimant.name.split()[-1].title() if claimant.kind == 'person' else claimant.name} v. {other.name}"
    record = {"id": 9_000_000 + record_id, "name": caption.rstrip("."), "name_abbreviation": abbreviation,
              "decision_date": decided.isoformat(), "docket_number": f"No. {record_id:05d}",
              "court": {"name": court, "slug": slug}, "casebody": {"status": "ok", "data": data}}
    court_name = f"{court}, {division}" if division and printed_court else court
    labels = {"case_number": f"No. {record_id:05d}", "court": court_name, "date": decided.isoformat(), "outcome": outcome,
              "parties": [{"name": p.name, "name_masked": label_name[p.name], "role": p.role, "trial_role": p.trial,
                           "side": p.side, "kind": p.kind,
                           "outcome": outcome if p.side == "claimant" else MIRROR[outcome]} for p in parties],
              "agents": agents, "judges": [judge]}
    return record, labels


def _us_story(rng: random.Random, parties: list[UsParty], claimant: UsParty) -> list[str]:
    """Opinion paragraphs naming the person parties the ways opinions do: in full, by surname, with the
    surname broken across a line, by an alias given with "hereinafter", by first initial and surname, and
    in a signature the scan misread."""
    out = [f"{claimant.name if claimant.kind == 'enterprise' else claimant.name.title()} appeals the judgment. "
           "The record shows the dispute arose from a contract between the parties."]
    for p in parties:
        if p.kind != "person":
            continue
        first, last = p.name.split()[0], p.name.split()[-1].title()
        alias = rng.random() < 0.4
        said = f'{first} {last} (hereinafter "{first}")' if alias else \
            rng.choice([f"{first} {last}", f'{first} {last} (hereinafter referred to as "the {p.trial or p.role}")'])
        out.append(f"The {p.trial or p.role} is {said}. {first if alias else last} signed the note in 1994.")
        out.append(f"In her affidavit {first[0]}. {last} states the note was paid; {last[:4]}-\n{last[4:]} kept "
                   "no receipts.")
        out.append(f"The note reads: By: /s/ {first} {_one_off(rng, last)}, Borrower.")
    names = " and ".join(p.name for p in parties[:2])
    out.append(f"We have considered the arguments of {names} and find the following.")
    return out
