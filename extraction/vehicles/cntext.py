"""Chinese text records as they are published (recall notices, owner complaints): files decoded once as a
whole, markup stripped (HTML pages, RSS items, JSON fields), republication noise removed, records split at
their headings, labelled sections ("生产者：…", "一、召回范围", "【召回原因】") read with their character spans,
and brand and maker names found. Spans always point into the text that is stored (the cleaned text)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any, BinaryIO

from core.textio import decode_bytes, undecodable
from extraction.common.names import fold_same_length
from extraction.vehicles.vocab import Maker, brand_names, key, load, makers, makes
from graph.records import RawRecord, stable_id

SEPARATOR = re.compile(r"^\s*(?:[=＝\-－—_~～*＊#]{3,}|\f)\s*$")
LEGACY = "gb18030"  # what a Chinese file that is not UTF-8 (or UTF-16) is written in
MAX_CHARS = 200_000


# --- normalising ---------------------------------------------------------------------------------------
@lru_cache
def _t2s() -> dict[int, str]:
    table = load("t2s.yaml")
    trad, simp = (re.sub(r"\s+", "", table[k]) for k in ("traditional", "simplified"))
    return {ord(t): s for t, s in zip(trad, simp, strict=True)}


def prepared(text: str) -> str:
    """The text to match patterns on: full-width letters, digits and punctuation folded and Traditional
    characters read as Simplified, one character for one, so a span found in it is a span of `text`."""
    return fold_same_length(text).translate(_t2s())


PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")  # lower case: not (OTA)
LINK_WORDS = "参数|图片|询价|配置|参配|口碑|报价|车型|视频|论坛"
LINK_LABEL = re.compile(rf"[(（](?:{LINK_WORDS})(?:\s*[丨|、,，/]\s*(?:{LINK_WORDS}))*[)）]")
NOISE_LINE = re.compile(r"^\s*(?:责任编辑|好评理由|差评理由|分享到|相关阅读|相关新闻|相关链接|扫一扫|版权声明|免责声明|"
                        r"点击(?:查看|进入)|上一篇|下一篇|返回顶部|打印本页|关闭窗口)")
REPEATED_PUNCT = re.compile(r"([，,。；;])[，,。；;]+")
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")


def clean(text: str) -> str:
    """Republication noise removed: invisible characters, non-breaking spaces, pinyin inserted after
    characters (國(guó)家), link labels after model names ((参数丨图片)), editor and share lines, doubled
    punctuation, runs of blank lines. Clean text is left as it is."""
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))
    text = text.replace("\u00a0", " ")
    text = PINYIN.sub("", text)
    text = LINK_LABEL.sub("", text)
    text = REPEATED_PUNCT.sub(r"\1", text)
    lines = [ln.rstrip() for ln in text.split("\n") if not NOISE_LINE.match(ln)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# --- HTML ----------------------------------------------------------------------------------------------
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "dd", "dt", "dl", "blockquote", "pre", "hr", "td", "th", "title", "header", "main"}
SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "aside", "form", "select", "option", "button",
             "iframe", "svg", "canvas", "template", "head"}
CONTENT_HINT = re.compile(r"TRS_Editor|article|content|detail|main[-_]?text|news[-_]?(?:txt|text|con)|show[-_]?con|"
                          r"post[-_]?body|text[-_]?con|zw|正文", re.I)
TITLE_HINT = re.compile(r"show[-_]?tit(?!2)|article[-_]?title|news[-_]?title|detail[-_]?title|^title$", re.I)
DATE_HINT = re.compile(r"show[-_]?tit2|pub[-_]?(?:date|time)|publish|article[-_]?info|news[-_]?info|date|time",
                       re.I)
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}


class _Page(HTMLParser):
    """Text of an HTML page or fragment: the whole text, the text of the content element (class or id
    like TRS_Editor, article, content), the title (h1 / show_tit / <title>) and a publication line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.content: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.dated: list[str] = []
        self.meta: dict[str, str] = {}
        self.stack: list[tuple[str, bool, bool, bool, bool, bool]] = []  # tag, skip, content, title, h1, date

    def _state(self) -> tuple[bool, bool, bool, bool, bool]:
        if not self.stack:
            return False, False, False, False, False
        _, skip, content, title, h1, date = self.stack[-1]
        return skip, content, title, h1, date

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta[name] = a["content"]
            return
        if tag in BLOCK_TAGS:
            self._emit("\n")
        if tag in VOID_TAGS:
            return
        skip, content, title, h1, date = self._state()
        marks = f"{a.get('class', '')} {a.get('id', '')}"
        self.stack.append((tag, skip or tag in SKIP_TAGS, content or bool(CONTENT_HINT.search(marks)),
                           title or tag == "title" or bool(TITLE_HINT.search(marks)), h1 or tag == "h1",
                           date or bool(DATE_HINT.search(marks))))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed inner tags
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in BLOCK_TAGS:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        self._emit(data)

    def _emit(self, data: str) -> None:
        skip, content, title, h1, date = self._state()
        if skip:
            return
        self.all.append(data)
        if content:
            self.content.append(data)
        if title:
            self.title.append(data)
        if h1:
            self.h1.append(data)
        if date:
            self.dated.append(data)


def _lines(parts: list[str]) -> str:
    text = "".join(parts).replace("\u00a0", " ")
    return "\n".join(ln.strip(" \t") for ln in text.split("\n") if ln.strip(" \t\u3000"))


def _cjk(text: str) -> int:
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")


@dataclass
class Page:
    title: str
    date: str
    body: str


def html_text(markup: str) -> Page:
    """The readable text of an HTML page or fragment: block elements end lines, scripts, styles and page
    furniture (nav, footer, forms) dropped, entities read; the content element's text when the page has
    one, else all of it. The title without its site suffix ("… _汽车之家")."""
    page = _Page()
    page.feed(markup)
    page.close()
    whole, content = _lines(page.all), _lines(page.content)
    body = content if _cjk(content) >= 20 or (content and not _cjk(whole)) else whole
    title = _lines(page.h1) or _lines(page.title) or page.meta.get("og:title", "")
    title = re.split(r"\s*(?:[_|｜]|--| - )\s*", title.split("\n")[0])[0].strip() if title else ""
    date = _lines(page.dated) or page.meta.get("publishdate") or page.meta.get("pubdate") or page.meta.get(
        "article:published_time") or page.meta.get("og:release_date") or ""
    return Page(title, date[:80], body)


def strip_markup(text: str) -> str:
    """Text of a field that may hold HTML (an RSS description, a JSON content field), entities read."""
    if re.search(r"<\s*/?\s*[a-zA-Z][^>]*>", text):
        return html_text(text).body
    return html.unescape(text)


# --- shapes of a file ----------------------------------------------------------------------------------
TEXT_KEYS = ("text", "content", "body", "description", "desc", "article", "detail", "details", "正文", "内容",
             "html", "summary", "notice", "txt", "cont", "articleContent", "contentText", "newsContent", "full_text")
TITLE_KEYS = ("title", "nTitle", "name", "标题", "headline", "subject", "newsTitle", "articleTitle")
DATE_KEYS = ("pubDate", "pub_date", "publishTime", "publish_time", "publishDate", "publish_date", "releaseDate",
             "release_date", "time", "date", "发布时间", "发布日期", "created_at", "createTime", "ctime", "updated")
URL_KEYS = ("url", "link", "href", "source_url", "sourceUrl", "原文链接")
ID_KEYS = ("id", "guid", "recall_no", "recallNo", "召回编号", "docid", "doc_id", "uuid", "nId")
LIST_KEYS = ("data", "items", "list", "rows", "records", "result", "results", "notices", "articles", "entries",
             "docs", "hits", "content")


@dataclass
class Item:
    """One published record before parsing: its clean text and what its envelope said about it."""

    text: str
    title: str = ""
    date: str = ""
    url: str = ""
    ident: str = ""
    shape: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "title": self.title, "date": self.date, "url": self.url, "shape": self.shape}


def _pick(obj: dict[str, Any], keys: tuple[str, ...]) -> str:
    lower = {str(k).lower(): v for k, v in obj.items()}
    for k in keys:
        v = lower.get(k.lower())
        if isinstance(v, (str, int, float)) and str(v).strip():
            return str(v).strip()
    return ""


def _json_item(obj: dict[str, Any], shape: str) -> Item | None:
    body = _pick(obj, TEXT_KEYS)
    if not body:  # no known text key: the longest Chinese string value
        strings = [v for v in obj.values() if isinstance(v, str) and _cjk(v) >= 20]
        body = max(strings, key=len) if strings else ""
    if not body:
        return None
    title = strip_markup(_pick(obj, TITLE_KEYS)).strip()
    text = clean(strip_markup(body))
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return Item(text, title, _pick(obj, DATE_KEYS), _pick(obj, URL_KEYS), _pick(obj, ID_KEYS), shape)


def _json_objects(doc: Any, depth: int = 0) -> list[dict[str, Any]]:
    """The notice objects of a JSON document: a list of objects, or the list an envelope holds
    (data / items / list / result …, two levels deep), or the object itself."""
    if isinstance(doc, list):
        return [x for x in doc if isinstance(x, dict)]
    if not isinstance(doc, dict):
        return []
    if depth < 3:
        for k, v in doc.items():
            if str(k) in LIST_KEYS or str(k).lower() in LIST_KEYS:
                found = _json_objects(v, depth + 1)
                if found:
                    return found
    return [doc]


ITEM = re.compile(r"<(item|entry)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


def _xml_field(block: str, *names: str) -> str:
    for name in names:
        m = re.search(rf"<{name}\b([^>]*)>(.*?)</{name}\s*>", block, re.S | re.I)
        if m:
            inner = m.group(2)
            if "<![CDATA[" in inner:
                return "".join(CDATA.findall(inner)).strip()
            return html.unescape(inner).strip()  # escaped HTML in a text node
        m = re.search(rf"<{name}\b[^>]*\bhref=[\"']([^\"']+)", block, re.I)  # <link href="…"/> (Atom)
        if m:
            return m.group(1)
    return ""


def rss_items(text: str) -> list[Item]:
    """The items of an RSS 2.0 or Atom feed: title, link, publication date, category and the description
    (or content) as text, markup stripped. Read item by item, so one broken item spoils only itself."""
    items = []
    for m in ITEM.finditer(text):
        block = m.group(2)
        title = strip_markup(_xml_field(block, "title")).strip()
        body = _xml_field(block, "content:encoded", "description", "content", "summary")
        page = html_text(body) if re.search(r"<\s*[a-zA-Z]", body) else Page("", "", html.unescape(body))
        text = clean(page.body)
        if title and not text.lstrip().startswith(title):
            text = f"{title}\n{text}"
        items.append(Item(text, title, _xml_field(block, "pubDate", "dc:date", "published", "updated"),
                          _xml_field(block, "link"), _xml_field(block, "guid", "id"), "rss",
                          {"category": _xml_field(block, "category")}))
    return items


def sniff_shape(name: str, text: str) -> str:
    """json (a document), jsonl (one object a line), rss, html or text, from the content (and the name
    only where the content leaves it open)."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    lower = head.lower()
    if head.startswith(("{", "[")):
        if _whole_json(text) is not None:
            return "json"
        first = head.split("\n", 1)[0].strip()
        for line in [ln for ln in text.lstrip("\ufeff").split("\n", 6)[:6] if ln.strip()][:3]:
            try:
                if isinstance(json.loads(line), (dict, list)):
                    return "jsonl"  # one record a line (a broken line among them is rejected alone)
            except ValueError:
                continue
        if first in ("{", "[") or first.endswith(("{", "[", ",")) or re.match(r'^[\[{]\s*"', first):
            return "json"  # a JSON document that does not parse: one clear error, not one per line
        return "text"  # "[示例汽车网 资讯] 日前，…": a bracketed news prefix
    if head.startswith("<"):
        if re.search(r"<rss\b|<feed\b|<channel\b|<rdf:rdf\b", lower) or (lower.startswith("<?xml")
                                                                         and "<item" in text[:20000].lower()):
            return "rss"
        return "html"
    if name.lower().endswith((".html", ".htm", ".shtml", ".xhtml")):
        return "html"
    return "text"


def _whole_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def read_items(file_name: str, stream: BinaryIO, starts: re.Pattern[str] | None = None,
               max_chars: int = MAX_CHARS) -> Iterator[RawRecord]:
    """The records of a file of Chinese notices, whatever its shape: a JSON document (a list, or an envelope
    holding one), JSON lines (one record a line, never merged), an RSS or Atom feed (one record an item), an
    HTML page (one record, or several when the page holds several notices under their headings) or plain
    text (split at rule lines and headings). Payload: {"text", "title", "date", "url", "shape"}."""
    try:
        data = stream.read()
    except (OSError, EOFError) as exc:
        yield RawRecord(file_name, "(file)", 0, None, f"unreadable file: {exc}")
        return
    text, encoding = decode_bytes(data, LEGACY)
    shape = sniff_shape(file_name, text)
    found: list[tuple[int, Item | None, str | None]] = []  # (line, item, error)
    if shape == "json":
        doc = _whole_json(text)
        if doc is None:
            try:
                json.loads(text)
            except ValueError as exc:
                yield RawRecord(file_name, "(file)", 0, None,
                                f"a JSON document that does not parse ({exc}); accepted are JSON documents, JSON "
                                f"lines, RSS / Atom feeds, HTML pages and plain text")
            return
        for obj in _json_objects(doc):
            item = _json_item(obj, "json")
            found.append((1, item, None if item else f"record without a text field (keys {sorted(obj)[:8]})"))
    elif shape == "jsonl":
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                found.append((n, None, f"line {n} is not a JSON object ({exc.msg} at column {exc.colno})"))
                continue
            objs = _json_objects(obj) if isinstance(obj, (dict, list)) else []
            if not objs:
                found.append((n, None, f"line {n} holds a JSON {type(obj).__name__}, not an object"))
            for obj in objs:
                item = _json_item(obj, "jsonl")
                found.append((n, item, None if item else f"line {n}: no text field (keys {sorted(obj)[:8]})"))
    elif shape == "rss":
        found = [(1, item, None) for item in rss_items(text)]
        if not found:
            found.append((1, None, "an XML file without RSS <item> or Atom <entry> elements"))
    elif shape == "html":
        page = html_text(text)
        body = clean(page.body)
        if page.title and page.title not in body[:300]:
            body = f"{page.title}\n{body}"
        found = [(1, Item(t, page.title if i == 0 else "", page.date, "", "", "html"), None)
                 for i, (t, _line) in enumerate(split_blocks(body, starts))]
    else:
        found = [(line, Item(t, shape="text"), None) for t, line in split_blocks(clean_keep_lines(text), starts)]
    seen: dict[str, int] = {}
    for n, item, error in found:
        if item is None:
            yield RawRecord(file_name, f"line {n}", n, None, error)
            continue
        bad = undecodable(item.text + item.title + item.ident + item.date + item.url, encoding)
        if bad:
            yield RawRecord(file_name, f"line {n}", n, None, bad)
            continue
        # the record's own id (JSON id, RSS guid), else where it is: a line, a page, an item; plain text by its hash
        rid = item.ident or {"jsonl": f"line {n}", "html": "page", "rss": "item", "json": "item"}.get(
            shape, "sha:" + stable_id(item.text))
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:
            rid = f"{rid}#{seen[rid]}"
        if len(item.text) > max_chars:
            yield RawRecord(file_name, rid, n, None, f"record of {len(item.text)} characters exceeds {max_chars}")
        elif not item.text.strip():
            yield RawRecord(file_name, rid, n, None, "empty record")
        else:
            yield RawRecord(file_name, rid, n, item.payload())


def clean_keep_lines(text: str) -> str:
    """`clean` for plain text files, where the record hash of generated notices must stay that of the text as
    written: only noise is removed, line structure and full-width spaces are kept."""
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))
    text = PINYIN.sub("", text.replace("\u00a0", " "))
    return REPEATED_PUNCT.sub(r"\1", LINK_LABEL.sub("", text))


# --- splitting text into records -----------------------------------------------------------------------
SECTION_WORDS = ("范围|原因|措施|编号|计划|对象|数量|时间|日期|实施|信息|公告|方式|办法|方案|情况|说明|期限|车辆信息|"
                 "车辆总数量|联系|进展|流程|通知|须知")
HEADING = re.compile(
    rf"^(?!.*(?:[>»]|根据《|按照《|依据《))"
    rf"(?:【[^】]{{0,12}}】|\[[^\]]{{0,12}}\])?\s*"
    rf"(?P<who>[^，,。；;：:\s]{{2,60}}?)\s*(?:扩大|再次|主动|自愿|决定|宣布|将|拟)?召回"
    rf"(?!(?:{SECTION_WORDS}))"
    rf"(?P<what>[^。；;：:]{{0,50}})$")
VEHICLE_CUE = re.compile(r"部分|全部|汽车|车辆|辆|轿车|客车|货车|卡车|摩托|SUV|MPV|[A-Za-z0-9]|车型|系列|新能源")
NUMBER_LINE = re.compile(r"^\s*召回编号\s*[:：]")
OPENING = re.compile(r"(?:根据|按照|依据|依照)\s*《[^》]{0,40}(?:召回|缺陷)[^》]{0,40}》")


def is_heading(line: str) -> bool:
    """A notice's title line: "{filer or brand}召回部分{vehicles}" and its news rewrites ("X召回N辆Y",
    "【召回公告】…"), not a section heading (召回范围, 一、召回原因), a sentence or a breadcrumb."""
    s = prepared(line).strip(" \t\u3000")
    if len(s) > 80 or "。" in s[:-1] or s.count("，") + s.count(",") > 1:
        return False
    m = HEADING.match(s)
    if not m:
        return False
    who = re.sub(r"^[一二三四五六七八九十\d]+[、.．)）]|^[（(][一二三四五六七八九十\d]+[)）]", "", m.group("who"))
    if len(who) < 2 or who in ("本次", "此次", "这次", "该次", "主动", "实施", "开展", "进行", "启动"):
        return False
    return bool(VEHICLE_CUE.search(m.group("what"))) or s.endswith("召回")


def split_blocks(text: str, starts: re.Pattern[str] | None = None) -> list[tuple[str, int]]:
    """(record text, first line number) of each record of a text: records end at rule lines, and a new
    one begins at a heading (`is_heading`, or `starts` when given), at a 召回编号 line when the record
    already has its number, or at an opening sentence ("…根据《缺陷汽车产品召回管理条例》…") when the
    record already has one — but never while the record holds no more than its title."""
    out: list[tuple[str, int]] = []
    block: list[str] = []
    first = 1

    def emit() -> None:
        body = "\n".join(block).strip("\n")
        if body.strip():
            out.append((body, first))

    for n, line in enumerate(text.split("\n"), start=1):
        if SEPARATOR.match(line):
            emit()
            block, first = [], n + 1
            continue
        content = [x for x in block if x.strip()]
        prep = prepared(line)
        heading = len(content) >= 2 and bool(starts.match(prep) if starts else is_heading(line)) \
            and not is_heading(content[-1])
        number = len(content) >= 2 and bool(NUMBER_LINE.match(prep)) \
            and any(NUMBER_LINE.match(prepared(x)) for x in content) and not NUMBER_LINE.match(prepared(content[-1]))
        # a second opening sentence: notices written one after another without headings
        opening = bool(content) and bool(OPENING.search(prep)) and any(OPENING.search(prepared(x)) for x in content) \
            and not is_heading(content[-1])
        starts_here = heading or number or opening
        if starts_here:
            emit()
            block, first = [], n
        block.append(line)
    emit()
    return out


def read_blocks(file_name: str, stream: BinaryIO, starts: re.Pattern[str], max_chars: int = 200_000,
                id_label: re.Pattern[str] | None = None) -> Iterator[RawRecord]:
    """Records of a plain text file (owner complaints): the file decoded once as a whole, records separated
    by rule lines or each beginning at a line matching `starts`. Payload is the record text; the record id
    is its number label when present, else a content hash. A record holding bytes the file's encoding
    cannot read is rejected with the reason."""
    try:
        data = stream.read()
    except (OSError, EOFError) as exc:
        yield RawRecord(file_name, "(file)", 0, None, f"unreadable file: {exc}")
        return
    text, encoding = decode_bytes(data, LEGACY)
    text = text.lstrip("\ufeff").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    block: list[str] = []
    first_line = 1

    def emit(lines: list[str], line_no: int) -> Iterator[RawRecord]:
        body = "\n".join(lines).strip("\n")
        if not body.strip():
            return
        bad = undecodable(body, encoding)
        if bad:
            yield RawRecord(file_name, f"line {line_no}", line_no, None, bad)
            return
        m = id_label.search(body) if id_label else None
        rid = m.group(1).strip() if m else "sha:" + stable_id(body)
        if len(body) > max_chars:
            yield RawRecord(file_name, rid, line_no, None, f"record of {len(body)} characters exceeds {max_chars}")
        else:
            yield RawRecord(file_name, rid, line_no, body)

    for n, line in enumerate(text.split("\n"), start=1):
        if SEPARATOR.match(line):
            yield from emit(block, first_line)
            block, first_line = [], n + 1
            continue
        # a start line opens a new record unless the current one is only a title so far
        if starts.match(fold_same_length(line)) and sum(1 for x in block if x.strip()) >= 2:
            yield from emit(block, first_line)
            block, first_line = [], n
        block.append(line)
    yield from emit(block, first_line)


# --- sections ------------------------------------------------------------------------------------------
def sections(text: str, labels: dict[str, str]) -> dict[str, tuple[str, int, int]]:
    """Labelled sections: {field: (value, start, end)} for lines "标签：value" (full- or half-width
    colon); a value runs on over the following lines until the next label. `labels` maps label
    text (a regex alternative) to the field name."""
    folded = fold_same_length(text)
    alt = "|".join(sorted(labels, key=len, reverse=True))
    rx = re.compile(rf"^[ \t\u3000]*({alt})[ \t\u3000]*[:：][ \t\u3000]*", re.M)
    hits = list(rx.finditer(folded))
    out: dict[str, tuple[str, int, int]] = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        value = text[m.end() : end].rstrip()
        field_name = labels[m.group(1)]
        if field_name not in out and value.strip():
            out[field_name] = (value.strip(), m.end() + (len(value) - len(value.lstrip())), m.end() + len(value))
    return out


NUMBERED = r"(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．)）])"
NUMBERING = NUMBERED + "?"


def headed_sections(text: str, labels: dict[str, str]) -> dict[str, tuple[str, int, int]]:
    """Sections under labels or headings as republished notices write them: "缺陷情况：…" on one line,
    or a heading line of its own ("一、召回范围", "【召回原因】", "召回原因" alone) with the text below it;
    a section runs to the next label or heading. {field: (value, start, end)}, spans into `text`."""
    view = prepared(text)
    alt = "|".join(sorted(labels, key=len, reverse=True))
    rx = re.compile(rf"^[ \t\u3000]*{NUMBERING}[ \t\u3000]*[【\[]?(?P<label>{alt})[】\]]?"
                    rf"(?:[ \t\u3000]*[:：][ \t\u3000]*|[ \t\u3000]*$)", re.M)
    # numbered or bracketed, a heading needs no colon or line end: "一、召回原因由于…", "【缺陷描述】由于…"
    bare = re.compile(rf"^[ \t\u3000]*(?:{NUMBERED}[ \t\u3000]*[【\[]?(?P<label>{alt})[】\]]?|"
                      rf"[【\[](?P<label2>{alt})[】\]])[ \t\u3000]*", re.M)
    found = {m.start(): m for m in bare.finditer(view)}
    found.update({m.start(): m for m in rx.finditer(view)})
    hits = [found[k] for k in sorted(found)]
    out: dict[str, tuple[str, int, int]] = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        value = text[m.end() : end]
        stripped = value.strip(" \t\u3000\n")
        name = labels[m.group("label") or m.group("label2")]
        if name not in out and stripped:
            start = m.end() + value.index(stripped)
            out[name] = (stripped, start, start + len(stripped))
    return out


# --- brands, makers, models ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    make: str
    text: str
    start: int
    end: int


@lru_cache
def _brand_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    names = brand_names()
    table = {n.lower(): (make, ambiguous) for n, make, ambiguous in names}
    parts = []
    for name, _, _ in names:
        esc = re.escape(name).replace(r"\ ", r"\s*").replace(r"\-", r"[-－—\s]?")
        if name.isascii():
            esc = rf"(?<![A-Za-z]){esc}(?![A-Za-z])"
        parts.append(esc)
    return re.compile("|".join(parts), re.I), table


CUE_BEFORE = re.compile(r"(?:款|进口|国产|部分|全部|品牌|牌|及|和|、)\s*$")
CUE_AFTER = re.compile(r"^\s*(?:牌|品牌|汽车|轿车|[A-Za-z0-9])")


def brand_mentions(text: str) -> list[Mention]:
    """Brand names in `text` (its prepared view), longest first where names overlap; a name that is also
    a common word or place (理想, 北京, 解放) only next to a vehicle cue (款, 牌, 汽车, a model code)."""
    rx, table = _brand_pattern()
    view = prepared(text)
    out = []
    for m in rx.finditer(view):
        found = re.sub(r"\s+", " ", m.group(0)).lower()
        make, ambiguous = table.get(found) or _loose(found, table)
        if ambiguous and not (CUE_BEFORE.search(view[max(0, m.start() - 4):m.start()])
                              or CUE_AFTER.match(view[m.end():m.end() + 3])):
            continue
        out.append(Mention(make, text[m.start():m.end()], m.start(), m.end()))
    return out


def _loose(found: str, table: dict[str, tuple[str, bool]]) -> tuple[str, bool]:
    k = key(found)
    for name, value in table.items():
        if key(name) == k:
            return value
    return found.upper(), True


def maker_of(name: str) -> Maker | None:
    """The recall filer a name is: its legal, former or short name, or a legal name that contains a short one
    ("一汽-大众汽车有限公司成都分公司")."""
    k = key(name)
    known = makers()
    if k in known:
        return known[k]
    hits = [(len(n), m) for n, m in known.items() if len(n) >= 4 and n in k]
    return max(hits, key=lambda h: h[0])[1] if hits else None


def find_make_model(text: str) -> tuple[str, str] | None:
    """(make, canonical model) for the longest known model name (any language) in `text`, e.g.
    "2019款凯美瑞" -> (TOYOTA, CAMRY); longest first so "宋PLUS" wins over "宋"."""
    folded = key(text)
    best: tuple[int, str, str] | None = None
    for make in makes()[0].values():
        for alias_key, model in make.models.items():
            if len(alias_key) >= 2 and alias_key in folded and (best is None or len(alias_key) > best[0]):
                best = (len(alias_key), make.name, model)
    return (best[1], best[2]) if best else None


def find_make(text: str) -> str | None:
    """The make whose name or Chinese name occurs in `text` (a manufacturer name, a brand field)."""
    folded = key(text)
    _, alias = makes()
    hits = [(len(a), m) for a, m in alias.items() if len(a) >= 2 and a in folded]
    return max(hits)[1] if hits else None


def known_model(make: str, text: str) -> str | None:
    """The canonical model of `make` that `text` names (exactly, or as the longest model name inside it)."""
    entry = makes()[0].get(make)
    if not entry:
        return None
    k = key(text)
    if k in entry.models:
        return entry.models[k]
    hits = [(len(a), m) for a, m in entry.models.items() if len(a) >= 2 and a in k]
    return max(hits)[1] if hits else None

