"""Who controls an enterprise: ultimate controllers and beneficial owners through chains of shareholdings.

Holdings come from SHAREHOLDER_OF facts of every source: Chinese shareholder records (share, or the
amount subscribed when no share is written), UK PSC statements (the lower bound of the ownership band,
and the natures of control: a 50-to-75 or 75-to-100 band of shares or votes is a majority, the right to
appoint and remove directors is board control) and corporate holders (a name-only holder followed to
the registered enterprise it resolves to). The ownership tree above the enterprise is read one hop per
round trip (cypher/enterprises/control_holders.cypher), at most `control_max_depth` hops up and
`control_max_holders` holders per enterprise (the largest first); ceased holdings are left out.

- **Effective share**: the product of the shares along a path from an ultimate owner (a person, or a
  company with no holder on record) down to the enterprise, summed over every path. A path never visits
  a node twice; where a holder is already on the path the ownership is circular and the cycle is
  reported (with its facts) instead of followed. Paths below `MIN_PATH_SHARE` are dropped (counted).
- **Control**: an owner controls a company when it holds, directly and through the companies it
  already controls, more than half of it (or a majority band of a PSC statement); this is iterated to
  a fixed point, so control through several companies and through cycles is found.
- **The actual controller** is the natural person who controls the enterprise so. Where nobody does,
  a **suspected actual controller** is named, and labelled as such, by the first of: a company that
  controls it but has no holder on record (its legal representative: basis `legal_rep_of_parent`);
  board control (a PSC right to appoint and remove directors, or a holder who chairs the board) at the
  top of the chain of majority holders; the person with the largest effective share, when it beats the
  runner-up; the legal representative of the controlling parent at the top of the majority chain.
- **Beneficial owners**: natural persons with an effective share of 25% or more (PRC beneficial-owner
  rules of 2024 and UK PSC both use 25%).

Each path is evidence: its steps carry the fact ids of the holdings (`SHAREHOLDER_OF:<fid>` for
GET /api/v1/evidence). `analyse` is pure (holdings in, report out); `features` turns a report into the
features the answer shows. The risk model does not run this per enterprise: it computes the same rules
for every enterprise at once in columns (reasoning/enterprises/control_state.py), and
tests/reasoning/enterprises/test_control_features.py checks the two agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.settings import Settings
from graph.store import GraphStore
from reasoning.enterprises import risk as enterprise_risk

BENEFICIAL_OWNER = 0.25
MIN_PATH_SHARE = 1e-4  # paths owning less than 0.01% are not followed further
MAJORITY_NATURE = re.compile(r"^(ownership-of-shares|voting-rights)-(50|75)-to-(75|100)-percent")
BOARD_NATURE = re.compile(r"^right-to-appoint-and-remove-(directors|members|partners)")
CHAIR_WORDS = ("董事长", "chair")
CONTROLLER = "actual controller"
SUSPECTED = "suspected actual controller"
BASIS_TEXT = {
    "majority": "holds more than half, directly or through companies it controls",
    "legal_rep_of_parent": "legal representative of the controlling parent, which has no shareholder on record",
    "board_control": "has the right to appoint and remove the board (or chairs it) where nobody holds a majority",
    "largest_effective_share": "largest effective share where nobody holds a majority",
    "legal_rep_of_top_parent": "legal representative of the controlling parent, whose own holders hold no majority",
}


@dataclass
class Holding:
    """One holder's stake in one enterprise (several facts of one pair merged)."""

    holder: str
    held: str
    kind: str  # person | enterprise
    name: str | None
    share: float | None  # fraction; None when neither a share nor an amount says it
    natures: list[str] = field(default_factory=list)
    fact_ids: list[str] = field(default_factory=list)
    level: str | None = None
    since: str | None = None
    chair: bool = False  # the holder chairs the held enterprise's board

    @property
    def weight(self) -> float:
        return self.share or 0.0

    @property
    def majority(self) -> bool:
        return self.weight > 0.5 or any(MAJORITY_NATURE.match(n) for n in self.natures)

    @property
    def board(self) -> bool:
        return self.chair or any(BOARD_NATURE.match(n) for n in self.natures)


@dataclass
class Officer:
    person: str
    name: str | None
    legal_rep: bool
    chair: bool
    fact_id: str | None


@dataclass
class Tree:
    """The ownership tree above a root as far as it was read."""

    root: str
    holdings: dict[str, list[Holding]]  # held id -> its holders, largest first
    officers: dict[str, list[Officer]] = field(default_factory=dict)
    names: dict[str, str | None] = field(default_factory=dict)
    levels: dict[str, str | None] = field(default_factory=dict)
    truncated: bool = False
    notes: list[str] = field(default_factory=list)


# --- reading the tree ------------------------------------------------------------------------
def _merge(rows: Iterable[dict[str, Any]], today: str) -> tuple[dict[str, list[Holding]], dict[str, tuple]]:
    """Holdings per held enterprise from the hop query's rows; name-only corporate holders replaced by
    the registered enterprise they resolve to. Also the holders' (name, level)."""
    pairs: dict[tuple[str, str], Holding] = {}
    amounts: dict[tuple[str, str], float] = {}
    seen_fact: set[tuple[str, str, str]] = set()
    info: dict[str, tuple] = {}
    for r in rows:
        if r.get("until") and str(r["until"]) <= today:
            continue  # a holding that has ceased
        holder = r.get("resolved") or r["holder"]
        if holder == r["held"]:
            continue  # a name-only alias of the enterprise itself
        kind = "person" if r.get("label") == "Person" else "enterprise"
        name = r.get("resolved_name") if r.get("resolved") else r.get("name")
        level = r.get("resolved_level") if r.get("resolved") else r.get("level")
        info.setdefault(holder, (name, level))
        fid = r.get("fid")
        if (r["held"], holder, fid or "") in seen_fact:
            continue  # the same fact again (one row per SAME_AS candidate)
        seen_fact.add((r["held"], holder, fid or ""))
        key = (r["held"], holder)
        h = pairs.get(key)
        if h is None:
            h = pairs[key] = Holding(holder, r["held"], kind, name, None, level=level, since=r.get("since"))
        if r.get("share") is not None:
            h.share = max(h.share or 0.0, min(1.0, float(r["share"])))
        if r.get("amount") is not None:
            amounts[key] = max(amounts.get(key, 0.0), float(r["amount"]))
        h.natures = sorted(set(h.natures) | {str(n) for n in (r.get("natures") or [])})
        if fid:
            h.fact_ids.append(f"SHAREHOLDER_OF:{fid}")
    by_held: dict[str, list[Holding]] = defaultdict(list)
    for (held, _), h in pairs.items():
        by_held[held].append(h)
    for held, hs in by_held.items():
        # no share written: the amount subscribed over the amounts of all holders of the enterprise
        total = sum(amounts.get((held, h.holder), 0.0) for h in hs)
        for h in hs:
            if h.share is None and total > 0 and (held, h.holder) in amounts:
                h.share = round(amounts[(held, h.holder)] / total, 6)
        hs.sort(key=lambda h: (-(h.share or 0.0), h.holder))
    return dict(by_held), info


def read_tree(store: GraphStore, root: str, settings: Settings, root_name: str | None = None,
              root_level: str | None = None) -> Tree:
    """The ownership tree above `root`, one hop per round trip, bounded by the settings."""
    today = date.today().isoformat()
    tree = Tree(root, {}, names={root: root_name}, levels={root: root_level})
    frontier, loaded = [root], {root}
    for depth in range(settings.control_max_depth):
        if not frontier:
            break
        found, info = _merge(store.read("control_holders", {"ids": frontier}), today)
        nxt: list[str] = []
        for held in frontier:
            hs = found.get(held, [])
            if len(hs) > settings.control_max_holders:
                tree.truncated = True
                tree.notes.append(f"{held}: {len(hs)} holders, the {settings.control_max_holders} largest followed")
                hs = hs[: settings.control_max_holders]
            tree.holdings[held] = hs
            for h in hs:
                name, level = info.get(h.holder, (h.name, h.level))
                tree.names.setdefault(h.holder, name)
                tree.levels.setdefault(h.holder, level)
                if h.kind == "enterprise" and h.holder not in loaded:
                    loaded.add(h.holder)
                    nxt.append(h.holder)
        frontier = sorted(nxt)
        if frontier and depth == settings.control_max_depth - 1:
            tree.truncated = True
            tree.notes.append(f"the tree goes on above {settings.control_max_depth} levels; not read further")
    enterprises = sorted(tree.holdings)
    for r in store.read("control_officers", {"ids": enterprises}) if enterprises else []:
        tree.officers.setdefault(r["enterprise"], []).append(Officer(
            r["person"], r.get("name"), r["rel"] == "LEGAL_REP_OF",
            any(w in str(r.get("role_text") or "").lower() for w in CHAIR_WORDS),
            f"{r['rel']}:{r['fid']}" if r.get("fid") else None))
    chairs = {(e, o.person) for e, officers in tree.officers.items() for o in officers if o.chair}
    for held, hs in tree.holdings.items():
        for h in hs:
            h.chair = (held, h.holder) in chairs
    return tree


# --- the analysis ------------------------------------------------------------------------------
@dataclass
class Path:
    owner: str
    share: float
    steps: list[Holding]  # from the owner's holding down to the root's


def _paths(tree: Tree, max_paths: int) -> tuple[list[Path], dict[tuple[str, ...], list[str]], bool, int]:
    """Every simple path from an ultimate owner down to the root; the cycles met (members from the
    lowest id, with the fact ids of their holdings); whether the path bound cut; paths dropped as tiny."""
    paths: list[Path] = []
    cycles: dict[tuple[str, ...], list[str]] = {}
    cut, tiny = False, 0
    # depth-first from the root upwards: `on_path` the nodes from the root up to `node`, `chain` the
    # holdings between them (chain[k] is on_path[k + 1]'s stake in on_path[k])
    stack: list[tuple[str, list[str], list[Holding], float]] = [(tree.root, [tree.root], [], 1.0)]
    while stack and not cut:
        node, on_path, chain, share = stack.pop()
        for h in reversed(tree.holdings.get(node, [])):
            if h.holder in on_path:  # circular: report the cycle, do not follow it
                i = on_path.index(h.holder)
                members = on_path[i:]
                start = members.index(min(members))
                key = tuple(members[start:] + members[:start])
                cycles.setdefault(key, sorted({f for e in [*chain[i:], h] for f in e.fact_ids}))
                continue
            product = share * h.weight
            up = [*chain, h]
            if h.kind == "person" or not tree.holdings.get(h.holder):
                if len(paths) >= max_paths:
                    cut = True
                    break
                paths.append(Path(h.holder, product, list(reversed(up))))
            elif product < MIN_PATH_SHARE and h.weight > 0:
                tiny += 1
            else:
                stack.append((h.holder, [*on_path, h.holder], up, product))
    return paths, cycles, cut, tiny


def _controlled(tree: Tree, owner: str) -> set[str]:
    """The enterprises `owner` controls: more than half held by it and by what it already controls."""
    controlled: set[str] = set()
    changed = True
    while changed:
        changed = False
        for held, holders in tree.holdings.items():
            if held in controlled or held == owner:
                continue
            mine = [h for h in holders if h.holder == owner or h.holder in controlled]
            if mine and (sum(h.weight for h in mine) > 0.5 or any(h.majority for h in mine)):
                controlled.add(held)
                changed = True
    return controlled


def _majority_top(tree: Tree) -> tuple[str, list[Holding]]:
    """Up from the root while one enterprise holder holds a majority by itself: the enterprise reached
    (the controlling parent, or the root) and the holdings climbed."""
    node, seen = tree.root, {tree.root}
    chain: list[Holding] = []
    while True:
        up = next((h for h in tree.holdings.get(node, []) if h.kind == "enterprise" and h.majority
                   and h.holder not in seen), None)
        if up is None:
            return node, chain
        chain.append(up)
        seen.add(up.holder)
        node = up.holder


def _step(h: Holding, names: Mapping[str, str | None]) -> dict[str, Any]:
    return {"holder": h.holder, "holder_name": h.name or names.get(h.holder), "holder_kind": h.kind,
            "held": h.held, "held_name": names.get(h.held), "share": h.share, "natures": h.natures,
            "fact_ids": h.fact_ids}


def _legal_rep(tree: Tree, enterprise: str) -> Officer | None:
    reps = [o for o in tree.officers.get(enterprise, []) if o.legal_rep]
    return min(reps, key=lambda o: o.person) if reps else None


def analyse(tree: Tree, max_paths: int = 2000) -> dict[str, Any]:
    """The controllers report of the root of `tree` (see the module's docstring)."""
    names = tree.names
    paths, cycles, cut, tiny = _paths(tree, max_paths)
    by_owner: dict[str, list[Path]] = defaultdict(list)
    for p in paths:
        by_owner[p.owner].append(p)
    kinds = {h.holder: h.kind for hs in tree.holdings.values() for h in hs}
    controls = {o for o in by_owner if tree.root in _controlled(tree, o)}
    owners: list[dict[str, Any]] = []
    for owner, ps in by_owner.items():
        effective = round(sum(p.share for p in ps), 6)
        owners.append({
            "id": owner, "kind": kinds.get(owner, "enterprise"), "name": names.get(owner),
            "level": tree.levels.get(owner), "effective_share": effective,
            "direct_share": round(sum(p.share for p in ps if len(p.steps) == 1), 6),
            "beneficial_owner": kinds.get(owner) == "person" and effective >= BENEFICIAL_OWNER - 1e-9,
            "controls": owner in controls, "layers": min(len(p.steps) - 1 for p in ps),
            "paths": [{"share": round(p.share, 6), "steps": [_step(s, names) for s in p.steps]}
                      for p in sorted(ps, key=lambda p: (-p.share, len(p.steps)))]})
    owners.sort(key=lambda o: (-o["effective_share"], o["id"]))
    controller, parent = _controller(tree, owners, controls)
    result = {
        "id": tree.root, "name": names.get(tree.root),
        "controller": controller, "controlling_parent": parent,
        "owners": owners,
        "beneficial_owners": [o["id"] for o in owners if o["beneficial_owner"]],
        "cycles": [{"members": list(k), "names": [names.get(m) for m in k], "fact_ids": v} for k, v in
                   sorted(cycles.items())],
        "tree": _drawn(tree),
        "truncated": tree.truncated or cut,
        "notes": tree.notes + ([f"more than {max_paths} ownership paths: the rest not counted"] if cut else [])
                 + ([f"{tiny} paths under {MIN_PATH_SHARE:.2%} effective share not followed"] if tiny else []),
    }
    result["circular"] = bool(result["cycles"])
    return result


def _controller(tree: Tree, owners: list[dict[str, Any]], controls: set[str]
                ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    names = tree.names
    by_id = {o["id"]: o for o in owners}

    def person(owner: dict[str, Any], basis: str, suspected: bool, layers: int | None = None,
               evidence: list[str] | None = None) -> dict[str, Any]:
        return {"id": owner["id"], "kind": "person", "name": owner.get("name"),
                "effective_share": owner.get("effective_share", 0.0), "basis": basis,
                "basis_text": BASIS_TEXT[basis], "suspected": suspected, "label": SUSPECTED if suspected else CONTROLLER,
                "layers": owner.get("layers", 0) if layers is None else layers,
                "concealed": owner.get("direct_share", 0.0) == 0.0,
                "fact_ids": evidence or sorted({f for p in owner.get("paths", []) for s in p["steps"]
                                                for f in s["fact_ids"]})}

    def rep_of(enterprise: str, basis: str, layers: int) -> dict[str, Any] | None:
        rep = _legal_rep(tree, enterprise)
        if rep is None:
            return None
        held = by_id.get(rep.person, {})
        return person({"id": rep.person, "name": rep.name, "effective_share": held.get("effective_share", 0.0),
                       "direct_share": held.get("direct_share", 0.0), "paths": held.get("paths", [])},
                      basis, True, layers, [f for f in [rep.fact_id] if f])

    parent_of = None
    controlling = [by_id[o] for o in sorted(controls)]
    people = [o for o in controlling if o["kind"] == "person"]
    if people:
        return person(people[0], "majority", False), None
    if controlling:  # a company with no holder on record controls it: its legal representative
        parent = controlling[0]
        parent_of = {"id": parent["id"], "name": parent.get("name"), "effective_share": parent["effective_share"],
                     "has_holders": False}
        found = rep_of(parent["id"], "legal_rep_of_parent", parent["layers"] + 1)
        if found is not None:
            return found, parent_of
    top, climbed = _majority_top(tree)
    if top != tree.root and parent_of is None:
        parent_of = {"id": top, "name": names.get(top), "effective_share": None, "has_holders": True}
    board = [h for h in tree.holdings.get(top, []) if h.board and h.kind == "person"]
    if len(board) == 1:
        h = board[0]
        owner = by_id.get(h.holder) or {"id": h.holder, "name": h.name, "paths": []}
        return person(owner, "board_control", True, len(climbed)), parent_of
    persons = [o for o in owners if o["kind"] == "person"]
    if persons and (len(persons) == 1 or persons[0]["effective_share"] > persons[1]["effective_share"] + 1e-9):
        return person(persons[0], "largest_effective_share", True), parent_of
    if top != tree.root:
        found = rep_of(top, "legal_rep_of_top_parent", len(climbed))
        if found is not None:
            return found, parent_of
    return None, parent_of


def _drawn(tree: Tree) -> dict[str, Any]:
    """Nodes and edges of the tree as read, for drawing (holder -> held)."""
    nodes: dict[str, dict[str, Any]] = {tree.root: {"id": tree.root, "kind": "enterprise", "name": tree.names.get(tree.root),
                                                    "level": tree.levels.get(tree.root), "depth": 0}}
    edges = []
    frontier, depth = [tree.root], 0
    while frontier:
        depth += 1
        nxt = []
        for held in frontier:
            for h in tree.holdings.get(held, []):
                edges.append({"source": h.holder, "target": held, "share": h.share, "natures": h.natures,
                              "fact_ids": h.fact_ids})
                if h.holder not in nodes:
                    nodes[h.holder] = {"id": h.holder, "kind": h.kind, "name": tree.names.get(h.holder) or h.name,
                                       "level": tree.levels.get(h.holder), "depth": depth}
                    nxt.append(h.holder)
        frontier = nxt
    return {"nodes": list(nodes.values()), "edges": edges}


# --- entry points ---------------------------------------------------------------------------------
def controllers(store: GraphStore, settings: Settings, enterprise_id: str) -> dict[str, Any] | None:
    """The report for an enterprise (a name-only id answers for the registered enterprise it resolves
    to; `asked` keeps the id asked for); None when no enterprise has the id."""
    row = enterprise_risk.find(store, enterprise_id)
    if row is None:
        return None
    tree = read_tree(store, row["id"], settings, row.get("name"), row.get("level"))
    report = analyse(tree, settings.control_max_paths)
    report["asked"] = enterprise_id
    report["bounds"] = {"max_depth": settings.control_max_depth, "max_holders": settings.control_max_holders,
                        "max_paths": settings.control_max_paths}
    return report


FEATURES = ("concealed_control", "control_layers", "circular_ownership_tree", "controller_effective_share",
            "suspected_controller")


def features(report: Mapping[str, Any]) -> dict[str, float]:
    """Model features of a controllers report: control concealed behind companies (the controller holds
    nothing directly; how many companies stand between), circular ownership anywhere above, how much the
    controller owns, and whether the controller is only suspected."""
    c = report.get("controller") or {}
    return {"concealed_control": float(bool(c) and bool(c.get("concealed")) and (c.get("layers") or 0) >= 1),
            "control_layers": float(c.get("layers") or 0) if c else 0.0,
            "circular_ownership_tree": float(bool(report.get("circular"))),
            "controller_effective_share": float(c.get("effective_share") or 0.0) if c else 0.0,
            "suspected_controller": float(bool(c.get("suspected"))) if c else 0.0}


def features_as_of(root: str, holdings_of: Callable[[str], list[Holding]], cutoff: str | None = None,
                   max_depth: int = 8, max_paths: int = 2000) -> dict[str, float]:
    """The same features from holdings given by a function (the risk model's snapshot), counting only
    holdings that began before `cutoff` (ISO date): no later fact leaks into a feature."""
    tree = Tree(root, {})
    frontier = [root]
    for _ in range(max_depth):
        nxt = []
        for held in frontier:
            hs = [h for h in holdings_of(held) if cutoff is None or not h.since or str(h.since) < cutoff]
            tree.holdings[held] = hs
            nxt += [h.holder for h in hs if h.kind == "enterprise" and h.holder not in tree.holdings]
        frontier = sorted(set(nxt))
        if not frontier:
            break
    return features(analyse(tree, max_paths))
