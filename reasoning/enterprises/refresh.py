"""Work after a register ingest: divisions in place, name-only enterprises resolved, invalid codes
reported, and the enterprises the run touched scored with the latest model."""

from __future__ import annotations

from typing import Any

from core.reporting import SILENT, Reporter
from core.settings import Settings
from extraction.enterprises.resolution import ensure_divisions, resolve_names
from graph.store import GraphStore
from reasoning.enterprises.model import score_touched


def after_register_ingest(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> dict[str, Any]:
    ensure_divisions(store)
    out = resolve_names(store)
    out["invalid_codes"] = int(store.read("enterprise_code_issue_count")[0]["n"])
    out["invalid_code_examples"] = store.read("enterprise_code_issues", {"limit": 5})
    out["scoring"] = score_touched(store, settings)
    report.note(f"registers: {out['invalid_codes']} enterprises keep a code that fails its check (flagged "
                f"code_valid=false); {out['linked']} of {out['name_only']} name-only enterprises resolved, "
                f"{out['ambiguous']} ambiguous")
    scoring = out["scoring"]
    report.note(f"registers: scored {scoring['scored']} new or updated enterprises with model {scoring['model']}"
                if "model" in scoring else
                "registers: new enterprises are not scored until `riskgraph train enterprises`")
    return out
