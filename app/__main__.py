"""`python -m app [--data DIR] [--host H] [--port P]` serves the explainer.

With no --data and no EXPLAINER_DATA, it uses data/aggregates and, on first run, writes the
synthetic replica and builds it there (the README's first command relies on this).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DEFAULT_DATA, DEFAULT_SHARDS, Settings
from .data import DataError


def ensure_default_data(data: Path) -> None:
    """Build the synthetic default once; any other folder must already hold aggregates."""
    if (data / "manifest.json").exists() or data.resolve() != DEFAULT_DATA.resolve():
        return
    from precompute.synth import generate

    from precompute.build import build

    print("first run: writing the synthetic LAION-5B replica and building its aggregates...", file=sys.stderr)
    if not (DEFAULT_SHARDS / "laion2B-en").exists():
        generate(DEFAULT_SHARDS, progress=sys.stderr.isatty())
    build([str(DEFAULT_SHARDS / "*" / "*.parquet")], data)


def main(argv: list[str] | None = None) -> int:
    settings = Settings()
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    parser.add_argument("--data", type=Path, default=settings.data, help="aggregates folder")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args(argv)

    import uvicorn

    from .main import create_app

    try:
        ensure_default_data(args.data)
        app = create_app(args.data)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
