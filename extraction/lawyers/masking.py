"""Masking of personal data on every public path.

Small API, shared with the open-data endpoints:
  mask_person_name(name, lang)   surname + 某 in Chinese, initials in English
  mask_names(names, lang)        {name: masked} for the persons of one document, told apart (王某甲, 王某乙)
  mask_text(text, names, lang)   the text with those names, identity numbers, phones, bank accounts and
                                 detailed addresses masked
  find_personal_data(text)       what mask_text would mask (tests and audits use it)
Lawyers, firms, judges and enterprises are public and are never passed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from extraction.lawyers.vocab import vocab

CJK = re.compile(r"[\u3400-\u9fff]")
MASK_CHAR = "某"


@cache
def _rules() -> dict:
    raw = vocab("personal_data")
    words = sorted(raw["address_words"], key=len, reverse=True)
    return {
        "compound": tuple(raw["compound_surnames"]),
        "distinguishers": raw["distinguishers"],
        "mask": raw["mask"],
        "patterns": [re.compile(p) for p in raw["patterns"].values()],
        "address": re.compile("(" + "|".join(map(re.escape, words)) + r")([：:]?)([^，。；,;\n（(]{2,80})"),
        "levels": "".join(raw["address_levels"]),
        "detail": re.compile(raw["address_detail"]),
    }


def is_masked(name: str) -> bool:
    """Already in the published masked form (张某, 张某某, 牛某1, 王某甲)."""
    return bool(re.fullmatch(r"[\u3400-\u9fff]{1,2}某+[\d甲乙丙丁戊己庚辛壬癸]*", name or ""))


def mask_person_name(name: str, lang: str = "zh") -> str:
    """张三丰 -> 张某, 欧阳娜娜 -> 欧阳某, 牛某1 -> 牛某; John A. Smith -> J. A. S."""
    name = (name or "").strip()
    if not name:
        return ""
    if lang == "zh" or CJK.search(name):
        core = re.sub(r"[（(].*?[）)]", "", name).strip()
        surname = next((s for s in _rules()["compound"] if core.startswith(s)), core[:1])
        return surname + MASK_CHAR
    parts = [p for p in re.split(r"[\s,]+", name) if p and p.lower().strip(".") not in {"jr", "sr", "ii", "iii"}]
    return " ".join(p[0].upper() + "." for p in parts if p[0].isalpha()) or "—"


def mask_names(names: Iterable[str], lang: str = "zh") -> dict[str, str]:
    """Masked form of each distinct name of one document; two persons sharing a masked form get
    甲/乙/… (Chinese) or a number (English), as the courts' publication rules do."""
    distinct = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for name in distinct:
        masked = mask_person_name(name, lang)
        n = used.get(masked, 0)
        used[masked] = n + 1
        out[name] = masked
    marks = _rules()["distinguishers"]
    seen: dict[str, int] = {}
    for name, masked in out.items():
        if used[masked] > 1:
            i = seen.get(masked, 0)
            seen[masked] = i + 1
            suffix = marks[i] if lang == "zh" and i < len(marks) else str(i + 1)
            out[name] = masked + suffix if lang == "zh" else f"{masked} ({suffix})"
    return out


def _mask_address(match: re.Match[str]) -> str:
    rules = _rules()
    word, colon, addr = match.group(1), match.group(2), match.group(3)
    if not rules["detail"].search(addr):
        return match.group(0)
    cut = max((addr.rfind(level, 0, 16) for level in rules["levels"]), default=-1)
    keep = addr[: cut + 1] if cut >= 0 else ""
    if rules["detail"].search(keep):  # a "市" after the street number is no county boundary
        keep = ""
    return f"{word}{colon}{keep}{rules['mask']}"


def is_initials(name: str) -> bool:
    """An English name already published as initials ("D.G. AND S.H.", "K.S.")."""
    return bool(re.fullmatch(r"(?:[A-Z]\.\s?){1,4}[A-Z]?\.?(?:\s+(?:and|AND|&)\s+(?:[A-Z]\.\s?){1,4}[A-Z]?\.?)*",
                             (name or "").strip()))


def _flex(word: str) -> str:
    """A word as a regular expression that also takes it broken across a line ("Wes- ter", "Wes-\nter")."""
    return "".join(re.escape(c) + (r"(?:-\s*)?" if c.isalpha() and n.isalpha() else "")
                   for c, n in zip(word, word[1:] + " ", strict=True))


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", name) if t and t.lower().strip(".") not in SUFFIXES]


SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _absent(text: str, *words: str) -> bool:
    """Whether some word certainly cannot match its pattern in the text (any case, broken across a line):
    then the pattern need not be compiled, which is most of masking's cost. Only decided for ASCII text
    and words, where lowering is exactly the case folding of the patterns."""
    if not text.isascii() or not all(w.isascii() for w in words):
        return False
    squashed = _SQUASH.sub("", text.lower())
    return any(_SQUASH.sub("", w.lower()) not in squashed for w in words)


_SQUASH = re.compile(r"[-\s]+")


@lru_cache(maxsize=8192)
def _ignoring_case(pattern: str) -> re.Pattern[str]:
    """A name's pattern compiled once per run, not once per segment: an opinion masks the same parties in
    each of its segments, more patterns than the re module keeps."""
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=8192)
def name_pattern(name: str) -> str:
    """An English person's name as printed anywhere: any case, broken across lines, spaced or not after
    initials ("J.Victor Baron")."""
    return r"\s*".join(_flex(t) if len(t) > 2 else re.escape(t) for t in _tokens(name))


def mask_text(text: str, names: Iterable[str] | dict[str, str] = (), lang: str = "zh", surnames: bool = True,
              keep: Iterable[str] = ()) -> str:
    """The text with person names, identity numbers, phones, bank accounts and addresses masked.

    In English a person's surname alone is masked too (`surnames`), except where that would touch
    other people's names (counsel lines); so is the first initial with the surname ("T. Li"). Public
    names in `keep` (companies, counsel, judges: "Swan Construction Company" beside a party Jo Swan)
    keep their words once the full names are masked."""
    mapping = names if isinstance(names, dict) else mask_names(names, lang)
    rules = _rules()
    out = text or ""
    for pattern in rules["patterns"]:
        out = pattern.sub(rules["mask"], out)
    out = rules["address"].sub(_mask_address, out)
    english = []
    for name in sorted(mapping, key=len, reverse=True):
        masked = mapping[name]
        if not name or name == masked:
            continue
        if lang == "zh" or CJK.search(name):
            out = out.replace(name, masked)
            continue
        tokens = _tokens(name)
        english.append((name, masked, tokens))
        if not _absent(out, *tokens):
            out = _ignoring_case(r"(?<![\w.])" + name_pattern(name) + r"(?!\w)").sub(masked, out)
    # every full name first: a surname shared by two persons must not cut the other's full name
    shielded: list[str] = []
    if english:
        for public in sorted({k for k in keep if k and len(k) > 3}, key=len, reverse=True):
            if public in out:
                out = out.replace(public, f"\x00{len(shielded)}\x00")
                shielded.append(public)
    for _name, masked, tokens in english:
        surname = tokens[-1] if len(tokens) > 1 else ""
        if not surname or _absent(out, surname):  # every pattern below names the surname
            continue
        if tokens[0][:1].isalpha():  # "T. Li", "T.Li"
            out = _ignoring_case(r"\b" + re.escape(tokens[0][0]) + r"\.\s*" + name_pattern(surname) + r"(?!\w)"
                                 ).sub(masked, out)
        for given in tokens[:-1]:  # "Julian H. Eady" as "Julian Eady"; "H. Lucius Pemberton" as "Lucius Pemberton"
            if len(given.strip(".")) > 2:
                out = _ignoring_case(r"\b" + _flex(given) + r"\s+(?:[A-Z]\.\s*)*" + name_pattern(surname) + r"(?!\w)"
                                     ).sub(masked, out)
    for _name, masked, tokens in english:
        surname = tokens[-1] if len(tokens) > 1 else ""
        if surnames and len(surname.strip(".")) > 2 and not _absent(out, surname):  # "Wester" alone later on
            initial = (re.findall(r"[A-Z]\.", masked) or [masked.split()[-1]])[-1]  # "A. M. (2)" -> "M."
            out = _ignoring_case(r"\b" + name_pattern(surname) + r"(?!\w)").sub(initial, out)
        for given in tokens[:-1] if surnames else ():  # "Julian's Tavern": a given name alone, as a name is
            if len(given) >= 4 and given[0].isupper() and "." not in given:  # written (capital first), not a word
                out = re.sub(r"\b(?:" + re.escape(given.title()) + "|" + re.escape(given.upper()) + r")\b",
                             given[0].upper() + ".", out)
    for i, public in enumerate(shielded):
        out = out.replace(f"\x00{i}\x00", public)
    return out


HEREINAFTER = re.compile(r"\(\s*(?:hereinafter|hereafter|herein)\b[^()\"“”'‘’]{0,40}[\"“'‘]([^\"”'’()]{2,40})[\"”'’]")
SIGNATURE = re.compile(r"/s/\s*((?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w'-]+)")


def _generic(alias: str) -> bool:
    """An alias that names a role, not the person ("the debtor", "Plaintiff", "Husband")."""
    words = alias.lower().replace("the ", " ").split()
    roles = {"debtor", "debtors", "plaintiff", "plaintiffs", "defendant", "defendants", "petitioner", "respondent",
             "appellant", "appellee", "taxpayer", "husband", "wife", "mother", "father", "child", "decedent",
             "trustee", "executor", "executrix", "claimant", "employee", "employer", "buyer", "seller", "tenant",
             "landlord", "minor", "company", "corporation", "bank", "government", "estate", "testator", "testatrix"}
    return not alias[:1].isupper() or all(w.strip(".,") in roles for w in words)


def person_variants(mapping: dict[str, str], text: str) -> dict[str, str]:
    """Other forms in which `text` names the persons of `mapping` ({name: masked}, English): an alias given
    with "hereinafter" ("John Doe (hereinafter 'Doe')"; a role such as "the debtor" is no alias), and the
    name misspelt by the scan, in a signature ("/s/ Julian Eadv") or anywhere (one letter off in a surname
    of four letters or more, with the same given name)."""
    out: dict[str, str] = {}
    for name, masked in mapping.items():
        if CJK.search(name):
            continue
        tokens = _tokens(name)
        for m in re.finditer(name_pattern(name), text, flags=re.IGNORECASE):
            after = text[m.end() : m.end() + 4]
            alias = HEREINAFTER.match(text, m.end() + len(after) - len(after.lstrip(" ,")))
            if alias and not _generic(alias.group(1).strip()):
                out[alias.group(1).strip()] = mask_person_name(alias.group(1), "en")
        if len(tokens) < 2 or len(tokens[-1]) < 4:
            continue
        surname = tokens[-1].lower().strip(".")
        signed = [m.group(1) for m in SIGNATURE.finditer(text)]
        given_first = [m.group(0) for m in re.finditer(r"\b" + re.escape(tokens[0]) + r"\s+(?:[A-Z]\.\s*)?[A-Z][\w'-]+",
                                                      text, flags=re.IGNORECASE)]
        for seen in dict.fromkeys(signed + given_first):
            words = _tokens(seen)
            last = words[-1].lower().strip(".") if words else ""
            if last != surname and len(last) >= 4 and _distance(last, surname) <= 1:
                out[seen] = masked
    return out


def _distance(a: str, b: str) -> int:
    """Edit distance, bounded use (short words)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def find_personal_data(text: str) -> list[str]:
    """Identity numbers, phone numbers and bank accounts present in `text` (empty when masked)."""
    found: list[str] = []
    for pattern in _rules()["patterns"][:4] + _rules()["patterns"][4:6]:
        found.extend(m.group(0) for m in pattern.finditer(text or ""))
    return found
