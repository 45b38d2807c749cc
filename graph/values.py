"""Python values as the engines take them: what a node id may be, how text is cleaned, and how values
become FalkorDB query parameters.

What the embedded engine does with awkward text is in docs/engine.md (found by tests/graph/test_engine_fuzz.py).
In short: a node id carries a unique constraint whose index is a tag index, which splits values at U+0001,
trims ASCII whitespace at their ends and ignores values past 4096 bytes; the engine *crashes* (SIGSEGV)
writing such an id, and an ordinary indexed property holding one is silently not found. Lone surrogates
cannot be UTF-8 at all. So, for every source kind, the loader:

- normalises what has an obvious clean form (`clean_text`, `clean_display`, `clean_key`): controls other
  than tab/newline/carriage return, lone surrogates and noncharacters become U+FFFD one for one (so spans
  into a document's text still point at the same characters); short display values are also NFC and
  trimmed; ids are NFC, with invisible BOM / zero-width space / word joiner removed;
- rejects the record, naming the character, where it has none (`key_problem`, `indexed_value_problem`):
  an id that is empty, has whitespace at an end, is longer than 4096 bytes, or holds a control character,
  a lone surrogate, a noncharacter, a line or paragraph separator or a bidirectional override.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

# Node ids carry a unique constraint. FalkorDB 4.16 crashes when such a value starts or ends with
# whitespace (FalkorDB issue #1340), holds U+0001 anywhere or is empty, and does not enforce the constraint
# past 4096 bytes (#2440), so no such id is ever written; Neo4j's index key limit is larger.
MAX_KEY_BYTES = 4096
# An indexed property value longer than this is stored but never found through its index.
MAX_INDEXED_BYTES = 4096

REPLACEMENT = "\ufffd"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# Replaced one for one in any text: controls but tab, newline and carriage return (C0, DEL, C1), lone
# surrogates (cannot be encoded as UTF-8) and noncharacters (not for interchange).
_DIRTY = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
# Never in an id: every control, surrogate and noncharacter, line/paragraph separators, and the bidi
# embeddings/overrides/isolates that make one id display as another.
_BAD_IN_KEY = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Invisible in an id, with nothing lost when removed.
_INVISIBLE_IN_KEY = re.compile("[\ufeff\u200b\u2060]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def char_name(ch: str) -> str:
    """How a reject reason names a character: "control character U+0001", "U+202E RIGHT-TO-LEFT OVERRIDE"."""
    name = unicodedata.name(ch, "")
    if name:
        return f"U+{ord(ch):04X} {name}"
    kind = {"Cc": "control character", "Cs": "lone surrogate", "Cn": "noncharacter"}.get(unicodedata.category(ch), "character")
    return f"{kind} U+{ord(ch):04X}"


def clean_text(value: str) -> str:
    """Text the engine stores and returns as it is: controls other than tab/newline/carriage return, lone
    surrogates and noncharacters become U+FFFD, one character for one (offsets into it stay valid)."""
    return _DIRTY.sub(REPLACEMENT, value) if _DIRTY.search(value) else value


def clean_display(value: Any) -> Any:
    """A property value (names, codes, short fields): `clean_text`, NFC and trimmed; lists item by item.
    Other types unchanged. An empty result is dropped by `drop_nulls`."""
    if isinstance(value, str):
        value = clean_text(value)
        if not value.isascii() and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        return value.strip()
    if isinstance(value, list):
        return [clean_display(v) for v in value]
    return value


def clean_key(key: Any) -> Any:
    """An id in its clean form: NFC, without invisible BOM / zero-width space / word joiner. Anything
    else wrong with it is for `key_problem` to say."""
    if not isinstance(key, str) or key.isascii():
        return key
    if _INVISIBLE_IN_KEY.search(key):
        key = _INVISIBLE_IN_KEY.sub("", key)
    if _SURROGATES.search(key):
        return key  # not normalisable; key_problem rejects it
    return key if unicodedata.is_normalized("NFC", key) else unicodedata.normalize("NFC", key)


def key_problem(key: Any) -> str | None:
    """Why a value cannot be a node id, or None."""
    if not isinstance(key, str) or not key:
        return "an id must be a non-empty string"
    if key != key.strip():
        return "an id must not start or end with whitespace"
    if len(key) * 4 > MAX_KEY_BYTES and len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        return f"an id must be at most {MAX_KEY_BYTES} bytes"
    bad = _BAD_IN_KEY.search(key)
    if bad:
        return f"an id must not contain the {char_name(bad.group())} (at character {bad.start() + 1})"
    return None


def indexed_value_problem(value: Any) -> str | None:
    """Why a value of an indexed property would not be found through its index, or None (after
    `clean_display`, which already removed U+0001 and whitespace at the ends)."""
    if isinstance(value, str) and len(value) * 4 > MAX_INDEXED_BYTES \
            and len(value.encode("utf-8")) > MAX_INDEXED_BYTES:
        return f"an indexed value must be at most {MAX_INDEXED_BYTES} bytes (is {len(value.encode('utf-8')):,})"
    return None


def clean_param(value: Any) -> Any:
    """Parameters as both engines take them: no NUL bytes or lone surrogates, no NaN/inf, tuples as lists."""
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        return _SURROGATES.sub(REPLACEMENT, value) if _SURROGATES.search(value) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): clean_param(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_param(v) for v in value]
    return value


def replace_surrogates(text: str) -> str:
    """A query text that cannot be encoded (a lone surrogate in a parameter) made sendable."""
    return _SURROGATES.sub(REPLACEMENT, text)


def cypher_params_header(params: dict[str, Any]) -> str:
    """The `CYPHER name=value ...` prefix that carries parameters to FalkorDB, cleaned as `clean_param`
    cleans them. One pass instead of cleaning then quoting: a bulk load spends much of its time here."""
    return "CYPHER " + " ".join(f"{_key(k)}={_literal(v)}" for k, v in params.items()) + " " if params else ""


def _key(name: Any) -> str:
    name = str(name)
    if not name or "`" in name:
        raise ValueError(f"parameter or map key {name!r} cannot be sent to FalkorDB (empty or has a backtick)")
    return f"`{name}`"


def _literal(value: Any) -> str:
    kind = type(value)
    if kind is str:
        if "\x00" in value:
            value = value.replace("\x00", "")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value) if math.isfinite(value) else "null"
    if kind is dict:
        return "{" + ",".join(f"{_key(k)}:{_literal(v)}" for k, v in value.items()) + "}"
    if kind is list or kind is tuple:
        return "[" + ",".join(map(_literal, value)) + "]"
    # subclasses (str enums, numpy scalars): the plain value they stand for
    if isinstance(value, str):
        return _literal(str.__str__(value))
    if hasattr(value, "item") and not hasattr(value, "__len__"):
        return _literal(value.item())
    for base in (bool, int, float, dict, list):
        if isinstance(value, base):
            return _literal(base(value))  # type: ignore[arg-type]  # value is an instance of base
    raise TypeError(f"cannot send a {kind.__name__} as a graph parameter")


def drop_nulls(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ""}
