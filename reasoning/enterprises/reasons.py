"""Plain-word reasons for an enterprise's score, each with the entities that evidence it."""

from __future__ import annotations

from typing import Any

import numpy as np

from reasoning.enterprises.features import BURST_DAYS, FEATURES, FeatureBuilder

LINKED_MAX = 8
# feature -> (direction, floor, sentence); a reason fires when the value is at least the floor (or at
# most, for "low") and beyond what most cleared enterprises show (the cut learned at training).
RULES: dict[str, tuple[str, float, str]] = {
    "address_burst": ("high", 3, "{n} enterprises were registered at this address within {days} days of it"),
    "address_share": ("high", 3, "{n} other enterprises are registered at this address"),
    "phone_share": ("high", 2, "its phone number is shared with {n} other enterprises"),
    "email_share": ("high", 2, "its e-mail address is shared with {n} other enterprises"),
    "person_burst": ("high", 3, "{n} enterprises with the same people were registered within {days} days of it"),
    "person_share": ("high", 3, "its legal representative, officers or shareholders also appear in {n} other enterprises"),
    "bad_distance": ("low", 2, "it is linked within {n} shared address, phone or person to an enterprise confirmed abnormal"),
    "in_ownership_cycle": ("high", 1, "it sits on a circular chain of corporate ownership"),
    "ownership_depth": ("high", 3, "it is held through a chain of {n} layers of companies"),
    "paid_ratio": ("low", 0.05, "almost none of its registered capital is paid in (paid-in share {n:.0%})"),
    "capital_jump": ("high", 0.69, "its registered capital was raised {ratio:.0f}-fold in one change"),
    "legal_rep_changes": ("high", 2, "its legal representative changed {n} times"),
    "industry_jumps": ("high", 1, "its business scope moved to another industry {n} time(s)"),
    "abnormal_current": ("high", 1, "it is on the abnormal-operation list"),
    "abnormal_listings": ("high", 2, "it was put on the abnormal-operation list {n} times"),
    "penalties": ("high", 1, "{n} administrative penalty decision(s) against it"),
    "cases": ("high", 3, "a party to {n} court cases"),
    "community_size": ("high", 10, "part of a group of {n} enterprises tied by shared addresses, phones and people"),
    "code_invalid": ("high", 1, "its unified social credit code fails the GB 32100-2015 check"),
    "division_mismatch": ("high", 1, "its address lies outside the division its code was issued in"),
    # who controls it (the text names the controller and the chain; see _control)
    "concealed_control": ("high", 1, "controlled through {n} companies by {controller}, who holds none of it "
                                     "directly: {chain}"),
    "ownership_cycle_above": ("high", 1, "circular corporate ownership among the companies holding it: {members}"),
    "controller_others_abnormal": ("high", 1, "its controller {controller} also controls {n} enterprise(s) put on "
                                              "the abnormal-operation list"),
    "controller_others": ("high", 5, "its controller {controller} also controls {n} other enterprises"),
    "no_person_controller": ("high", 1, "no natural person controls it: {why}"),
}
CONTROL = ("concealed_control", "ownership_cycle_above", "controller_others_abnormal", "controller_others",
           "no_person_controller")
CONNECTOR = {"address_share": "address", "address_burst": "address", "phone_share": "phone",
             "email_share": "email", "person_share": "person", "person_burst": "person"}


def learn_cuts(x_negative: np.ndarray) -> dict[str, float]:
    """The 95th (or 5th) percentile of each reason feature among cleared enterprises, bounded by the
    rule's floor: a reason must say something unusual."""
    cuts = {}
    for name, (direction, floor, _) in RULES.items():
        col = x_negative[:, FEATURES.index(name)] if len(x_negative) else np.array([])
        col = col[~np.isnan(col)]
        if direction == "high":
            cuts[name] = float(max(floor, np.percentile(col, 95))) if len(col) else float(floor)
        else:
            cuts[name] = float(min(floor, np.percentile(col, 5))) if len(col) else float(floor)
    return cuts


def _entity(fb: FeatureBuilder, j: int) -> dict[str, Any]:
    return {"kind": "enterprise", "id": fb.snap.ids[j], "name": fb.snap.names[j]}


def reasons(fb: FeatureBuilder, i: int, cutoff: int, row: list[float], cuts: dict[str, float],
            order: list[str], limit: int = 5) -> list[dict[str, Any]]:
    out = []
    for name in order:
        if name not in RULES:
            continue
        direction, _, sentence = RULES[name]
        value = row[FEATURES.index(name)]
        if value != value:  # NaN: unknown, says nothing
            continue
        cut = cuts.get(name, RULES[name][1])
        if (direction == "high" and value < cut) or (direction == "low" and value > cut):
            continue
        if name == "bad_distance" and value >= 5:
            continue
        if name in CONTROL:
            text, found = _control(fb, i, cutoff, name, value, sentence)
            out.append({"feature": name, "value": round(float(value), 4), "text": text, "linked": found})
            if len(out) >= limit:
                break
            continue
        ratio = 10 ** value if name == "capital_jump" else 0  # capital_jump is the log10 of the ratio
        text = sentence.format(n=int(value) if name != "paid_ratio" else value, ratio=ratio, days=BURST_DAYS)
        out.append({"feature": name, "value": round(float(value), 4), "text": text,
                    "linked": linked(fb, i, cutoff, name)})
        if len(out) >= limit:
            break
    return out


def linked(fb: FeatureBuilder, i: int, cutoff: int, name: str) -> list[dict[str, Any]]:
    snap = fb.snap
    if name in CONNECTOR:
        kind = CONNECTOR[name]
        out: list[dict[str, Any]] = []
        for via, others in fb.shared(i, kind, cutoff).items():
            out.append({"kind": kind, "id": via})
            if name.endswith("burst"):
                others = [j for j in others if abs(int(snap.founded[j]) - int(snap.founded[i])) <= BURST_DAYS]
            out.extend(_entity(fb, j) for j in others[:LINKED_MAX])
        return out[: LINKED_MAX + 2]
    if name == "bad_distance":
        state = fb.state(cutoff)
        near = {j for kind in ("address", "phone", "email", "person")
                for js in fb.shared(i, kind, cutoff).values() for j in js if state.seeds[j]}
        return [_entity(fb, j) for j in sorted(near)[:LINKED_MAX]]
    if name in ("in_ownership_cycle", "ownership_depth"):
        return [_entity(fb, h) for h in fb.holders(i)[:LINKED_MAX]]
    if name == "community_size":
        state = fb.state(cutoff)
        same = state.community_members(int(state.community[i]))
        return [_entity(fb, int(j)) for j in same[:LINKED_MAX] if j != i]
    return []


def _control(fb: FeatureBuilder, i: int, cutoff: int, name: str, value: float, sentence: str
             ) -> tuple[str, list[dict[str, Any]]]:
    """The sentence and the evidence of a control reason: the chain of control from the controller down
    to the enterprise (each step with the share held), the cycle's companies, or the controller's other
    enterprises."""
    graph, state = fb.control, fb.state(cutoff).control
    assert state is not None
    c = int(state.controller[i])
    who = graph.node_entity(c) if c >= 0 else None
    controller = f"{who['name']} ({who['id']})" if who else "nobody"
    chain = graph.chain(state, i)
    path = [graph.node_entity(h) for h, _, _ in chain]
    steps = " -> ".join(f"{graph.node_entity(h)['name']} {share:.0%}" for h, _, share in chain)
    steps += f" -> {fb.snap.names[i]}" if chain else ""
    if name == "concealed_control":
        return sentence.format(n=len(chain) - 1, controller=controller, chain=steps), path
    if name == "ownership_cycle_above":
        members = [_entity(fb, j) for j in graph.cycles_above(state, i, LINKED_MAX)]
        return sentence.format(members=", ".join(str(m["name"]) for m in members)), members
    if name in ("controller_others", "controller_others_abnormal"):
        others = [int(j) for j in state.controlled_by(c) if j != i
                  and (name == "controller_others" or state.listed[j])] if c >= 0 else []
        return (sentence.format(n=int(value), controller=controller),
                ([who] if who else []) + [_entity(fb, j) for j in others[:LINKED_MAX]])
    # no natural person at the top
    if who is not None:
        why = (f"it is controlled by {controller}, a company with no shareholder on record, through {steps}"
               if len(chain) > 1 else f"it is controlled by {controller}, a company with no shareholder on record")
        return sentence.format(why=why), path
    return sentence.format(why="no holder holds a majority, directly or through the companies it controls"), []
