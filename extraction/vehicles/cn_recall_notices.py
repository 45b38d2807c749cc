"""Chinese vehicle recall notices as they are published: the regulator's prose announcement ("日前，X根据
《缺陷汽车产品召回管理条例》…召回…生产的部分2019款…汽车，共计…辆"), labelled detail pages (生产者名称,
召回范围, 缺陷情况, 维修措施 …), news rewrites with sub-headings (召回原因, 处置措施), aggregator summaries
that are only the lead paragraph; as HTML pages, RSS items, JSON documents or JSON lines with a text field
(one record a line, never merged) and plain text (several notices a file, split at their headings).
extraction/vehicles/cntext.py reads the shapes; here a notice's text becomes its facts: filers, brands,
models and model years, production ranges, units, defect, remedy, start date, OTA remedies, recall numbers.
A notice is rejected only when it names no vehicle (no brand, maker or model)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.names import enterprise_id, fold
from extraction.vehicles.cntext import (
    brand_mentions,
    find_make,
    find_make_model,
    headed_sections,
    is_heading,
    known_model,
    maker_of,
    prepared,
    read_items,
)
from extraction.vehicles.nlp import analyse
from extraction.vehicles.records import Facts, link_suppliers
from extraction.vehicles.vocab import key, make_id, makers, makes, normalise_make, normalise_model, parse_year
from graph.records import Document, Extraction, RawRecord, stable_id
from graph.search import terms_for
from graph.source_kind import SourceKind

NAME = "cn-recall-notices"
LABELS = {
    "召回编号": "number", "召回备案编号": "number",
    "生产者名称": "producer", "生产者": "producer", "生产企业": "producer", "召回企业": "producer",
    "召回主体": "producer", "制造商": "producer", "企业名称": "producer",
    "召回范围": "scope", "涉及范围": "scope", "召回车型": "scope", "涉及车型": "scope", "召回车辆": "scope",
    "召回车辆信息": "scope",
    "召回车辆总数量": "units", "召回数量": "units", "召回车辆数量": "units", "涉及数量": "units",
    "缺陷情况": "defect", "缺陷描述": "defect", "召回原因": "defect", "缺陷原因": "defect", "问题原因": "defect",
    "缺陷内容": "defect", "主要问题": "defect", "存在的问题": "defect", "故障原因": "defect",
    "可能造成的后果": "consequence", "可能导致的后果": "consequence", "可能产生的后果": "consequence",
    "维修措施": "remedy", "处置措施": "remedy", "召回措施": "remedy", "解决办法": "remedy", "解决方案": "remedy",
    "改正措施": "remedy", "补救措施": "remedy", "召回维修措施": "remedy", "改进措施": "remedy", "整改措施": "remedy",
    "维修方案": "remedy", "处理措施": "remedy", "召回方式": "remedy",
    "实施日期": "start", "召回实施日期": "start", "召回实施时间": "start", "召回开始时间": "start",
    "召回时间": "start", "实施时间": "start",
    "发布时间": "published", "发布日期": "published", "公告日期": "published", "日期": "published",
}
# record splitting: a heading (cntext.is_heading); kept for callers that pass their own start pattern
STARTS = re.compile(r"^\s*(?:召回编号\s*[:：]|[^，,。；;：:\s]{2,40}召回[^，,。；;：:]{0,30}$)")

# dates written in notices: 2019年3月1日, 2019年3月, 2019-03-01, 2019.3.1, 2019/3
D_ZH = r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
D_NUM = r"(?:19|20)\d{2}\s*[-/.．]\s*\d{1,2}\s*[-/.．]\s*\d{1,2}(?!\d)"
D_NUM_M = r"(?:19|20)\d{2}\s*[/.．]\s*\d{1,2}(?![\d/.．])"
DATE = f"(?:{D_ZH}|{D_NUM}|{D_NUM_M})"
DAY = f"(?:{D_ZH}|{D_NUM})"
RANGE = re.compile(rf"({DATE})\s*(?:起)?\s*(?:至|到|—{{1,2}}|–|~|～|－|-)\s*({DATE})")
PRODUCTION_CUE = re.compile(r"生产|制造|期间|产的|出厂")
START = re.compile(rf"(?:决定|将|计划|拟)?\s*(?:自|从|于)\s*({DAY}|即日)\s*(?:起|开始)")
UNIT_NUMBER = r"([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万)?\s*"
UNITS = re.compile(rf"(?:共计|总计|合计|共|计|涉及|数量(?:为|共)?|总数(?:为)?|约)\s*(?:约|超过|超)?\s*(?:辆\s*)?"
                   rf"{UNIT_NUMBER}(?:辆|台)")
GRAND_TOTAL = re.compile(rf"(?:以上共计|以上合计|总计|合计|共计)\s*(?:约)?\s*{UNIT_NUMBER}(?:辆|台)\s*[：:]|"
                         rf"(?:以上共计|以上合计|上述车辆共计|总计)\s*(?:约)?\s*{UNIT_NUMBER}(?:辆|台)")
BARE_UNITS = re.compile(rf"{UNIT_NUMBER}(?:辆|台)")
RECALL_NUMBER = re.compile(r"\bS(?:19|20)\d{2}M\d{4}[VIO]\b")
NUMBER_LABEL = re.compile(r"召回(?:备案)?编号\s*[:：]\s*([A-Za-z0-9\-－]+(?:\s*[、,，/]\s*[A-Za-z0-9\-－]+)*)")
OTA = re.compile(r"OTA|远程(?:无线|软件)?升级|空中升级|在线升级|远程更新|FOTA|SOTA|无线升级", re.I)
VERSION = re.compile(r"(?:升级|更新)(?:软件|系统|程序)?(?:至|到|为)\s*(?:软件)?(?:版本)?\s*([A-Za-z]*\s?[0-9]+(?:\.[0-9A-Za-z]+)+)")
INVESTIGATION = re.compile(r"调查影响|缺陷调查|受[^，。]{0,20}调查|在[^，。]{0,20}调查[^，。]{0,6}下")
# the filer: what precedes "根据《…》" in the opening sentence (lead words, news prefixes stripped)
OPENING = re.compile(r"(?:根据|按照|依据|依照)\s*《")
LEAD = re.compile(r"^(?:\[[^\]]{0,30}\]|【[^】]{0,30}】|[^，,：:]{0,30}?(?:讯|消息|获悉|报道)\s*[，,：:]?)?\s*"
                  r"(?:日前|近日|近期|目前|今天|今日|昨天|昨日|本周|日前|\d{1,2}\s*月\s*\d{1,2}\s*日)?\s*[，,]?\s*")
COMPANY = r"[\u4e00-\u9fffA-Za-z0-9（）()·&\-－ ]{2,60}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|汽车厂|厂)"
FILER_VERB = re.compile(rf"({COMPANY}(?:[、及和与]\s*{COMPANY})*)\s*(?:（[^）]{{0,20}}）)?\s*"
                        rf"(?:已|将|决定|宣布|日前|近日|现)?\s*(?:自[^，,。]{{0,20}}起\s*)?(?:扩大|再次|主动)?召回")
SPLIT_FILERS = re.compile(r"(?:(?<=公司)|(?<=集团)|(?<=[厂）)]))\s*(?:、|及|和|与|以及)\s*")
ACTING = re.compile(r"^(.+?)(?:受委托|代表|受托)(.*)$")
# a vehicle phrase: text before a vehicle noun back to its start word
NOUN = re.compile(r"(?:纯电动|插电式混合动力|插电混动|混合动力|增程式|新能源|燃料电池)?"
                  r"(?:多用途乘用车|乘用车|电动汽车|汽车|轿车|车辆|客车|货车|卡车|牵引车|专用车|摩托车|越野车|皮卡|"
                  r"SUV|MPV|跑车)(?:产品)?")
NOT_AFTER_NOUN = re.compile(r"^\s*(?:有限|股份|集团|公司|产品|召回|远程|企业|科技|销售|工业|制造|贸易|技术|投资|服务|厂|"
                            r"行业|经销|之家|网|零部件|用户|车主|生产|部件|信息|管理|缺陷|安全|的|中|上|内|可能|存在|[(（]?OTA)")
STARTER = re.compile(r"部分|全部|生产的|制造的|期间的|产的|召回|以下|涉及|包括|其中|批次|[日号月]\s*(?:之间|期间)?(?:生产|制造)?的"
                     r"|[日号月]\s*(?:之间|期间)?(?:生产|制造)")
HARD_STOP = re.compile(r"[，,。；;：:\n！!？?]")
ITEM_SPLIT = re.compile(r"\s*(?:、|以及|及|和|与|/|，)\s*")
YEARS = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:(?:-|—|–|至|到|~|～|－)\s*((?:19|20)\d{2})\s*(?:年)?\s*)?款")
STRIP_WORDS = re.compile(r"进口及国产|进口和国产|进口|国产|部分|全部|新款|全新|改款|系列|车型|型号|品牌|牌|的|"
                         r"纯电动|插电式混合动力|插电混动|混合动力|增程式|新能源|燃料电池")
GENERIC = re.compile(r"^(?:以下|上述|相关|该|其|这些|所有|各|多款|全系|范围内|召回范围内|这批|此批|本次|此次|前述|若干|上述范围内)$")
BRAND_MARK = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:牌|汽车)(?=\S)")
MODEL_CHARS = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·+\-\s.]{1,30}$")


@dataclass
class VehicleItem:
    make: str | None
    model: str
    years: list[int]
    start: int
    end: int


@dataclass
class Notice:
    title: str
    filers: list[tuple[str, int, int]] = field(default_factory=list)
    principal: str | None = None
    vehicles: list[VehicleItem] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    ranges: list[tuple[str, str]] = field(default_factory=list)
    units: int | None = None
    start_date: str | None = None
    published: str | None = None
    defect: tuple[str, int] | None = None
    remedy: tuple[str, int] | None = None
    numbers: list[str] = field(default_factory=list)
    ota: bool = False
    software: str | None = None
    origin: str | None = None
    investigation: bool = False


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    return read_items(file_name, stream)


# --- values --------------------------------------------------------------------------------------------
def _date_of(text: str, end_of_month: bool = False) -> str | None:
    nums = [int(x) for x in re.findall(r"\d+", text)]
    if len(nums) < 2:
        return None
    y, m = nums[0], nums[1]
    if not 1 <= m <= 12:
        return None
    d = nums[2] if len(nums) > 2 else (calendar.monthrange(y, m)[1] if end_of_month else 1)
    return parse_date(f"{y:04d}-{m:02d}-{d:02d}")


def _number(text: str, wan: str | None) -> int | None:
    try:
        value = float(re.sub(r"[,，]", "", text))
    except ValueError:
        return None
    return int(round(value * 10000)) if wan else int(value)


def published_date(value: str, text: str) -> str | None:
    """A notice's date as its envelope writes it (2021-06-18, 2021年6月18日, RFC 822 "Fri, 18 Jun 2021 …",
    ISO with time) or, without a year ("06-18", "6月18日"), in the year the notice text speaks of."""
    value = (value or "").strip()
    if not value:
        return None
    found = parse_date(re.sub(r"^\s*[A-Za-z]{3},\s*", "", value)) or parse_date(value[:10])
    if found:
        return found
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = re.search(r"(?:发布时间|日期)?\s*[:：]?\s*(" + DAY + ")", prepared(value))
    if m:
        return _date_of(m.group(1))
    m = re.fullmatch(r"\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", prepared(value))
    years = re.findall(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月", prepared(text))
    if m and years:
        return parse_date(f"{years[0]}-{int(m.group(1)):02d}-{int(m.group(2)):02d}")
    return None


# --- reading a notice ----------------------------------------------------------------------------------
def _sentence(view: str, start: int, end: int) -> str:
    s = max(view.rfind(c, 0, start) for c in "，。；\n")
    e = min([i for i in (view.find(c, end) for c in "。；\n") if i >= 0] or [len(view)])
    return view[s + 1:e]


def production_ranges(view: str) -> list[tuple[str, str, int, int]]:
    out = []
    for m in RANGE.finditer(view):
        if not PRODUCTION_CUE.search(_sentence(view, m.start(), m.end())):
            continue  # a recall period or a sales period, not when the vehicles were made
        begin, end = _date_of(m.group(1)), _date_of(m.group(2), end_of_month=True)
        if begin and end and begin <= end:
            out.append((begin, end, m.start(), m.end()))
    return out


def _filers(view: str, text: str, sec: dict[str, tuple[str, int, int]], title: str) -> tuple[list[tuple[str, int, int]],
                                                                                           str | None]:
    """Filers with spans, and the principal a filer acts for ("X代表Y", "X受委托")."""
    if "producer" in sec:
        value, start, _ = sec["producer"]
        first = value.split("\n", 1)[0].strip()
        return [(first, start, start + len(first))], None
    for m in OPENING.finditer(view):
        begin = max(view.rfind(c, 0, m.start()) for c in "。；\n！？") + 1
        segment = view[begin:m.start()]
        # after the last comma unless that comma only follows a lead word (日前，X根据…)
        parts = re.split(r"[，,]", segment)
        cut = len(segment) - len(parts[-1])
        if not parts[-1].strip() or not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", parts[-1]):
            continue
        lead = LEAD.match(parts[-1])
        start = begin + cut + (lead.end() if lead else 0)
        seg = view[start:m.start()].rstrip()
        principal = None
        acting = ACTING.match(seg)
        if acting:
            principal = acting.group(2).strip(" 的，,") or None
            seg = acting.group(1)
        seg = re.sub(r"(?:（以下简称[^）]*）|\(以下简称[^)]*\)|已|现|也)$", "", seg.strip())
        if len(seg) < 2:
            continue
        return _split_filers(text, start, seg), principal
    for source, offset in ((view, 0),):
        m = FILER_VERB.search(source)
        if m:
            return _split_filers(text, offset + m.start(1), m.group(1).strip()), None
    return [], None


def _split_filers(text: str, start: int, seg: str) -> list[tuple[str, int, int]]:
    out = []
    pos = 0
    for part in SPLIT_FILERS.split(seg):
        at = seg.find(part, pos)
        pos = at + len(part)
        name = part.strip(" ，,")
        if len(name) >= 2:
            s = start + at + (len(part) - len(part.lstrip(" ，,")))
            out.append((text[s:s + len(name)], s, s + len(name)))
    return out


LEGAL_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|厂)$")
TRADE_TAIL = re.compile(r"(?:汽车工业|汽车制造|汽车销售|汽车科技|汽车|客车|新能源|科技|制造|销售|工业|技术|投资|贸易|控股|"
                        r"股份|实业|发展)+$")


def filer_make(name: str) -> str | None:
    """The make of a filer the brand data does not know: its name without bracketed region, legal form and
    trade words ("星河示例汽车有限公司" -> 星河示例)."""
    short = re.sub(r"[（(][^）)]*[）)]", "", prepared(fold(name)))
    short = TRADE_TAIL.sub("", LEGAL_TAIL.sub("", short)).strip()
    return short.upper() if len(key(short)) >= 2 else None


def _make_for(model: str, candidates: list[str]) -> tuple[str | None, str | None]:
    """(make, canonical model) of a model name among candidate makes, else anywhere it is known."""
    for make in candidates:
        found = known_model(make, model)
        if found:
            return make, found
    hit = find_make_model(model)
    return (hit[0], hit[1]) if hit and key(model) in {k for k in makes()[0][hit[0]].models} else (None, None)


MAX_ITEM_CHARS = 400  # characters before a vehicle noun that can name its vehicles


def vehicle_items(text: str, view: str, regions: list[tuple[int, int]], makers_brands: list[str],
                  fallback_make: str | None) -> list[VehicleItem]:
    """The vehicles named in the regions of a notice: "部分2018款、2019款凯美瑞汽车", "进口奥迪A6L、Q5L汽车",
    "Model S和Model X电动汽车" — each with its make, model, model years and span."""
    out: list[VehicleItem] = []
    for r_start, r_end in regions:
        previous = r_start  # end of the previous vehicle noun: a list never reaches back past it
        for noun in NOUN.finditer(view, r_start, r_end):
            if NOT_AFTER_NOUN.match(view[noun.end():noun.end() + 6]) or view[max(0, noun.start() - 2):noun.start()] \
                    == "缺陷":
                continue
            # a list of vehicles before its noun is a sentence, not a page: looking further back made a
            # long text without stops cost noun count x text length
            window, previous = max(previous, noun.start() - MAX_ITEM_CHARS), noun.end()
            stop = max([m.end() for m in HARD_STOP.finditer(view, window, noun.start())] or [window])
            starters = [m.end() for m in STARTER.finditer(view, stop, noun.start())]
            begin = max([stop, *starters])
            out += _items(text, view, begin, noun.start(), makers_brands, fallback_make)
    seen, unique = set(), []
    for item in out:
        k = (item.make, key(item.model), tuple(item.years))
        if k not in seen:
            seen.add(k)
            unique.append(item)
    return unique


def _items(text: str, view: str, begin: int, end: int, makers_brands: list[str],
           fallback_make: str | None) -> list[VehicleItem]:
    body = view[begin:end]
    if not body.strip():
        return []
    items: list[VehicleItem] = []
    pending_years: list[int] = []
    last_make: str | None = None
    pos = 0
    for piece in ITEM_SPLIT.split(body):
        at = body.find(piece, pos)
        pos = at + len(piece)
        if not piece.strip():
            continue
        s, e = begin + at, begin + at + len(piece)
        years: list[int] = []
        for y in YEARS.finditer(piece):
            a, b = int(y.group(1)), int(y.group(2) or y.group(1))
            years += list(range(a, b + 1)) if a <= b <= a + 10 else [a]
        rest = YEARS.sub(" ", piece)
        alt = re.findall(r"[（(]([^）)]{1,30})[）)]", rest)
        rest = re.sub(r"[（(][^）)]*[）)]", " ", rest)
        make = None
        mentions = [m for m in brand_mentions(rest) if key(m.text) not in makers()]
        if mentions:
            make = mentions[0].make
            m0 = mentions[0]
            rest = rest[:m0.start] + " " + rest[m0.end:]
        else:
            mark = BRAND_MARK.match(rest.strip())
            if mark:  # "示例牌XK5040", "示例汽车凌风S": a brand the vocabulary does not know
                make = normalise_make(mark.group(1))
                rest = rest.strip()[mark.end():]
        rest = STRIP_WORDS.sub(" ", rest)
        model = re.sub(r"\s+", " ", rest).strip(" ·-")
        if not model or GENERIC.match(model) or not MODEL_CHARS.match(model) or re.search(r"生产|日期|召回|存在", model):
            if years and not model:
                pending_years += years
            if make and not model:
                last_make = make
            continue
        years = sorted(set(years + pending_years))
        pending_years = []
        canonical = None
        if make:
            canonical = known_model(make, model) or next((known_model(make, a) for a in alt if known_model(make, a)),
                                                         None)
        else:
            make, canonical = _make_for(model, ([last_make] if last_make else []) + makers_brands)
            if not make:
                for a in alt:
                    make, canonical = _make_for(a, makers_brands)
                    if make:
                        break
        trusted = bool(years or mentions or canonical or re.search(r"[A-Za-z0-9]", model))
        if not trusted:
            continue  # "可能导致车辆…": words before a vehicle noun that are no model
        make = make or last_make or (makers_brands[0] if makers_brands else None) or fallback_make
        last_make = make
        items.append(VehicleItem(make, canonical or model, years, s, e))
    if items and pending_years:  # "凯美瑞2019款汽车": years after the model
        for it in items:
            it.years = sorted(set(it.years + pending_years))
    shared = sorted({y for it in items for y in it.years})
    for it in items:  # "2019款凯美瑞、汉兰达汽车": the years written once stand for every model of the phrase
        if not it.years:
            it.years = shared
    return items


def _units(view: str, sec: dict[str, tuple[str, int, int]], title_end: int) -> int | None:
    if "units" in sec:
        m = BARE_UNITS.search(prepared(sec["units"][0])) or re.search(r"([0-9][0-9,，]*)", prepared(sec["units"][0]))
        if m:
            return _number(m.group(1), m.group(2) if m.lastindex and m.lastindex >= 2 else None)
    body = view[title_end:]
    total = GRAND_TOTAL.search(body)
    if total:
        g = [x for x in total.groups()]
        number, wan = (g[0], g[1]) if g[0] else (g[2], g[3])
        return _number(number, wan)
    body = re.sub(r"共计辆", "共计", body)  # a garbled republication: "共计辆12345辆"
    counts = [(m.start(), _number(m.group(1), m.group(2))) for m in UNITS.finditer(body)]
    counts = [(s, n) for s, n in counts if n]
    if not counts:
        scope = next((p for p in body.split("\n") if "召回" in p and ("款" in p or "生产" in p)), "")
        bare = [m for m in BARE_UNITS.finditer(scope)]
        return _number(bare[-1].group(1), bare[-1].group(2)) if bare else None
    values = [n for _, n in counts]
    if len(values) == 1:
        return values[0]
    if len(set(values)) == 1:
        return values[0]  # the same count written twice (opening and a labelled field)
    return sum(dict.fromkeys(values))  # batches: 共计N辆 each


DEFECT_CUE = re.compile(r"由于|因为|原因|缺陷|隐患|可能导致|可能造成|可能引发|存在.{0,10}(?:风险|问题)")
REMEDY_CUE = re.compile(r"免费|将通过|更换|升级|检修|修复|加装|紧固|调整|消除(?:安全)?隐患|维修措施|召回措施|联系用户|"
                        r"OTA|远程")
CONTACT = re.compile(r"拨打|热线|登录|网站|微信|咨询|反映|投诉|关注|客服|服务电话|了解更多|咨询电话")


def _sentences(text: str, view: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a notice (ended by 。！？ or a line end), surrounding spaces left out."""
    out = []
    for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", view):
        s, e = m.start(), m.end()
        while s < e and view[s] in " \t\u3000":
            s += 1
        if view[s:e].strip():
            out.append((s, e))
    return out


def _run(text: str, view: str, sentences: list[tuple[int, int]], skip: set[int], test: Any,
         stop: re.Pattern[str] | None = None) -> tuple[str, int] | None:
    """The first run of sentences that pass `test` (not in `skip`), up to a skipped sentence, a paragraph
    end or a `stop` sentence: (text, start)."""
    first = next((i for i, (s, e) in enumerate(sentences) if i not in skip and test(view[s:e])), None)
    if first is None:
        return None
    last = first
    for i in range(first + 1, len(sentences)):
        s, e = sentences[i]
        if i in skip or (stop and stop.search(view[s:e])) or "\n" in view[sentences[last][1]:s]:
            break
        if not test(view[s:e]) and not (stop and REMEDY_CUE.search(view[s:e])):
            break
        last = i
    s, e = sentences[first][0], sentences[last][1]
    return text[s:e], s


def _vehicle_brands(text: str, filers: list[tuple[str, int, int]], offset: int) -> list[Any]:
    """Brand names of vehicles in `text`: not inside a filer's name ("示例星途汽车有限公司"), not a maker's own
    name (一汽-大众, 东风日产 name enterprises; their brands come from the maker data)."""
    out = []
    for m in brand_mentions(text):
        s, e = m.start + offset, m.end + offset
        if any(fs <= s and e <= fe for _, fs, fe in filers) or key(m.text) in makers():
            continue
        if re.match(r"^[\u4e00-\u9fffA-Za-z（）()]{0,12}(?:有限公司|公司|集团)", prepared(text[m.end:m.end + 20])):
            continue  # part of a company's name
        out.append(m)
    return out


def parse(text: str, title_hint: str = "", date_hint: str = "") -> Notice:
    view = prepared(text)
    sec = headed_sections(text, LABELS)
    lines = text.split("\n")
    first = lines[0].strip(" \t\u3000") if lines else ""
    title = title_hint.strip() or (first if is_heading(first) else "")
    title_end = text.find(title) + len(title) if title and text.find(title) >= 0 else 0
    notice = Notice(title)
    notice.filers, notice.principal = _filers(view, text, sec, title)
    # numbers, dates
    label = NUMBER_LABEL.search(view)
    numbers = re.split(r"\s*[、,，/]\s*", label.group(1)) if label else []
    numbers += RECALL_NUMBER.findall(view)
    notice.numbers = list(dict.fromkeys(fold(n).upper().replace("－", "-") for n in numbers if n))
    notice.investigation = any(n.endswith("I") and RECALL_NUMBER.fullmatch(n) for n in notice.numbers) or bool(
        INVESTIGATION.search(view))
    ranges = production_ranges(view)
    notice.ranges = [(b, e) for b, e, _, _ in ranges]
    notice.published = (published_date(date_hint, text)
                        or (published_date(sec["published"][0].split("\n")[0], text) if "published" in sec else None))
    start_m = None
    if "start" in sec:
        notice.start_date = published_date(sec["start"][0].split("\n")[0], text)
    if not notice.start_date:
        start_m = next((m for m in START.finditer(view)
                        if not any(s <= m.start(1) < e for _, _, s, e in ranges)), None)
        if start_m:
            notice.start_date = notice.published if start_m.group(1) == "即日" else _date_of(start_m.group(1))
    notice.units = _units(view, sec, title_end)
    # defect, remedy: their sections, else the sentences that state them
    sentences = _sentences(text, view)
    title_sentences = {i for i, (s, e) in enumerate(sentences) if e <= title_end}
    opening = {i for i, (s, e) in enumerate(sentences) if OPENING.search(view[s:e]) or
               (re.search(r"召回", view[s:e]) and re.search(r"款|生产|共计|\d\s*(?:辆|台)", view[s:e])
                and not DEFECT_CUE.search(view[s:e]) and not REMEDY_CUE.search(view[s:e]))}
    if "defect" in sec:
        d, s0, _ = sec["defect"]
        if "consequence" in sec and 0 <= sec["consequence"][1] - (s0 + len(d)) <= 12:
            d = text[s0:sec["consequence"][2]]
        notice.defect = (d, s0)
    else:
        notice.defect = _run(text, view, sentences, title_sentences | opening,
                             lambda v: bool(DEFECT_CUE.search(v)) and not REMEDY_CUE.search(v[:25]))
    if "remedy" in sec:
        r, s0, _ = sec["remedy"]
        notice.remedy = (r, s0)
    else:
        taken = set(title_sentences | opening)
        if notice.defect:
            d_end = notice.defect[1] + len(notice.defect[0])
            taken |= {i for i, (s, e) in enumerate(sentences) if notice.defect[1] <= s < d_end}
        notice.remedy = _run(text, view, sentences, taken,
                             lambda v: bool(REMEDY_CUE.search(v)) and not re.search(r"^[^，]{0,30}(?:由于|因为)", v),
                             stop=CONTACT)
    ota_text = prepared(notice.remedy[0]) if notice.remedy else view
    notice.ota = bool(OTA.search(ota_text))
    version = VERSION.search(ota_text)
    notice.software = version.group(1).strip() if version and notice.ota else None
    # vehicles
    maker_brands: list[str] = []
    for name, _, _ in notice.filers:
        maker = maker_of(name)
        if maker:
            maker_brands += [b for b in maker.brands if b not in maker_brands]
    fallback = next((find_make(n) for n, _, _ in notice.filers if find_make(n)), None)
    if not fallback and not maker_brands and notice.filers:
        fallback = filer_make(notice.filers[0][0])  # a maker the vocabulary does not know: its own name
    mentioned = [m.make for m in _vehicle_brands(title, notice.filers, 0)]
    scope_at = sec["scope"][1] if "scope" in sec else title_end
    mentioned += [m.make for m in _vehicle_brands(sec["scope"][0] if "scope" in sec else text[title_end:title_end + 600],
                                                  notice.filers, scope_at)]
    ordered = list(dict.fromkeys([b for b in mentioned if b in maker_brands] + maker_brands + mentioned))
    regions = [(0, title_end)] if title_end else []
    if "scope" in sec:
        regions.append((sec["scope"][1], sec["scope"][2]))
    regions += [sentences[i] for i in sorted(opening - title_sentences)]
    items = vehicle_items(text, view, regions or [(0, len(text))], ordered, fallback or (ordered[0] if ordered else None))
    if not any(it.make for it in items):
        hit = find_make_model(view[:title_end] + (sec["scope"][0] if "scope" in sec else ""))
        if hit:
            at = view.find(hit[1])
            items = [VehicleItem(hit[0], hit[1], [], max(at, 0), max(at, 0) + len(hit[1]))]
    years_from_range = sorted({y for b, e in notice.ranges for y in range(int(b[:4]), int(e[:4]) + 1)}
                              ) if notice.ranges and all(int(e[:4]) - int(b[:4]) <= 10 for b, e in notice.ranges) else []
    merged: dict[tuple[str | None, str], VehicleItem] = {}
    for it in items:  # one model named in the title and again in the scope: one vehicle, the scope's span
        k = (it.make, key(it.model))
        if k not in merged:
            merged[k] = it
        elif it.years:
            kept = merged[k]
            merged[k] = VehicleItem(it.make, it.model, sorted(set(kept.years + it.years)), it.start, it.end)
    items = list(merged.values())
    for it in items:
        if not it.years:
            it.years = years_from_range  # no model years printed: the production years stand for them
    notice.vehicles = [it for it in items if it.make]
    notice.brands = list(dict.fromkeys([it.make for it in notice.vehicles if it.make] + mentioned
                                       + ([] if notice.vehicles or mentioned else maker_brands[:1])))
    scope_text = prepared(sec["scope"][0]) if "scope" in sec else view[:800]
    notice.origin = ("进口及国产" if "进口" in scope_text and "国产" in scope_text else "进口" if "进口" in scope_text
                     else "国产" if "国产" in scope_text else None)
    return notice


# --- facts ---------------------------------------------------------------------------------------------
def extract(raw: RawRecord) -> Extraction:
    payload: Any = raw.payload
    if isinstance(payload, str):
        payload = {"text": payload}
    text: str = payload.get("text") or ""
    notice = parse(text, payload.get("title") or "", payload.get("date") or "")
    if not notice.vehicles and not notice.brands:
        raise RecordRejected("no vehicle found: the notice names no brand, maker or model of vehicle "
                             f"({text.strip()[:60]!r})")
    when = notice.published or notice.start_date
    title = notice.title or re.split(r"[。\n]", text.strip(), maxsplit=1)[0][:80]
    doc = Document(NAME, raw.file, raw.record_id, text, when, "zh", title[:200])
    facts = Facts(doc, "cn_recall_notices")
    if notice.numbers:
        number = notice.numbers[0]
    else:
        number = "CN-" + stable_id(sorted(n for n, _, _ in notice.filers),
                                   sorted((it.make, key(it.model), tuple(it.years)) for it in notice.vehicles),
                                   notice.brands if not notice.vehicles else "", notice.ranges, notice.units,
                                   notice.start_date or notice.published)[:12]
    begin = min((b for b, _ in notice.ranges), default=None)
    end = max((e for _, e in notice.ranges), default=None)
    rid = facts.node("Recall", f"recall:cn:{number}", {
        "campno": number, "date": when, "lang": "zh", "units": notice.units,
        "begin_manufacture": begin, "end_manufacture": end, "start_date": notice.start_date,
        "remedy": notice.remedy[0][:500] if notice.remedy else None,
        "defect": notice.defect[0][:500] if notice.defect else None,
        "ota": notice.ota, "software_version": notice.software, "origin": notice.origin,
        "brands": notice.brands, "models": list(dict.fromkeys(it.model for it in notice.vehicles)),
        "recall_numbers": notice.numbers, "title": title[:200],
        "influenced_by": "SAMR" if notice.investigation else None,
    }, terms=terms_for(title))
    filer_ids = []
    for name, s, e in notice.filers:
        try:
            eid = enterprise_id(name=name)
        except ValueError:
            continue
        filer_ids.append(eid)
        facts.node("Enterprise", eid, {"name": fold(name)}, span=(s, e), terms=terms_for(name))
        facts.rel("FILED", ("Enterprise", eid), ("Recall", rid), span=(s, e))
    vids = []
    for it in notice.vehicles:
        assert it.make is not None
        maker = maker_of(notice.filers[0][0]) if notice.filers else None
        manufacturer = notice.filers[0][0] if maker and it.make in maker.brands and maker.kind in (
            "joint venture", "manufacturer") else None
        model = normalise_model(it.make, it.model) or it.model
        for year in it.years:
            if parse_year(str(year)) is None:
                continue
            vid = facts.vehicle(it.make, model, year, lang="zh", manufacturer=manufacturer, span=(it.start, it.end))
            if vid not in vids:
                vids.append(vid)
                facts.rel("COVERS", ("Recall", rid), ("VehicleModel", vid), span=(it.start, it.end))
    if not vids:  # no model year or production date: the recall covers the make (or makes) it names
        for make in dict.fromkeys([it.make for it in notice.vehicles if it.make] + notice.brands):
            mid = facts.node("Make", make_id(make), {"name": make})
            facts.rel("COVERS", ("Recall", rid), ("Make", mid))
    defect, offset = notice.defect if notice.defect else (title, max(text.find(title), 0))
    view = prepared(defect)
    found = analyse(view, "zh")
    if not found.components:
        found.components = [("UNKNOWN OR OTHER", (0, 0))]
    facts.narrative(("Recall", rid), found, offset=offset, with_components=True)
    link_suppliers(facts, ("Recall", rid), vids, sorted({p.split(":", 1)[0] for p, _ in found.components}),
                   _with_names(found, defect), offset)
    return facts.extraction()


def _with_names(found: Any, text: str) -> Any:
    """Supplier and platform names as the stored text writes them (the analysis ran on the prepared view)."""
    found.suppliers = [(text[s:e], (s, e)) for _, (s, e) in found.suppliers]
    found.platforms = [(text[s:e], (s, e)) for _, (s, e) in found.platforms]
    return found


SOURCE = SourceKind(NAME, "vehicles",
                    "Chinese recall notices: HTML pages, RSS items, JSON documents or lines with a text field, plain text",
                    read, extract, suffixes=(".txt", ".text", ".jsonl", ".json", ".ndjson", ".html", ".htm", ".shtml",
                                             ".xhtml", ".xml", ".rss", ".atom"), after_ingest="documents")
