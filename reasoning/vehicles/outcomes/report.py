"""The real-outcome evaluation as a table on a terminal (the CLI prints it unless --json)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from reasoning.vehicles.outcomes.evaluate import AT_K, BASELINES

SHORT = {"complaint_count": "count", "complaint_growth": "growth", "severity_weighted": "severity"}


def _f(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(result: dict[str, Any]) -> Table:
    """One row per cutoff and the pooled row: base rate, the model's AP and P@10/25/50, each baseline's AP
    and P@25 (the JSON has every figure)."""
    t = Table(title="Defect ranking vs recalls within 24 months (units: make, model, year, system)",
              show_lines=False, pad_edge=False)
    for name in ("cutoff", "units", "recalled", "base"):
        t.add_column(name, justify="right")
    t.add_column("model AP", justify="right")
    t.add_column("model P@" + "/".join(str(k) for k in AT_K), justify="right")
    for who in (SHORT[b] for b in BASELINES):
        t.add_column(f"{who} AP", justify="right")
        t.add_column(f"{who} P@25", justify="right")

    def cells(block: dict[str, Any], full: bool = False) -> list[str]:
        at = "/".join(_f(block[f"precision_at_{k}"], 2) for k in AT_K) if full else _f(block["precision_at_25"], 2)
        return [_f(block["average_precision"]), at]

    for r in result["cutoffs"]:
        best = max(r["baselines"][b]["average_precision"] or 0 for b in BASELINES)
        model = cells(r["model"], full=True)
        if (r["model"]["average_precision"] or 0) > best:
            model[0] = f"[bold green]{model[0]}[/]"
        t.add_row(r["cutoff"] + ("*" if r["censored"] else ""), str(r["units"]), str(r["positives"]),
                  _f(r["base_rate"]), *model, *(c for b in BASELINES for c in cells(r["baselines"][b])))
    p = result["pooled"]
    if p:
        t.add_section()
        t.add_row("pooled", str(p["units"]), str(p["positives"]), _f(p["base_rate"]), *cells(p["model"], full=True),
                  *(c for b in BASELINES for c in cells(p["baselines"][b])), style="bold")
    return t


def print_table(result: dict[str, Any], console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:  # a file or a pipe: rows stay whole
            console = Console(width=160)
    console.print(table(result))
    p = result.get("pooled") or {}
    if p:
        console.print(
            f"pooled = mean over {p['cutoffs']} cutoffs; model AP {p['model_ap_over_base_rate']}x the base rate; "
            f"model AP above every baseline at {p['cutoffs_model_beats_every_baseline_ap']} of {p['cutoffs']} "
            f"cutoffs; strict label (recall naming an investigation): model AP "
            f"{_f(p['model']['strict']['average_precision'])} at base rate {_f(p['base_rate_strict'])}. "
            "* = the 24-month window runs past the data.", highlight=False)
    for c in result.get("cases", [])[:5]:
        ev = ", ".join(f"ODI {e['odi']} ({e['filed']})" for e in c["evidence"][:3])
        console.print(f"  seen early: {c['unit']} ranked {c['rank']} of {c['of']} on {c['cutoff']}, recall "
                      f"{c['recall']} on {c['recall_date']} ({c['months_before']} months later); {ev}",
                      highlight=False)
    console.print(f"{result['seconds']['total']} s", highlight=False)
