"""Which source a Chinese enterprise record came from, and its values under the register's field names.

A shape is a field map as data (extraction/enterprises/data/shapes/<name>.yaml, or a user's mapping file
given with `riskgraph ingest cn-registry FILE --mapping MAP.yaml`), in the manner of followthemoney's
mappings: register field -> source key or nested path (`Result.Partners[].StockName`), alternatives in a
list (the first that is present and not empty wins), `{join: [a, b, c]}` for a value split over keys.
Keys match whatever their case and separators (`regState_CN`, `REGSTATE_CN` and `regstatecn` are one key;
`credit_no` and `creditNo` too), and a header's unit suffix (`注册资本(万元)`) is read as the value's unit.

A record's shape is chosen by the keys present: each shape scores the keys it maps, a key shared by
several shapes counting less, and an answer's envelope (Qichacha `Status/Result`, Tianyancha
`error_code/result`, Qixin `status/data` ...) names its shape as a hint.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import BadRequest
from extraction.common.names import fold
from extraction.common.vocab import EXTRACTION

SHAPES_DIR = EXTRACTION / "enterprises" / "data" / "shapes"
MAPPING_ENV = "RISKGRAPH_CN_MAPPING"  # path of a user's mapping file, set by `riskgraph ingest --mapping`

# The register fields a shape maps onto (what a mapping file may name), with what they hold.
RECORD_FIELDS: dict[str, str] = {
    "name": "企业名称 (the enterprise's name)",
    "code": "统一社会信用代码 (18-character unified social credit code)",
    "reg_no": "注册号 (15-digit registration number of before 2015)",
    "code_or_reg_no": "统一社会信用代码/注册号 (either: told apart by its shape)",
    "org_code": "组织机构代码 (9-character organisation code)",
    "legal_rep": "法定代表人 / 负责人 / 执行事务合伙人 / 投资人 / 经营者",
    "legal_form": "企业类型",
    "reg_capital": "注册资本 (500万元人民币, 壹佰万圆整, or a number in 万)",
    "reg_capital_currency": "注册资本币种, when written apart from the amount",
    "paid_capital": "实缴资本",
    "paid_capital_currency": "实缴资本币种",
    "founded": "成立日期 / 注册日期",
    "approved": "核准日期",
    "term_start": "营业期限自",
    "term_end": "营业期限至 (长期 / 无固定期限 / empty: no end)",
    "term": "营业期限 in one value (2016-03-24至长期)",
    "dissolved": "注销 / 吊销日期",
    "status": "登记状态 / 经营状态",
    "authority": "登记机关",
    "address": "住所 / 营业场所 / 经营场所",
    "scope": "经营范围",
    "phone": "联系电话",
    "email": "电子邮箱",
    "as_of": "the date the record was true on (the answer's update date)",
    "english_name": "英文名称",
}
ITEM_FIELDS: dict[str, dict[str, str]] = {
    "shareholders": {"name": "股东", "kind": "股东类型", "id_kind": "证照/证件类型", "id_number": "证照/证件号码",
                     "subscribed": "认缴出资额 (a bare number is in 万)", "paid": "实缴出资额",
                     "share": "出资比例", "date": "认缴出资日期"},
    "officers": {"name": "姓名", "role": "职务", "id_number": "证件号码", "phone": "联系电话"},
    "changes": {"item": "变更事项", "before": "变更前内容", "after": "变更后内容", "date": "变更日期"},
    "abnormal": {"reason": "列入经营异常名录原因", "date": "列入日期", "authority": "作出决定机关(列入)",
                 "removal_reason": "移出经营异常名录原因", "removal_date": "移出日期",
                 "removal_authority": "作出决定机关(移出)"},
    "penalties": {"number": "行政处罚决定书文号", "offence": "违法行为类型", "content": "行政处罚内容",
                  "fine": "罚款金额", "date": "处罚决定日期", "authority": "决定机关"},
    "branches": {"name": "分支机构名称", "code": "统一社会信用代码", "reg_no": "注册号",
                 "code_or_reg_no": "统一社会信用代码/注册号", "authority": "登记机关", "legal_rep": "负责人",
                 "address": "营业场所"},
    "former_names": {"name": "曾用名", "date": "更名日期"},
}
# The order in which lists found by their item keys alone are claimed (the most distinctive first).
ITEM_ORDER = ("changes", "abnormal", "penalties", "shareholders", "officers", "branches", "former_names")
SHAPE_KEYS = {"shape", "description", "envelope", "records", "base", "detect", "properties", "items", "headers"}

KEY_NOISE = re.compile(r"[\s_\-\u3000*]+")
UNIT_SUFFIX = re.compile(r"\((万元|万人民币|人民币万元|万元人民币|元|人民币元|万美元|美元|万港元|%)\)$")
TAG = re.compile(r"<[^>]*>")
# an element a scraper-trap injects: a classed (or hidden) tag around base64 noise, dropped with its content
NOISE_ELEMENT = re.compile(r"<(span|div|i|em|font|b)\b[^>]*(?:class|style)\s*=[^>]*>\s*[A-Za-z0-9+/=]*\s*</\1\s*>", re.I)
PLACEHOLDERS = frozenset({"", "-", "--", "---", "—", "——", "－", "/", "无", "暂无", "null", "none", "nan", "n/a",
                          "未公示", "undefined"})
EMPTY_SECTION = re.compile(r"^暂无.{0,20}(信息|数据|记录)$")
EMPTY_MEANS = frozenset({"term_end"})  # fields whose key written empty says something (no fixed end)
SPLIT_NAMES = re.compile(r"[;；,，、\t\n|]+")


@lru_cache(maxsize=1 << 16)
def _norm(key: str) -> str:
    return UNIT_SUFFIX.sub("", KEY_NOISE.sub("", fold(key).lower()))


def norm_key(key: object) -> str:
    """A key as shapes compare it: folded, lower case, without spaces, `_`, `-`, `*` or a unit suffix."""
    return _norm(key if isinstance(key, str) else str(key))


@lru_cache(maxsize=1 << 12)
def unit_of(key: object) -> str | None:
    """The unit a header writes after its name: 注册资本(万元) -> 万元, 出资额(元) -> 元."""
    m = UNIT_SUFFIX.search(KEY_NOISE.sub("", fold(str(key)).lower()))
    return m.group(1) if m else None


def clean(value: Any) -> Any:
    """A source value without what is not data: markup injected into GSXT values (tags, and the base64
    noise of `<span class="dp">` fragments), HTML entities, placeholders (-, 无, 暂无…信息)."""
    if isinstance(value, str):
        text = value
        if "<" in text and ">" in text:
            text = TAG.sub("", NOISE_ELEMENT.sub("", text))
        if "&" in text:
            text = html.unescape(text)
        text = text.replace("\x00", "").strip()
        if text.lower() in PLACEHOLDERS or EMPTY_SECTION.match(text):
            return None
        return text
    if isinstance(value, list | dict) and not value:
        return None
    return value


# --- paths -----------------------------------------------------------------------------------------
Steps = tuple[tuple[str, bool], ...]  # (normalised key, iterate the list found there)
Where = tuple[Any, ...]  # the keys and list indices actually taken, from the record


def parse_path(text: str) -> Steps:
    """`Result.Partners[].StockName` -> (("result", False), ("partners", True), ("stockname", False)); `.`
    is the value itself (an item that is a plain string)."""
    text = str(text).strip()
    if text in (".", ""):
        return ()
    steps = []
    for part in text.split("."):
        each = part.endswith("[]")
        key = part[:-2] if each else part
        if not key:
            raise ValueError(f"empty key in path {text!r}")
        steps.append((norm_key(key), each))
    return tuple(steps)


class Keys:
    """Key lookup by normalised key, each dict indexed once."""

    def __init__(self) -> None:
        self._index: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}

    def index(self, obj: dict[str, Any]) -> dict[str, str]:
        """normalised key -> the key as written, of one dict."""
        entry = self._index.get(id(obj))
        if entry is None or entry[0] is not obj:
            index: dict[str, str] = {}
            for k in obj:
                index.setdefault(norm_key(k), k)
            entry = (obj, index)
            self._index[id(obj)] = entry
        return entry[1]

    def find(self, obj: dict[str, Any], key: str) -> str | None:
        return self.index(obj).get(key)


def _decoded(value: Any) -> Any:
    """JSON carried as a string (Aliyun OCR's `Data`), decoded; anything else as it is."""
    if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def resolve(obj: Any, steps: Steps, keys: Keys, at: Where = ()) -> list[tuple[Any, Where]]:
    """The values at `steps` under `obj`, with where each was found."""
    if not steps:
        return [(obj, at)]
    key, each = steps[0]
    obj = _decoded(obj)
    if not isinstance(obj, dict):
        return []
    real = keys.find(obj, key)
    if real is None:
        return []
    value, here = obj[real], (*at, real)
    if len(steps) > 1 or each:
        value = _decoded(value)
    if each and isinstance(value, list):
        out: list[tuple[Any, Where]] = []
        for i, item in enumerate(value):
            out.extend(resolve(item, steps[1:], keys, (*here, i)))
        return out
    return resolve(value, steps[1:], keys, here)


# --- shapes ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One way to read a field: a path, or several joined (`{join: [...]}`)."""

    paths: tuple[Steps, ...]
    joiner: str = ""


@dataclass(frozen=True)
class FieldMap:
    alternatives: tuple[Source, ...]

    @property
    def plain_keys(self) -> tuple[str, ...] | None:
        """The keys, when every alternative is one plain key (a table's synonyms): read by direct lookup."""
        found = self.__dict__.get("_plain", False)
        if found is False:
            plain = all(len(s.paths) == 1 and len(s.paths[0]) == 1 and not s.paths[0][0][1] for s in self.alternatives)
            found = tuple(s.paths[0][0][0] for s in self.alternatives) if plain else None
            object.__setattr__(self, "_plain", found)
        return found  # type: ignore[no-any-return]

    def heads(self) -> set[str]:
        return {s.paths[0][0][0] for s in self.alternatives if s.paths and s.paths[0]}


@dataclass(frozen=True)
class ItemMap:
    paths: tuple[Steps, ...]
    properties: dict[str, FieldMap]

    def item_keys(self) -> set[str]:
        return set().union(*(fm.heads() for fm in self.properties.values())) if self.properties else set()


@dataclass(frozen=True)
class Envelope:
    status: Steps | None
    ok: tuple[str, ...]
    message: tuple[Steps, ...]
    records: tuple[Steps, ...]


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    source: str  # the file it was read from
    properties: dict[str, FieldMap]
    items: dict[str, ItemMap]
    envelope: Envelope | None = None
    records: tuple[Steps, ...] = ()  # where a document holds its records (mapping files)
    base: tuple[Steps, ...] = ()  # nested objects whose keys count as the record's own (GSXT 营业执照信息)
    signature: frozenset[str] = frozenset()
    headers: bool = False  # a table: keys are column headers matched by synonym
    user: bool = False


@dataclass
class Value:
    value: Any
    where: Where | None = None  # where in the record (for the span), when known
    unit: str | None = None  # the unit its header wrote


@dataclass
class Mapped:
    """A record's values under register field names."""

    shape: str
    fields: dict[str, Value] = field(default_factory=dict)
    items: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    texts: dict[str, Value] = field(default_factory=dict)  # item sections written as text in one cell
    empty: set[str] = field(default_factory=set)  # fields whose key is there with no value (TermEnd: "")

    def get(self, name: str) -> Any:
        v = self.fields.get(name)
        return v.value if v else None


def _problem(source: str, message: str) -> BadRequest:
    return BadRequest(f"{source}: {message}")


def _steps(text: Any, source: str) -> Steps:
    if not isinstance(text, str):
        hint = " (quote it: YAML reads a bare No / Yes / On / Off as true or false)" if isinstance(text, bool) else ""
        raise _problem(source, f"a path must be text, not {text!r}{hint}")
    try:
        return parse_path(text)
    except ValueError as exc:
        raise _problem(source, str(exc)) from exc


def _field_map(spec: Any, source: str) -> FieldMap:
    alternatives = []
    for alt in spec if isinstance(spec, list) else [spec]:
        if isinstance(alt, dict):
            if set(alt) - {"join", "with"} or not isinstance(alt.get("join"), list):
                raise _problem(source, f"{alt!r}: write a path, a list of paths, or {{join: [path, ...]}}")
            alternatives.append(Source(tuple(_steps(p, source) for p in alt["join"]), str(alt.get("with", ""))))
        else:
            alternatives.append(Source((_steps(alt, source),)))
    return FieldMap(tuple(alternatives))


def _paths(spec: Any, source: str) -> tuple[Steps, ...]:
    if spec is None:
        return ()
    return tuple(_steps(p, source) for p in (spec if isinstance(spec, list) else [spec]))


def build_shape(spec: Any, source: str, *, user: bool = False) -> Shape:
    """A shape from its parsed YAML; BadRequest naming the file and the problem when it is not one."""
    if not isinstance(spec, dict):
        raise _problem(source, "a mapping file is a YAML mapping with `properties:` (and optionally `items:`)")
    unknown = set(spec) - SHAPE_KEYS
    if unknown:
        raise _problem(source, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                               f"a mapping has {', '.join(sorted(SHAPE_KEYS))}")
    props = spec.get("properties") or {}
    if not isinstance(props, dict) or (user and not props and not spec.get("items")):
        raise _problem(source, "`properties:` must map register fields to source keys or paths")
    bad = [k for k in props if k not in RECORD_FIELDS]
    if bad:
        raise _problem(source, f"unknown register field(s) {', '.join(map(str, bad))}; "
                               f"the fields are: {', '.join(RECORD_FIELDS)}")
    properties = {k: _field_map(v, source) for k, v in props.items()}
    items: dict[str, ItemMap] = {}
    for section, item in (spec.get("items") or {}).items():
        if section not in ITEM_FIELDS:
            raise _problem(source, f"unknown item list {section!r}; the lists are: {', '.join(ITEM_FIELDS)}")
        if not isinstance(item, dict) or "path" not in item:
            raise _problem(source, f"items.{section} needs `path:` (where the list is) and `properties:`")
        iprops = item.get("properties") or {}
        bad = [k for k in iprops if k not in ITEM_FIELDS[section]]
        if bad:
            raise _problem(source, f"items.{section}: unknown field(s) {', '.join(map(str, bad))}; "
                                   f"the fields are: {', '.join(ITEM_FIELDS[section])}")
        items[section] = ItemMap(_paths(item["path"], source), {k: _field_map(v, source) for k, v in iprops.items()})
    envelope = None
    if env := spec.get("envelope"):
        envelope = Envelope(_steps(env["status"], source) if env.get("status") else None,
                            tuple(str(s) for s in env.get("ok") or ()), _paths(env.get("message"), source),
                            _paths(env.get("records"), source))
    base = _paths(spec.get("base"), source)
    signature: set[str] = set()
    for fm in properties.values():
        signature |= fm.heads()
    for item in items.values():
        signature |= {p[0][0] for p in item.paths if p}
    signature |= {norm_key(k) for k in spec.get("detect") or ()}
    return Shape(name=str(spec.get("shape") or Path(source).stem), description=str(spec.get("description") or ""),
                 source=source, properties=properties, items=items, envelope=envelope,
                 records=_paths(spec.get("records"), source), base=base, signature=frozenset(signature),
                 headers=bool(spec.get("headers")), user=user)


@cache
def shapes() -> tuple[Shape, ...]:
    """The known shapes, in file-name order."""
    out = []
    for path in sorted(SHAPES_DIR.glob("*.yaml")):
        out.append(build_shape(yaml.safe_load(path.read_text(encoding="utf-8")), path.name))
    return tuple(out)


def shape_named(name: str) -> Shape:
    return next(s for s in shapes() if s.name == name)


@cache
def _weights() -> dict[str, float]:
    counts: dict[str, int] = {}
    for shape in shapes():
        for key in shape.signature:
            counts[key] = counts.get(key, 0) + 1
    return {k: 1.0 / n for k, n in counts.items()}


@cache
def load_mapping(path: str) -> Shape:
    """A user's mapping file (same format as the shapes' files); BadRequest when it cannot be used."""
    file = Path(path)
    try:
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadRequest(f"mapping file {file}: cannot read it ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise BadRequest(f"mapping file {file}: not valid YAML ({exc})") from exc
    return build_shape(spec, str(file), user=True)


def use_mapping(kind: str, path: Path) -> Shape:
    """Checks a user's mapping and makes the Chinese register kinds read with it (in this process and the
    extraction workers it starts)."""
    if not kind.startswith("cn-"):
        raise BadRequest(f"--mapping applies to the Chinese register kinds (cn-registry ...), not {kind!r}")
    shape = load_mapping(str(path.resolve()))
    os.environ[MAPPING_ENV] = str(path.resolve())
    return shape


def user_mapping() -> Shape | None:
    path = os.environ.get(MAPPING_ENV)
    return load_mapping(path) if path else None


# --- detection -------------------------------------------------------------------------------------
def _roots(record: dict[str, Any], shape: Shape, keys: Keys) -> list[tuple[dict[str, Any], Where]]:
    roots: list[tuple[dict[str, Any], Where]] = [(record, ())]
    for steps in shape.base:
        roots.extend((v, w) for v, w in resolve(record, steps, keys) if isinstance(v, dict))
    return roots


def record_keys(record: dict[str, Any]) -> set[str]:
    """The record's keys, and those of nested objects one level down (a report's 营业执照信息)."""
    out = {norm_key(k) for k in record}
    for value in record.values():
        if isinstance(value, dict):
            out |= {norm_key(k) for k in value}
    return out


def detect(record: dict[str, Any], hint: str | None = None) -> tuple[Shape | None, float]:
    """The known shape whose keys the record has most of (a shared key counting less), and its score."""
    present = record_keys(record)
    weights = _weights()
    best: tuple[Shape | None, float] = (None, 0.0)
    for shape in shapes():
        score = sum(weights[k] for k in present & shape.signature)
        if score and shape.name == hint:
            score += 1.5
        if score > best[1]:
            best = (shape, score)
    return best


# --- mapping a record ------------------------------------------------------------------------------
def _first(root: Any, steps: Steps, keys: Keys, at: Where) -> tuple[Any, Where] | None:
    """The first value at `steps` that is not empty (a plain key looked up directly)."""
    if len(steps) == 1 and not steps[0][1] and isinstance(root, dict):
        real = keys.find(root, steps[0][0])
        if real is None:
            return None
        value = clean(root[real])
        return None if value is None else (value, (*at, real))
    for v, w in resolve(root, steps, keys, at):
        value = clean(v)
        if value is not None:
            return value, w
    return None


def _read(roots: list[tuple[Any, Where]], fm: FieldMap, keys: Keys) -> Value | None:
    """The first alternative present and not empty, read from the record (or its base objects)."""
    plain = fm.plain_keys
    if plain is not None:
        for root, at in roots:
            if not isinstance(root, dict):
                continue
            index = keys.index(root)
            for key in plain:
                real = index.get(key)
                if real is not None and (value := clean(root[real])) is not None:
                    return Value(value, (*at, real), unit_of(real))
        return None
    for alt in fm.alternatives:
        for root, at in roots:
            parts = [found for steps in alt.paths if (found := _first(root, steps, keys, at)) is not None]
            if not parts:
                continue
            if len(alt.paths) == 1:
                value, where = parts[0]
                last = where[-1] if where else None
                return Value(value, where, unit_of(last) if isinstance(last, str) else None)
            return Value(alt.joiner.join(str(v) for v, _ in parts), None)
    return None


def _map_item(item: Any, where: Where, props: dict[str, FieldMap], keys: Keys) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for name, fm in props.items():
        v = _read([(item, where)], fm, keys)
        if v is not None:
            out[name] = v
    return out


def _item_lists(roots: list[tuple[dict[str, Any], Where]]) -> Iterator[tuple[str, list[Any], Where]]:
    """Lists of objects directly under the record (or its base objects): candidates for item sections
    whose container key the shape does not know."""
    for root, at in roots:
        for key, value in root.items():
            value = _decoded(value)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                yield key, value, (*at, key)


def map_record(record: dict[str, Any], shape: Shape) -> Mapped:
    keys = Keys()
    roots = _roots(record, shape, keys)
    out = Mapped(shape.name)
    for name, fm in shape.properties.items():
        v = _read(list(roots), fm, keys)
        if v is not None:
            out.fields[name] = v
        elif name in EMPTY_MEANS and any(resolve(root, steps, keys, at) for alt in fm.alternatives
                                         for steps in alt.paths for root, at in roots):
            out.empty.add(name)
    claimed: set[Where] = set()
    for section in ITEM_ORDER:
        item_map = shape.items.get(section)
        if item_map is None:
            continue
        found: list[tuple[Any, Where]] = []
        for steps in item_map.paths:
            for root, at in roots:
                found = [(v, w) for v, w in resolve(root, steps, keys, at) if clean(v) is not None]
                if found:
                    break
            if found:
                break
        if not found:  # the list under a key the shape does not name: recognised by its items' keys
            wanted = item_map.item_keys()
            best: tuple[int, list[Any], Where] = (1, [], ())
            for _key, items, where in _item_lists(roots):
                if where in claimed:
                    continue
                score = len({norm_key(k) for k in items[0]} & wanted)
                if score > best[0]:
                    best = (score, items, where)
            found = [(item, (*best[2], i)) for i, item in enumerate(best[1])]
        _collect(out, section, found, item_map, keys, claimed)
    return out


def _collect(out: Mapped, section: str, found: list[tuple[Any, Where]], item_map: ItemMap, keys: Keys,
             claimed: set[Where]) -> None:
    rows: list[dict[str, Value]] = []

    def add(item: Any, where: Where) -> None:
        row = (_map_item(item, where, item_map.properties, keys) if isinstance(item, dict)
               else _scalar_item(item, where, item_map))
        if row:
            rows.append(row)

    for value, where in found:
        value = _decoded(value)
        if isinstance(value, list):  # the path named the list itself
            for i, item in enumerate(value):
                add(_decoded(item), (*where, i))
            claimed.add(where)
        elif isinstance(value, dict) or (where and isinstance(where[-1], int)):
            add(value, where)
            claimed.add(where[:-1])
        elif section == "former_names" and isinstance(value, str):  # 曾用名 as one delimited string
            rows.extend({"name": Value(p.strip())} for p in SPLIT_NAMES.split(value) if p.strip())
        else:  # a table cell writing the whole list as text
            out.texts[section] = Value(value, where)
    if rows:
        out.items.setdefault(section, []).extend(rows)


def _scalar_item(value: Any, where: Where, item_map: ItemMap) -> dict[str, Value]:
    """An item that is a plain value (a former name in a list of names): the fields mapped to `.`."""
    value = clean(value)
    if value is None:
        return {}
    names = {name for name, fm in item_map.properties.items()
             if any(not s.paths[0] for s in fm.alternatives)} or {"name"}
    return {n: Value(value, where) for n in names}


def unwrap(document: Any, hint_shape: Shape | None = None) -> Iterator[tuple[Any, str | None, str | None, Where]]:
    """The records of a parsed JSON document: (record, shape hint, error, where), taking off the
    answer's envelope (and refusing an answer whose status says it carries no data), and walking a list
    of records or a page of them (`{"total": 3, "items": [...]}`)."""
    yield from _unwrap(document, hint_shape, None, (), 0)


LIST_KEYS = ("items", "list", "data", "records", "rows", "result", "results", "resultlist", "datalist", "content")


def _unwrap(doc: Any, forced: Shape | None, hint: str | None, at: Where,
            depth: int) -> Iterator[tuple[Any, str | None, str | None, Where]]:
    doc = _decoded(doc)
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from _unwrap(item, forced, hint, (*at, i), depth + 1)
        return
    if not isinstance(doc, dict):
        yield doc, hint, "not a JSON object", at
        return
    keys = Keys()
    if forced is not None and forced.records and depth == 0:
        found = [(v, w) for steps in forced.records for v, w in resolve(doc, steps, keys, at)]
        if not found:
            yield None, hint, "the mapping's `records:` path finds nothing here", at
        for value, where in found:
            for v, w in ([(value, where)] if not isinstance(value, list)
                         else [(x, (*where, i)) for i, x in enumerate(value)]):
                yield v, forced.name, None if isinstance(v, dict) else "not a JSON object", w
        return
    if depth < 4:
        found = _envelope(doc, forced, keys, at) if hint is None else None  # no envelope inside an envelope
        if found is not None:
            shape, bodies, error = found
            if error:
                yield None, shape.name, error, at
                return
            for value, where in bodies[:1]:
                yield from _unwrap(value, forced, shape.name, where, depth + 1)
            return
        # a page of records: one list of objects under a list-like key, beside counters
        lists = [(k, v) for k, v in doc.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
        scalars = all(not isinstance(v, dict | list) for k, v in doc.items() if (k, v) not in lists)
        if len(lists) == 1 and scalars and norm_key(lists[0][0]) in LIST_KEYS:
            key, items = lists[0]
            for i, item in enumerate(items):
                yield from _unwrap(item, forced, hint, (*at, key, i), depth + 1)
            return
    yield doc, hint, None, at


def _envelope(doc: dict[str, Any], forced: Shape | None, keys: Keys,
              at: Where) -> tuple[Shape, list[tuple[Any, Where]], str | None] | None:
    """The answer envelope `doc` is (the shape it names, its bodies, or why it carries no record)."""
    candidates = []
    present = {norm_key(k) for k in doc}
    for order, shape in enumerate(([forced] if forced is not None else []) + list(shapes())):
        env = shape.envelope
        if env is None:
            continue
        heads = {p[0][0] for p in env.records if p} | ({env.status[0][0]} if env.status else set())
        if not heads & present:
            continue  # none of its keys: not its answer (a register row is no envelope)
        bodies = [(v, w) for steps in env.records for v, w in resolve(doc, steps, keys, at) if clean(v) is not None]
        status = resolve(doc, env.status, keys, at) if env.status else []
        if env.status and not status and env.ok:
            continue  # this source always writes its status: not its answer
        messages = [v for steps in env.message for v, _ in resolve(doc, steps, keys, at)]
        if not bodies and not (status and messages):
            continue  # a record with a `status` of its own (登记状态) is no answer envelope
        ok = str(status[0][0]).strip() in env.ok if status else True
        message = next((str(v) for v in messages if v), "")
        candidates.append(((bool(bodies) and ok, bool(bodies), bool(message), -order), shape, bodies, status, ok,
                           message))
    if not candidates:
        return None
    _, shape, bodies, status, ok, message = max(candidates, key=lambda c: c[0])
    if ok and bodies:
        return shape, bodies, None
    said = f"an answer with status {status[0][0]!r}" if status else "an answer"
    return shape, [], f"{said} that carries no record" + (f" ({message})" if message else "") + f" [{shape.name} envelope]"


def describe_shapes() -> list[tuple[str, str]]:
    return [(s.name, s.description) for s in shapes()]


def header_hits(cells: Iterable[Any], shape: Shape | None = None) -> int:
    """How many cells of a row are known column names (of the table shape and the per-entry files'
    columns, or of a user's mapping)."""
    names = _column_names(shape) if shape is not None else _known_columns()
    return sum(1 for c in cells if c not in (None, "") and norm_key(c) in names)


def _column_names(shape: Shape) -> frozenset[str]:
    names = set(shape.signature)
    for item in shape.items.values():
        names |= item.item_keys()
    return frozenset(names)


@cache
def _known_columns() -> frozenset[str]:
    from extraction.enterprises.vocab import known_fields

    names = set(_column_names(shape_named("table")))
    for section in ("changes", "penalties", "abnormal"):
        names |= {norm_key(a) for a in known_fields(section)}
    return frozenset(names)
