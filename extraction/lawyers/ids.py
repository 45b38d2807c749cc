"""Identity of lawyers and law firms: normalised firm names and the keys lawyers are resolved on.

A lawyer is never identified by name alone. A registered lawyer is `lawyer:lic:<license number>`;
a lawyer seen only with a firm (as judgments show them) is `lawyer:nf:<hash of name and firm key>`.
The register writes that same name-at-firm node for every firm a lawyer practised at and links it to
the licensed lawyer (SAME_AS), so a judgment naming "张三, 某某律师事务所" meets the register's 张三 of
that firm and not the 张三 of another firm.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from extraction.common.names import fold, name_key
from extraction.lawyers.vocab import vocab
from graph.records import stable_id
from graph.search import terms_for


@cache
def _firm_rules() -> tuple[re.Pattern[str], tuple[str, ...], str]:
    places = vocab("places")
    counsel = vocab("counsel_zh")
    prefixes: list[str] = []
    for p in places["provinces"]:
        prefixes += [p + s for s in places["province_suffixes"]] + [p]
    for c in places["cities"]:
        prefixes += [c + s for s in places["city_suffixes"]] + [c]
    alternation = "|".join(map(re.escape, sorted(set(prefixes), key=len, reverse=True)))
    suffixes = tuple(sorted(counsel["firm_suffixes"], key=len, reverse=True))
    return re.compile(f"^(?:{alternation})"), suffixes, counsel["branch_suffix"]


def firm_parts(name: str) -> tuple[str, str, str]:
    """(core, branch city, organisation kind) of a Chinese firm name.

    北京市德和衡律师事务所, 德和衡律师事务所 -> (德和衡, "", 律师事务所);
    北京德和衡（上海）律师事务所, 北京市德和衡律师事务所上海分所 -> (德和衡, 上海, 律师事务所).
    """
    text = fold(name, spaces="drop")
    prefixes, suffixes, branch_word = _firm_rules()
    branch = ""
    if text.endswith(branch_word):
        for suffix in suffixes:
            at = text.find(suffix)
            if at > 0:
                branch = text[at + len(suffix) : -len(branch_word)]
                text = text[: at + len(suffix)]
                break
    kind = next((s for s in suffixes if text.endswith(s)), "")
    core = text[: -len(kind)] if kind else text
    bracket = re.search(r"\(([^()]{1,8})\)$", core)
    if bracket:
        branch = branch or bracket.group(1)
        core = core[: bracket.start()]
    while True:  # 浙江省杭州市某某 -> 某某 (a prefix that would leave under two characters is the name)
        m = prefixes.match(core)
        if not m or len(core) - m.end() < 2:
            break
        core = core[m.end() :]
    m = prefixes.match(branch)  # 上海市 / 上海 written as the branch are one city
    if m and branch[m.end() :] in ("", "市"):
        branch = m.group(0).rstrip("市")
    return core, branch, kind


def is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text or ""))


@lru_cache(maxsize=65536)
def firm_key(name: str) -> str:
    """Comparison key of a firm: core name, branch city and kind for Chinese firms; the enterprise
    name key (legal form and punctuation removed) for others."""
    if is_chinese(name):
        core, branch, kind = firm_parts(name)
        return "|".join(p for p in (core, kind, branch) if p) if core else ""
    key = name_key(name)
    return "us|" + key if key else ""


def firm_id(name: str) -> str:
    key = firm_key(name)
    if not key:
        raise ValueError(f"not a firm name: {name!r}")
    return "firm:" + key


def head_office_id(name: str) -> str | None:
    """The head office of a branch (分所), or None for a head office or a non-Chinese firm."""
    if not is_chinese(name):
        return None
    core, branch, kind = firm_parts(name)
    return f"firm:{core}|{kind}" if branch and core else None


def person_key(name: str) -> str:
    """A lawyer's name for comparison: folded, lower-case, no spaces or dots."""
    return re.sub(r"[.,·•]+", "", fold(name, spaces="drop", case="lower"))


def license_id(license_no: str) -> str:
    return "lawyer:lic:" + fold(license_no, spaces="drop", case="upper")


def lawyer_at_firm_id(name: str, firm: str) -> str:
    """A lawyer known by name at a firm (what a judgment shows), never by name alone."""
    key = firm_key(firm)
    if not key or not person_key(name):
        raise ValueError("a lawyer needs a name and a firm")
    return "lawyer:nf:" + stable_id(person_key(name), key)


def lawyer_in_case_id(name: str, case_id: str, place: str = "") -> str:
    """A counsel with neither firm nor license: kept apart per case (or per city), never merged by name."""
    return "lawyer:nc:" + stable_id(person_key(name), place.lower() or case_id)


@cache
def _stop_terms() -> frozenset[str]:
    return frozenset(vocab("counsel_zh")["search_stop_terms"])


def search_terms(text: str) -> list[str]:
    """graph.search.terms_for without the terms every firm name carries (律师, 事务, 公司, llp …)."""
    stop = _stop_terms()
    return [t for t in terms_for(text) if t not in stop]
