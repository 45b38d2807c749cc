"""The enterprise graph pulled into memory once for feature computation: enterprises, their connectors
(address, building, phone, e-mail, person), corporate ownership and dated events, held in columns.

Read in pages, never as one result: the registered enterprises in id order (pages of ENTERPRISE_PAGE
ids, each looked up by its id) with, per page, their connectors of each kind and the name-only enterprises
resolved to them (one query each); then, for ANCHOR_PAGE of them at a time, their corporate holders and
dated events (queries anchored on the page's ids and its resolved names).
Everything lands in numpy arrays: one row per enterprise (attributes), per link (enterprise, connector)
in compressed-row form from both sides, per holding and per event. Strings the features never compare
(names, connector ids) are kept packed as UTF-8 for the explanations.

The order is fixed by ids, not by the engine: enterprise index = the engine's id order (code point
order on FalkorDB and Neo4j alike); an enterprise's connectors
by kind and id; a connector's members by index; connectors numbered by first appearance in that order;
holdings by (holder id, held id); events of an enterprise by day (kind, then id within a day); verdicts
by (day, enterprise, verdict id). The same graph gives the same snapshot, and model, on every engine.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from core.memory import release_freed
from extraction.enterprises.matching.source import registered_ids
from graph.store import GraphStore, read_ahead

NO_DATE = 0  # ordinal of an unknown date: treated as known from the start
ENTERPRISE_PAGE = 10_000  # enterprises per query
ANCHOR_PAGE = 10_000  # enterprises per anchored query (their holders and events)
# an enterprise's links, one query per kind (field of `_links`' input -> query)
LINK_QUERIES = {"addresses": "enterprise_snapshot_addresses", "phones": "enterprise_snapshot_phones",
                "emails": "enterprise_snapshot_emails", "people": "enterprise_snapshot_people",
                "aliases": "enterprise_snapshot_aliases"}
CONNECTOR_KINDS = ("address", "building", "phone", "email", "person")
MATRIX_KINDS = ("address", "phone", "email", "person")  # buildings left out: shared by honest neighbours
EVENT_KINDS = ("change", "penalty", "abnormal", "verdict", "case")
CHANGE, PENALTY, ABNORMAL, VERDICT, CASE = range(len(EVENT_KINDS))
# change records the features look at (Change.kind)
CHANGE_OTHER, CHANGE_LEGAL_REP, CHANGE_CAPITAL, CHANGE_SCOPE = range(4)
CHANGE_CODES = {"legal_rep": CHANGE_LEGAL_REP, "capital": CHANGE_CAPITAL, "scope": CHANGE_SCOPE}
DAY_BITS = 22  # day ordinals stay below 2**22 (9999-12-31 is 3,652,059): (row << DAY_BITS) | day sorts by row, day
# a UK PSC band of shares or votes above half counts as a majority whatever the lower bound (control.py's rule)
MAJORITY_NATURE = re.compile(r"^(ownership-of-shares|voting-rights)-(50|75)-to-(75|100)-percent")


def ordinal(value: Any) -> int:
    if not value:
        return NO_DATE
    try:
        return date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return NO_DATE


class Strings(Sequence[str]):
    """A read-only list of strings packed as UTF-8 with offsets: a few bytes per string instead of a
    Python object each."""

    def __init__(self, values: Iterable[str]) -> None:
        encoded = [v.encode("utf-8", "surrogatepass") for v in values]
        self._offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=self._offsets[1:])
        self._data = b"".join(encoded)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if i < 0:
            i += len(self)
        return self._data[self._offsets[i]:self._offsets[i + 1]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


class Categories(Sequence[Any]):
    """A column of few distinct values (divisions, verdicts): a code per row, -1 for None."""

    def __init__(self, codes: np.ndarray, values: list[Any]) -> None:
        self.codes, self.values = codes, values

    @classmethod
    def of(cls, column: Iterable[Any]) -> Categories:
        seen: dict[Any, int] = {}
        codes = np.fromiter((-1 if v is None else seen.setdefault(v, len(seen)) for v in column), dtype=np.int32)
        return cls(codes, list(seen))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]
        code = self.codes[i]
        return None if code < 0 else self.values[code]

    def __iter__(self) -> Iterator[Any]:
        values = self.values
        return (None if c < 0 else values[c] for c in self.codes.tolist())


def segments(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions start..start+length-1 of every (start, length), concatenated."""
    lengths = lengths.astype(np.int64, copy=False)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.repeat(starts.astype(np.int64) - (ends - lengths), lengths) + np.arange(total, dtype=np.int64)


@dataclass
class Connectors:
    """The links of one connector kind, from both sides: a connector's members (ascending enterprise
    index) and an enterprise's connectors (in link order)."""

    names: Strings  # connector id by connector number
    indptr: np.ndarray  # members of connector c: members[indptr[c]:indptr[c + 1]]
    members: np.ndarray
    by_enterprise: np.ndarray  # connectors of enterprise i: conns[by_enterprise[i]:by_enterprise[i + 1]]
    conns: np.ndarray
    keys: np.ndarray  # (connector << DAY_BITS) | founded of each membership, sorted: members founded in a range

    def reach(self) -> np.ndarray:
        """Memberships of each enterprise's connectors, summed (itself included, once per connector)."""
        ents = np.repeat(np.arange(len(self.by_enterprise) - 1), np.diff(self.by_enterprise))
        return np.bincount(ents, weights=self.sizes()[self.conns], minlength=len(self.by_enterprise) - 1
                           ).astype(np.int64)

    @classmethod
    def build(cls, n: int, ents: np.ndarray, conns: np.ndarray, names: list[str], founded: np.ndarray
              ) -> Connectors:
        """From (enterprise, connector) links in link order, enterprises ascending."""
        by_enterprise = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ents, minlength=n), out=by_enterprise[1:])
        order = np.argsort(conns, kind="stable")  # members of a connector keep ascending enterprise order
        members = ents[order].astype(np.int32)
        indptr = np.zeros(len(names) + 1, dtype=np.int64)
        np.cumsum(np.bincount(conns, minlength=len(names)), out=indptr[1:])
        keys = np.sort((conns.astype(np.int64) << DAY_BITS) | np.clip(founded[ents], 0, (1 << DAY_BITS) - 1))
        return cls(Strings(names), indptr, members, by_enterprise, conns.astype(np.int32), keys)

    @property
    def count(self) -> int:
        return len(self.indptr) - 1

    def sizes(self) -> np.ndarray:
        return np.diff(self.indptr)

    def members_of(self, c: int) -> np.ndarray:
        return self.members[self.indptr[c]:self.indptr[c + 1]]

    def of(self, i: int) -> np.ndarray:
        return self.conns[self.by_enterprise[i]:self.by_enterprise[i + 1]]

    def founded_between(self, conns: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """Members of each connector founded on a day in [low, high] (inclusive; 0 where high < low)."""
        base = conns.astype(np.int64) << DAY_BITS
        low = np.clip(low, 0, (1 << DAY_BITS) - 1)
        high = np.clip(high, -1, (1 << DAY_BITS) - 1)
        n = np.searchsorted(self.keys, base | np.maximum(high, 0), side="right") - \
            np.searchsorted(self.keys, base | low, side="left")
        return np.where(high >= low, n, 0)


@dataclass
class Events:
    """Dated events, sorted by (enterprise, day); columns the features read."""

    indptr: np.ndarray  # events of enterprise i: [indptr[i], indptr[i + 1])
    keys: np.ndarray  # (enterprise << DAY_BITS) | day, ascending
    day: np.ndarray
    kind: np.ndarray  # EVENT_KINDS code
    change: np.ndarray  # CHANGE_* code of a change
    a: np.ndarray  # capital before a change (NaN when unknown)
    b: np.ndarray  # capital after
    x: np.ndarray  # industry before a change (a code, -1 when unknown)
    y: np.ndarray  # industry after
    until: np.ndarray  # day an abnormal listing was lifted (NO_DATE: not lifted)


@dataclass
class Holdings:
    """Shareholdings for the control features (reasoning/enterprises/features.py): one row per (holder,
    held) pair, several facts of a pair merged (the largest share and amount, a majority nature if any fact
    has one, the earliest since, open unless every fact has ended), sorted by held then holder node. A
    holder node is the holding enterprise's index, or the snapshot's size plus a person number (people
    numbered by a 64-bit hash of their id, so the order does not depend on the page sizes)."""

    holder: np.ndarray  # int64 node
    held: np.ndarray  # int32 enterprise index
    share: np.ndarray  # fraction (the amount over the held's amounts where no share is written; 0 unknown)
    majority: np.ndarray  # bool: a UK PSC majority band
    since: np.ndarray  # int32 day (NO_DATE: known from the start)
    until: np.ndarray  # int32 day the holding ended (NO_DATE: not ended)
    person_ids: Strings  # by person number
    person_names: Strings

    @classmethod
    def empty(cls) -> Holdings:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(0, dtype=bool),
                   np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), Strings([]), Strings([]))

    @property
    def persons(self) -> int:
        return len(self.person_ids)


def _person_key(person_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(person_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


class _HoldingRows:
    """Shareholding rows gathered page by page into arrays (a person's id and name packed per page)."""

    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []
        self.person_ids: list[Strings] = []
        self.person_names: list[Strings] = []

    def add(self, rows: list[dict[str, Any]], canonical: dict[str, str], index: dict[str, int],
            day_of: Any) -> None:
        ent, held, person, share, amount, major, since, until = [], [], [], [], [], [], [], []
        pids: list[str] = []
        pnames: list[str] = []
        for r in rows:
            b = index.get(canonical.get(r["held"], r["held"]))
            if b is None:
                continue
            if r.get("label") == "Person":
                a = -1
                pids.append(r["holder"])
                pnames.append(r.get("name") or r["holder"])
            else:
                a = index.get(canonical.get(r["holder"], r["holder"]), -2)
                if a in (-2, b):  # an unregistered company, or the enterprise itself under another name
                    continue
            ent.append(a)
            held.append(b)
            person.append(a == -1)
            share.append(_float(r.get("share")))
            amount.append(_float(r.get("amount")))
            major.append(any(MAJORITY_NATURE.match(str(n)) for n in (r.get("natures") or [])))
            since.append(day_of(r.get("since")))
            until.append(day_of(r.get("until")))
        if not ent:
            return
        self.parts.append({"ent": np.array(ent, dtype=np.int64), "held": np.array(held, dtype=np.int64),
                           "person": np.array(person, dtype=bool), "share": np.array(share, dtype=float),
                           "amount": np.array(amount, dtype=float), "majority": np.array(major, dtype=bool),
                           "since": np.array(since, dtype=np.int64), "until": np.array(until, dtype=np.int64),
                           "key": np.fromiter((_person_key(p) for p in pids), dtype=np.int64, count=len(pids))})
        self.person_ids.append(Strings(pids))
        self.person_names.append(Strings(pnames))

    def build(self, n: int) -> Holdings:
        if not self.parts:
            return Holdings.empty()
        col = {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}
        keys = col.pop("key")
        # people numbered in hash order; each person's id and name from its first row
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        where = np.concatenate([np.full(len(s), k, dtype=np.int64) for k, s in enumerate(self.person_ids)])
        offset = np.concatenate([np.arange(len(s), dtype=np.int64) for s in self.person_ids])
        ids = Strings(self.person_ids[w][o] for w, o in zip(where[first].tolist(), offset[first].tolist(), strict=True))
        names = Strings(self.person_names[w][o] for w, o in zip(where[first].tolist(), offset[first].tolist(),
                                                               strict=True))
        self.parts, self.person_ids, self.person_names = [], [], []
        node = col["ent"].copy()
        node[col["person"]] = n + inverse
        width = n + len(uniq)
        pair = col["held"] * width + node
        order = np.argsort(pair, kind="stable")
        pair = pair[order]
        start = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
        share = np.fmax.reduceat(col["share"][order], start)
        amount = np.fmax.reduceat(col["amount"][order], start)
        majority = np.logical_or.reduceat(col["majority"][order], start)
        big = np.iinfo(np.int64).max
        since_rows = col["since"][order]
        since = np.minimum.reduceat(np.where(since_rows == NO_DATE, big, since_rows), start)
        since = np.where(since == big, NO_DATE, since)
        until_rows = col["until"][order]
        open_any = np.logical_or.reduceat(until_rows == NO_DATE, start)
        until = np.where(open_any, NO_DATE, np.maximum.reduceat(until_rows, start))
        held = pair[start] // width
        # no share written: the amount subscribed over the amounts of all the held's holders
        total = np.bincount(held, weights=np.nan_to_num(amount), minlength=n)
        with np.errstate(divide="ignore", invalid="ignore"):
            by_amount = np.where(total[held] > 0, amount / total[held], np.nan)
        share = np.where(np.isnan(share), by_amount, share)
        share = np.clip(np.nan_to_num(share), 0.0, 1.0)
        return Holdings(pair[start] % width, held.astype(np.int32), share, majority, since.astype(np.int32),
                        until.astype(np.int32), ids, names)


@dataclass
class Snapshot:
    ids: list[str]
    index: dict[str, int]
    names: Strings
    founded: np.ndarray  # ordinal days
    capital: np.ndarray  # NaN when unknown
    paid: np.ndarray
    division: Categories
    code_invalid: np.ndarray
    division_mismatch: np.ndarray
    connectors: dict[str, Connectors]
    holder: np.ndarray  # corporate holdings between registered enterprises, (holder, held) pairs
    held: np.ndarray
    events: Events
    # verdicts by (day, enterprise, verdict id): enterprise, day, abnormal, verdict
    verdict_enterprise: np.ndarray
    verdict_day: np.ndarray
    verdict_abnormal: np.ndarray
    verdict: Categories
    # every shareholding (people and registered companies), one row per (holder, held) pair, by held then
    # holder node; a holder node is an enterprise index (< size) or size + a person number
    own: Holdings = field(default_factory=lambda: Holdings.empty())

    @property
    def size(self) -> int:
        return len(self.ids)

    def id_rank(self) -> np.ndarray:
        """Each enterprise's place in Python's order of ids (the index itself unless an engine collates
        ids otherwise): ties broken by id."""
        if all(a < b for a, b in zip(self.ids, self.ids[1:], strict=False)):
            return np.arange(self.size)
        rank = np.empty(self.size, dtype=np.int64)
        rank[sorted(range(self.size), key=self.ids.__getitem__)] = np.arange(self.size)
        return rank

    @property
    def verdicts(self) -> Iterator[tuple[int, int, bool, str]]:
        """(enterprise, day, abnormal, verdict) in order."""
        return zip(self.verdict_enterprise.tolist(), self.verdict_day.tolist(), self.verdict_abnormal.tolist(),
                   (str(v) for v in self.verdict), strict=True)

    def connector_matrix(self) -> sparse.csr_matrix:
        """Enterprise x connector incidence (address, phone, e-mail, person connectors with two members or
        more; buildings left out: a building is shared by honest neighbours by nature), plus each
        corporate holding as a connector of its two enterprises."""
        rows, cols, width = [], [], 0
        for kind in MATRIX_KINDS:
            conn = self.connectors[kind]
            sizes = conn.sizes()
            shared = np.flatnonzero(sizes >= 2)
            column = np.full(conn.count, -1, dtype=np.int64)
            column[shared] = width + np.arange(len(shared))
            width += len(shared)
            picked = segments(conn.indptr[shared], sizes[shared])
            rows.append(conn.members[picked].astype(np.int64))
            cols.append(np.repeat(column[shared], sizes[shared]))
        if len(self.holder):  # a holding named twice is one connector
            pair = self.holder.astype(np.int64) * self.size + self.held
            _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
            column = np.empty(len(first), dtype=np.int64)
            column[np.argsort(first, kind="stable")] = np.arange(len(first))
            rows += [self.holder.astype(np.int64), self.held.astype(np.int64)]
            cols += [width + column[inverse]] * 2
            width += len(first)
        r, c = np.concatenate(rows), np.concatenate(cols)
        m = sparse.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(self.size, max(1, width)))
        m.data[:] = 1.0
        return m


# --- reading -------------------------------------------------------------------------------------
class _Interned:
    """Connector ids numbered in order of first appearance."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.ents: list[np.ndarray] = []
        self.conns: list[np.ndarray] = []

    def add(self, ents: list[int], vias: list[str]) -> None:
        codes = self.codes
        self.ents.append(np.array(ents, dtype=np.int32))
        self.conns.append(np.fromiter((codes.setdefault(v, len(codes)) for v in vias), dtype=np.int32,
                                      count=len(vias)))

    def build(self, n: int, founded: np.ndarray) -> Connectors:
        ents = np.concatenate(self.ents) if self.ents else np.zeros(0, dtype=np.int32)
        conns = np.concatenate(self.conns) if self.conns else np.zeros(0, dtype=np.int32)
        names = list(self.codes)
        self.codes, self.ents, self.conns = {}, [], []
        return Connectors.build(n, ents, conns, names, founded)


def _enterprise_pages(store: GraphStore, page: int) -> Iterator[tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]]:
    """(a page of registered enterprises, their links by enterprise id in the shape `_links` reads)."""
    ids = registered_ids(store)
    reads = ((name, {"ids": ids[start:start + page]}) for start in range(0, len(ids), page)
             for name in ("enterprise_snapshot_enterprises", *LINK_QUERIES.values()))
    replies = read_ahead(store, reads)
    for rows in replies:
        links: dict[str, dict[str, Any]] = {}
        for field_name in LINK_QUERIES:
            for r in next(replies):
                value = (r["value"], r.get("building")) if field_name == "addresses" else r["value"]
                links.setdefault(r["id"], {}).setdefault(field_name, []).append(value)
        yield rows, links


def _float(value: Any) -> float:
    return np.nan if value is None else float(value)


def _links(r: dict[str, Any]) -> dict[str, list[str]]:
    """One enterprise's connectors per kind, each once (a person in several roles, two addresses in one
    building), by id; buildings in the order of the addresses that name them."""
    addresses = sorted((a, b) for a, b in (r.get("addresses") or []))
    buildings = [b for _, b in addresses if b]
    return {"address": sorted({a for a, _ in addresses}), "building": list(dict.fromkeys(buildings)),
            "phone": sorted(set(r.get("phones") or [])), "email": sorted(set(r.get("emails") or [])),
            "person": sorted(set(r.get("people") or []))}


def load_snapshot(store: GraphStore, page: int = ENTERPRISE_PAGE, anchor: int = ANCHOR_PAGE) -> Snapshot:
    snap = _load(store, page, anchor)
    # Each id was decoded amid its page's replies, so every block of memory those replies used stays
    # allocated while one id in it lives (1.3 GB of 2.1 at 1M enterprises). Copied once the replies are
    # freed, the ids fill a few blocks and the others are returned (2,116 -> 1,919 MB at 1M).
    snap.ids = [e.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass") for e in snap.ids]
    snap.index = {e: i for i, e in enumerate(snap.ids)}
    release_freed()  # and the pages the decoded replies left free inside the C heap (0.5 GB more at 1M)
    return snap


def _load(store: GraphStore, page: int, anchor: int) -> Snapshot:
    ids: list[str] = []
    names: list[str] = []
    founded, capital, paid, division, invalid, mismatch = [], [], [], [], [], []
    days: dict[Any, int] = {}

    def day_of(value: Any) -> int:
        d = days.get(value)
        if d is None:
            d = days[value] = ordinal(value)
        return d

    links = {kind: _Interned() for kind in CONNECTOR_KINDS}
    # Name-only enterprises resolved to a registered one count as that one.
    canonical: dict[str, str] = {}
    for rows, linked in _enterprise_pages(store, page):
        page_links: dict[str, tuple[list[int], list[str]]] = {kind: ([], []) for kind in CONNECTOR_KINDS}
        for r in rows:
            i = len(ids)
            own = linked.get(r["id"], {})
            ids.append(r["id"])
            names.append(r.get("name") or r["id"])
            founded.append(day_of(r.get("founded")))
            capital.append(_float(r.get("capital")))
            paid.append(_float(r.get("paid")))
            division.append(r.get("division"))
            invalid.append(r.get("code_valid") is False)
            mismatch.append(r.get("division_check") == "mismatch")
            for kind, vias in _links(own).items():
                page_links[kind][0].extend([i] * len(vias))
                page_links[kind][1].extend(vias)
            for alias in sorted(own.get("aliases") or []):
                canonical[alias] = r["id"]
        for kind, (ents, vias) in page_links.items():
            links[kind].add(ents, vias)
        del rows, linked, page_links
    n = len(ids)
    index = {e: i for i, e in enumerate(ids)}
    founded_arr = np.array(founded, dtype=np.int64)
    del founded
    aliases: dict[str, list[str]] = {}
    for alias, target in canonical.items():
        aliases.setdefault(target, []).append(alias)

    holdings: list[tuple[str, str]] = []
    shareholdings = _HoldingRows()
    ev: dict[str, list[Any]] = {k: [] for k in ("ent", "day", "kind", "change", "a", "b", "x", "y", "until", "vid")}
    industries: dict[Any, int] = {}
    verdict_names: list[str] = []
    kind_code = {k: c for c, k in enumerate(EVENT_KINDS)}
    def anchored() -> Iterator[tuple[str, dict[str, Any]]]:
        for start in range(0, n, anchor):
            page_ids = ids[start:start + anchor]
            # the enterprises whose records count for this page: its own (those not resolved elsewhere) and
            # the name-only ones resolved to it
            sources = [e for e in page_ids if e not in canonical]
            sources += [a for e in page_ids for a in aliases.get(e, ())]
            yield "enterprise_snapshot_ownership", {"ids": sources}
            yield "enterprise_snapshot_events", {"ids": sources}

    replies = read_ahead(store, anchored())
    for owners in replies:
        holdings += [(r["holder"], r["held"]) for r in owners if r.get("label") == "Enterprise"]
        shareholdings.add(owners, canonical, index, day_of)
        del owners
        for r in next(replies):
            i = index.get(canonical.get(r["id"], r["id"]))
            day = day_of(r.get("date"))
            if i is None or day == NO_DATE:
                continue
            kind = kind_code[r["kind"]]
            ev["ent"].append(i)
            ev["day"].append(day)
            ev["kind"].append(kind)
            if kind == CHANGE:
                ev["change"].append(CHANGE_CODES.get(r.get("detail"), CHANGE_OTHER))  # type: ignore[arg-type]
                ev["a"].append(_float(r.get("a")))
                ev["b"].append(_float(r.get("b")))
                x, y = r.get("x"), r.get("y")
                ev["x"].append(-1 if x is None else industries.setdefault(x, len(industries)))
                ev["y"].append(-1 if y is None else industries.setdefault(y, len(industries)))
            else:
                ev["change"].append(CHANGE_OTHER)
                ev["a"].append(np.nan)
                ev["b"].append(np.nan)
                ev["x"].append(-1)
                ev["y"].append(bool(r.get("y")) if kind == VERDICT else -1)
            ev["until"].append(day_of(r.get("until")) if kind == ABNORMAL else NO_DATE)
            if kind == VERDICT:
                ev["vid"].append((r["id"], str(r.get("x"))))  # fetch order: source id, verdict id
                verdict_names.append(str(r.get("detail")))
            else:
                ev["vid"].append(None)
    connectors = {kind: links[kind].build(n, founded_arr) for kind in CONNECTOR_KINDS}
    holder, held = _holdings(holdings, canonical, index)
    events, verdicts = _events(n, ev, verdict_names)
    return Snapshot(
        ids=ids, index=index, names=Strings(names), founded=founded_arr,
        capital=np.array(capital, dtype=float), paid=np.array(paid, dtype=float), division=Categories.of(division),
        code_invalid=np.array(invalid, dtype=bool), division_mismatch=np.array(mismatch, dtype=bool),
        connectors=connectors, holder=holder, held=held, events=events, **verdicts, own=shareholdings.build(n),
    )


def _holdings(rows: list[tuple[str, str]], canonical: dict[str, str], index: dict[str, int]
              ) -> tuple[np.ndarray, np.ndarray]:
    pairs = []
    for holder_id, held_id in sorted(rows):
        a = index.get(canonical.get(holder_id, holder_id))
        b = index.get(canonical.get(held_id, held_id))
        if a is not None and b is not None and a != b:
            pairs.append((a, b))
    arr = np.array(pairs, dtype=np.int32).reshape(-1, 2)
    return arr[:, 0].copy(), arr[:, 1].copy()


def _events(n: int, ev: dict[str, list[Any]], verdict_names: list[str]) -> tuple[Events, dict[str, Any]]:
    ent = np.array(ev["ent"], dtype=np.int64)
    day = np.array(ev["day"], dtype=np.int64)
    kind = np.array(ev["kind"], dtype=np.int8)
    # by enterprise and day; within a day by kind and, for verdicts, id (the fetch order within a kind)
    order = np.lexsort((np.arange(len(ent)), kind, day, ent))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(ent, minlength=n), out=indptr[1:])
    y = np.array(ev["y"], dtype=np.int32)
    events = Events(
        indptr=indptr, keys=((ent << DAY_BITS) | day)[order], day=day[order].astype(np.int32), kind=kind[order],
        change=np.array(ev["change"], dtype=np.int8)[order], a=np.array(ev["a"], dtype=float)[order],
        b=np.array(ev["b"], dtype=float)[order], x=np.array(ev["x"], dtype=np.int32)[order], y=y[order],
        until=np.array(ev["until"], dtype=np.int64)[order])
    is_verdict = kind == VERDICT
    v_ent, v_day = ent[is_verdict], day[is_verdict]
    v_id = [v for v in ev["vid"] if v is not None]
    ents, days = v_ent.tolist(), v_day.tolist()
    v_order = sorted(range(len(v_ent)), key=lambda k: (days[k], ents[k], v_id[k]))
    names = [verdict_names[k] for k in v_order]
    return events, {"verdict_enterprise": v_ent[v_order].astype(np.int64),
                    "verdict_day": v_day[v_order].astype(np.int64),
                    "verdict_abnormal": y[is_verdict][v_order].astype(bool), "verdict": Categories.of(names)}
