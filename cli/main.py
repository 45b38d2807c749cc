"""`riskgraph`: generate, ingest, train, score, eval, match, serve, demo, stats, schema, keys."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli.progress import REPORTER, note, progress_bar
from core.errors import BadRequest, RiskgraphError
from core.settings import Settings, get_settings

Handler = Callable[[argparse.Namespace, Settings], dict[str, Any]]


def _store(settings: Settings, share: bool = False):  # noqa: ANN202 - GraphStore
    """The configured engine, with its schema; with `share`, the embedded engine a running riskgraph
    process (the server) owns is used through its socket, as the server's workers do."""
    from graph.store import open_store

    if share and settings.engine == "falkordb":
        from graph.falkordb_server import running_owner

        if (owner := running_owner(settings.graph_dir)) is not None:
            note(f"using the engine that riskgraph process {owner.get('pid', '?')} runs for {settings.graph_dir}")
            settings = settings.model_copy(update={"falkordb_attach": True})
    store = open_store(settings)
    store.apply_schema()
    return store


# --- commands -----------------------------------------------------------------------------
def _generate(out: Path, domains: list[str], scale: float, seed: int) -> dict[str, Any]:
    from datagen import generator
    result: dict[str, Any] = {}
    for domain in domains:
        note(f"generating {domain} (scale {scale}, seed {seed}) into {out}")
        result[domain] = generator(domain).generate(out, scale, seed)
    return result


def _train(names: list[str], store: Any, settings: Settings) -> dict[str, Any]:
    from reasoning.ingest import train  # the training, then the watch check

    result: dict[str, Any] = {}
    for name in names:
        note(f"training {name}")
        started = time.monotonic()
        with progress_bar(f"train {name}") as advance:
            result[name] = train(store, settings, name, advance, REPORTER)
        if isinstance(result[name], dict):
            result[name]["seconds"] = round(time.monotonic() - started, 1)
    return result


def cmd_generate(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from datagen import available_domains
    out = Path(args.out)
    domains = _generate(out, args.domain or available_domains(), args.scale, args.seed)
    return {"out": str(out), "seed": args.seed, "scale": args.scale, "domains": domains}


def _ingest(kind_name: str, paths: list[Path], settings: Settings, store: Any, force: bool,
            workers: int) -> dict[str, Any]:
    from reasoning.ingest import ingest

    with progress_bar(f"ingest {kind_name}") as advance:
        summary = ingest(store, settings, kind_name, paths, force=force, progress=advance, workers=workers,
                         report=REPORTER)
    note(
        f"{kind_name}: read {summary.read}, written {summary.written}, rejected {summary.rejected}"
        + (f" (reasons in {summary.reject_file})" if summary.rejected else "")
        + f", {summary.seconds:.1f}s"
    )
    return summary.as_dict()


def _ingest_folders(roots: list[Path], settings: Settings, store: Any, force: bool, workers: int,
                    label: str = "") -> dict[str, Any]:
    """Every source kind found as a subfolder named after it (`generate` writes this layout), in the
    registry's order (registers before the records that refer to them), under one engine start."""
    from extraction.registry import available_kinds

    out: dict[str, Any] = {}
    for kind in available_kinds():
        folders = [root / kind for root in roots if (root / kind).is_dir()]
        if folders:
            note(f"{label}ingesting {kind}")
            out[kind] = _ingest(kind, folders, settings, store, force, workers)
    return out


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from extraction.registry import available_kinds, get_kind

    if args.list:
        kinds = {k: get_kind(k).description for k in available_kinds()}
        for name, desc in kinds.items():
            note(f"  {name:24} {desc}")
        return {"kinds": kinds}
    if not args.kind or not args.paths:
        raise BadRequest("usage: riskgraph ingest KIND PATH... or riskgraph ingest all FOLDER... "
                       "(riskgraph ingest --list shows the kinds)")
    paths = [Path(p) for p in args.paths]
    if args.kind == "all":
        if missing := [str(p) for p in paths if not p.is_dir()]:
            raise BadRequest(f"`ingest all` takes folders with one subfolder per source kind; not a folder: "
                           f"{', '.join(missing)}")
        if not any((p / k).is_dir() for p in paths for k in available_kinds()):
            raise BadRequest(f"no subfolder named after a source kind in {', '.join(map(str, paths))} "
                           f"(kinds: {', '.join(available_kinds())})")
    else:
        get_kind(args.kind)  # unknown kinds fail before the engine starts
    if args.mapping:  # a user's field map for a shape the project does not know; checked before the engine starts
        from extraction.enterprises.shapes import use_mapping

        use_mapping(args.kind, Path(args.mapping))
        args.force = True  # files read before without it (and rejected) are read again: writes are idempotent
    store = _store(settings)
    try:
        if args.kind == "all":
            return {"ingested": _ingest_folders(paths, settings, store, args.force, args.workers)}
        return _ingest(args.kind, paths, settings, store, args.force, args.workers)
    finally:
        store.close()


def cmd_train(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from reasoning.registry import get_model, model_names

    names = model_names() if args.model == "all" else [args.model]
    for name in names:
        get_model(name)  # an unknown name fails before the engine starts
    store = _store(settings)
    try:
        return _train(names, store, settings)
    finally:
        store.close()


def cmd_score(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from reasoning.registry import get_model

    model = get_model(args.target)
    store = _store(settings, share=True)
    try:
        return model.score(store, settings, args.args, REPORTER)
    finally:
        store.close()


def cmd_eval(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from extraction.registry import evaluations
    from reasoning.registry import get_model

    data = Path(args.data)
    if args.what == "defects-real":
        from reasoning.vehicles.outcomes.evaluate import evaluate_folder
        from reasoning.vehicles.outcomes.report import print_table

        if not args.folder:
            raise BadRequest("usage: riskgraph eval defects-real FOLDER (NHTSA complaints and recalls)")
        result = evaluate_folder(Path(args.folder), report=REPORTER, progress=progress_bar)
        if not args.json:
            print_table(result)
        return result
    if args.what == "matching":
        from reasoning.enterprises.matching.evaluate import evaluate as evaluate_matching

        return evaluate_matching(settings, data, REPORTER)
    if args.what == "extraction":
        out = {}
        for domain, evaluation in evaluations().items():
            if not (data / "truth" / domain).is_dir():
                note(f"{domain}: no labelled set in {data / 'truth' / domain}; "
                     f"`riskgraph generate --out {data}` writes it")
                out[domain] = {"skipped": f"no labelled set in {data / 'truth' / domain}"}
                continue
            out[domain] = evaluation.evaluate(settings, data, REPORTER)
        if not any("skipped" not in v for v in out.values()):
            raise BadRequest(f"no labelled sets under {data / 'truth'}; run `riskgraph generate --out {data}` first")
        return out
    store = _store(settings, share=True)
    try:
        return get_model(args.what).evaluate(store, settings, REPORTER)
    finally:
        store.close()


def cmd_match(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Screen a list offline against the local graph: the same matcher as `POST /api/v1/match`."""
    from reasoning.enterprises.matching.files import read_queries, result_rows, write_results
    from reasoning.enterprises.matching.service import screen

    if not 0 < args.threshold <= 1 or not 1 <= args.limit <= 50:
        raise BadRequest("--threshold is a probability in (0, 1] and --limit between 1 and 50")
    queries = read_queries(Path(args.file))
    store = _store(settings)
    try:
        note(f"screening {len(queries):,} queries from {args.file}")
        with progress_bar("match", total=len(queries)) as advance:
            answer = screen(store, settings, queries, args.threshold, args.limit, advance, REPORTER)
    finally:
        store.close()
    rows = result_rows(queries, answer)
    write_results(Path(args.out), rows)
    matched = sum(1 for a in answer["responses"].values() if a["results"])
    note(f"{matched:,} of {len(queries):,} queries have a candidate at or above {args.threshold}; wrote {args.out}")
    return {"queries": len(queries), "matched": matched, "rows": len(rows), "out": str(args.out),
            "threshold": args.threshold, "limit": args.limit, "model": answer["model"]}


def _serve(settings: Settings, store: Any = None) -> None:
    import uvicorn

    from api.app import create_app
    from api.server import NoDelayH11Protocol

    workers = settings.api_workers
    note(f"serving http://{settings.api_host}:{settings.api_port}/ (API docs at /docs) with {workers} "
         f"process{'es' if workers > 1 else ''}; Ctrl-C stops")
    # X-Forwarded-For decides the client address (and so the rate limit) only behind proxies named in
    # RISKGRAPH_FORWARDED_ALLOW_IPS; otherwise anyone could claim a fresh address per request
    proxies = settings.forwarded_allow_ips.strip()
    served = {"host": settings.api_host, "port": settings.api_port, "log_level": "info", "http": NoDelayH11Protocol,
              "proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None}
    if workers == 1:
        uvicorn.run(create_app(settings, store), **served)
        return
    # Several processes answer in parallel (one Python process serves on one core). This process keeps
    # the embedded engine, which one process owns; the workers attach to it (graph/falkordb_store.py).
    engine = _store(settings) if store is None and settings.engine == "falkordb" else None
    os.environ["RISKGRAPH_FALKORDB_ATTACH"] = "true"
    try:
        uvicorn.run("api.app:create_app", factory=True, workers=workers, **served)
    finally:
        os.environ.pop("RISKGRAPH_FALKORDB_ATTACH", None)
        if engine is not None:
            engine.close()


def cmd_serve(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    if args.port:
        settings.api_port = args.port
    if args.host:
        settings.api_host = args.host
    if args.workers:
        settings.api_workers = args.workers
    _serve(settings)
    return {"served": True}


def cmd_demo(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from datagen import available_domains
    from reasoning.registry import model_names

    started = time.monotonic()
    out = Path(args.out)
    note("[1/4] generating the demo data")
    result: dict[str, Any] = {"generated": _generate(out, available_domains(), args.scale, args.seed),
                              "ingested": {}}
    store = _store(settings)
    try:
        if args.fresh:
            note("emptying the graph (--fresh)")
            store.clear()
            for cp in settings.checkpoints_dir.glob("*.json"):
                cp.unlink()
        result["ingested"] = _ingest_folders([out], settings, store, False, args.workers, label="[2/4] ")
        note("[3/4] training the models")
        result["trained"] = _train(model_names(), store, settings)
        result["counts"] = store.counts()
        result["seconds"] = round(time.monotonic() - started, 1)
        if args.no_serve:
            return result
        note(f"[4/4] demo data ready in {result['seconds']}s")
        _serve(settings, store)
        return result
    finally:
        store.close()


def cmd_stats(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    store = _store(settings, share=True)
    try:
        counts = store.counts()
    finally:
        store.close()
    if not args.json:
        from rich.console import Console
        from rich.table import Table

        for title, section in (("nodes", "label"), ("relationships", "type")):
            table = Table(title=f"{title} ({store.engine})")
            table.add_column(section)
            table.add_column("count", justify="right")
            for name, n in counts[title].items():
                table.add_row(name, f"{n:,}")
            Console().print(table)
    return {"engine": store.engine, **counts}


def cmd_schema(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from graph.schema import get_schema

    schema = get_schema()
    if args.markdown:
        Path(args.markdown).write_text(schema.markdown(), encoding="utf-8")
        note(f"wrote {args.markdown}")
        return {"written": args.markdown}
    if args.apply:
        store = _store(settings)
        store.close()
        return {"applied": True, "engine": settings.engine}
    statements = schema.neo4j_statements() if args.engine == "neo4j" else [
        " ".join(s) for s in schema.falkordb_statements()
    ]
    if not args.json:
        print("\n".join(statements))
    return {"engine": args.engine, "statements": statements,
            "labels": sorted(schema.nodes), "relationships": sorted(schema.rels)}


def cmd_keys(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from dataclasses import asdict

    from api.keys import KeyStore

    keys = KeyStore(Path(settings.data_dir) / "keys.json")
    if args.action == "create":
        if not args.role:
            raise BadRequest("riskgraph keys create needs --role inspector|regulator|admin")
        try:
            key, token = keys.create(args.role, args.name or "")
        except ValueError as exc:
            raise BadRequest(str(exc)) from exc
        note(f"created key {key.id} for role {key.role}; the token is shown only now:")
        if not args.json:
            print(token)
        return {"id": key.id, "role": key.role, "token": token}
    if args.action == "revoke":
        if not args.id:
            raise BadRequest("riskgraph keys revoke needs --id")
        key = keys.revoke(args.id)
        note(f"revoked key {key.id} ({key.role}, {key.name}) at {key.revoked}; its token is refused from now on")
        return {"id": key.id, "revoked": key.revoked}
    rows = [{k: v for k, v in asdict(key).items() if k != "hash"} for key in keys.list()]
    if not args.json:
        for row in rows:
            print(f"{row['id']}  {row['role']:10} {row['name']:20} created {row['created']}"
                  + (f"  REVOKED {row['revoked']}" if row["revoked"] else ""))
    return {"keys": rows}


# --- parser -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from reasoning.registry import model_names

    parser = argparse.ArgumentParser(prog="riskgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print the result as one JSON object on stdout")
        p.set_defaults(handler=handler)
        return p

    p = add("generate", cmd_generate, "write a seeded sample data set in the real input formats")
    p.add_argument("--out", default="data/demo", help="output folder (default data/demo)")
    p.add_argument("--scale", type=float, default=1.0, help="size multiplier (1 = demo size)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--domain", action="append", help="only this domain (repeatable)")

    p = add("ingest", cmd_ingest, "read source files of one kind (or `all` kinds, by subfolder) into the graph")
    p.add_argument("kind", nargs="?", help="source kind (see --list), or `all`: every kind's subfolder of the folders")
    p.add_argument("paths", nargs="*", help="files or folders, plain or gzipped")
    p.add_argument("--list", action="store_true", help="list the source kinds")
    p.add_argument("--force", action="store_true", help="reprocess files already ingested unchanged")
    p.add_argument("--mapping", metavar="MAP.yaml",
                   help="cn-* kinds: read the records with this mapping file (source key or nested path -> "
                        "register field; docs/enterprises.md); files already ingested are read again")
    p.add_argument("--workers", type=int, default=1,
                   help="extraction processes (default 1: extraction runs beside the writer thread; more "
                        "pays only with cores to spare beyond this process and the engine)")

    p = add("train", cmd_train, "train models on past verdicts (defects, enterprises or all)")
    p.add_argument("model", nargs="?", default="all")

    p = add("score", cmd_score, "score one target: `score defects MAKE MODEL YEAR`, `score enterprise ID`")
    p.add_argument("target")
    p.add_argument("args", nargs="*")

    p = add("eval", cmd_eval, "measure quality: `eval extraction` (per-field P/R) or a model name")
    p.add_argument("what", choices=["extraction", "matching", "defects-real", *model_names()])
    p.add_argument("folder", nargs="?", help="defects-real: folder of NHTSA complaints and recalls")
    p.add_argument("--data", default="data/demo", help="generated data folder with its truth/ (default data/demo)")

    p = add("match", cmd_match, "screen a list (.csv or .xlsx) against the registers: ranked candidates with "
                                "the features that decided them and their risk, written to --out")
    p.add_argument("file", help="queries: columns id, name, code, address, phone, legal_representative, officers, "
                                "jurisdiction (Chinese register headers too)")
    p.add_argument("--out", required=True, help="results file, .csv or .xlsx")
    p.add_argument("--threshold", type=float, default=0.7, help="lowest match probability kept (default 0.7)")
    p.add_argument("--limit", type=int, default=5, help="candidates kept per query (default 5)")

    p = add("serve", cmd_serve, "serve the API and web page")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, help="server processes (default RISKGRAPH_API_WORKERS, 1)")

    p = add("demo", cmd_demo, "generate, ingest, train and serve on the embedded engine")
    p.add_argument("--out", default="data/demo")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--fresh", action="store_true", help="empty the graph first")
    p.add_argument("--no-serve", action="store_true", help="stop after training")

    add("stats", cmd_stats, "node and relationship counts per label from the graph")

    p = add("schema", cmd_schema, "show or apply the schema statements derived from graph/schema/*.yaml")
    p.add_argument("--engine", choices=["falkordb", "neo4j"], default="neo4j")
    p.add_argument("--apply", action="store_true", help="apply to the configured engine")
    p.add_argument("--markdown", metavar="FILE", help="write the schema page (docs/schema.md)")

    p = add("keys", cmd_keys, "manage API keys: create --role R, list, revoke --id ID")
    p.add_argument("action", choices=["create", "list", "revoke"])
    p.add_argument("--role")
    p.add_argument("--name")
    p.add_argument("--id")
    return parser


def main(argv: list[str] | None = None) -> int:
    # notes (stderr) and printed results (stdout) stay in order when both go to one file
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    args = build_parser().parse_args(argv)
    settings = get_settings()
    try:
        # With --json, stdout carries exactly one JSON object: whatever the work prints goes to stderr.
        with contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext():
            result = args.handler(args, settings)
    except RiskgraphError as exc:
        print(f"riskgraph {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"riskgraph {args.command}: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
