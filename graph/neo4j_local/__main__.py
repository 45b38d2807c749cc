"""python -m graph.neo4j_local [--data DIR] [--port 7687]: builds, starts Neo4j, runs until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from graph.neo4j_local import PASSWORD, Neo4jLocalError, build, start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.neo4j_local", description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=Path("data/neo4j-local"), help="Neo4j home (data/, logs/)"
    )
    parser.add_argument("--port", type=int, default=7687, help="Bolt port on 127.0.0.1 (0 = any free port)")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--pagecache", default="256m")
    parser.add_argument("--password", default=PASSWORD, help="initial password of user neo4j")
    parser.add_argument("--no-auth", action="store_true", help="disable authentication")
    args = parser.parse_args(argv)
    try:
        build(quiet=False)
        started = time.monotonic()
        db = start(args.data, args.port, args.heap, args.pagecache, None if args.no_auth else args.password)
    except Neo4jLocalError as exc:
        print(exc, file=sys.stderr)
        return 1

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # also when started in the background, where SIGINT is ignored
    signal.signal(signal.SIGTERM, interrupt)
    with db:
        print(
            f"# Neo4j ready in {time.monotonic() - started:.1f}s (pid {db.pid}, logs in {db.data_dir / 'logs'})"
        )
        for key, value in db.env().items():
            print(f"{key}={value}")
        print("# Ctrl-C to stop", flush=True)
        try:
            while db.proc.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        print("# stopping Neo4j", file=sys.stderr)
    return 0 if db.proc.returncode in (0, 143) else db.proc.returncode


if __name__ == "__main__":
    sys.exit(main())
