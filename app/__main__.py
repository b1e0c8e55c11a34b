"""`python -m app [--data DIR] [--host H] [--port P] [--public-url URL]` serves the explainer;
`python -m app export --out DIR [--data DIR] [--t T] [--domains N|all]` writes it as static files
(app/export/site.py).

With no --data and no EXPLAINER_DATA, it uses data/aggregates and, on first run, writes the
synthetic replica and builds it there (the README's first command relies on this). Every other knob
is a field of app.settings.Settings (EXPLAINER_THREADS, EXPLAINER_LINGUA, ...); the flags override it.
The app (FastAPI, Altair, vl-convert) and the build (DuckDB) are imported only once the flags are
parsed and a command needs them: `--help` and a bad flag answer without loading them.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from pydantic import ValidationError

from app.core.dataset import DataError
from app.settings import DEFAULT_DATA, DEFAULT_SHARDS, Settings


def ensure_default_data(data: Path) -> None:
    """Build the synthetic default once; any other folder must already hold aggregates."""
    if (data / "manifest.json").exists() or data.resolve() != DEFAULT_DATA.resolve():
        return
    from precompute.build.run import build
    from precompute.synth.generate import generate

    print("first run: writing the synthetic LAION-5B replica and building its aggregates...", file=sys.stderr)
    if not (DEFAULT_SHARDS / "laion2B-en").exists():
        generate(DEFAULT_SHARDS, progress=sys.stderr.isatty())
    build([str(DEFAULT_SHARDS / "*" / "*.parquet")], data)


def domain_count(text: str) -> int | None:
    """--domains: a positive whole number, or `all`."""
    if text.strip().lower() == "all":
        return None
    try:
        n = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of domains or 'all'") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give at least 1, or 'all'")
    return n


def export_main(argv: list[str]) -> int:
    settings = Settings()
    parser = argparse.ArgumentParser(prog="python -m app export",
                                     description="Write the story, slides, embeds and downloads as static files "
                                                 "that work from any static host or from disk (file://).")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (empty, new or an earlier export)")
    parser.add_argument("--data", type=Path, default=settings.data, help="aggregates folder")
    parser.add_argument("--t", type=float, default=None, help="threshold of the downloads and pages "
                                                              "(default: the published English threshold)")
    # the default is export_search.DEFAULT_LIMIT (not imported here: it would load pyarrow for --help)
    parser.add_argument("--domains", type=domain_count, default=1_000_000, metavar="N|all",
                        help="how many registered domains the offline site search holds, biggest first "
                             "(default: 1,000,000; 'all' keeps every one)")
    args = parser.parse_args(argv)
    settings = settings.model_copy(update={"data": args.data})

    from app.core.dataset import load
    from app.export.site import ExportError, export, summary

    try:
        ensure_default_data(settings.data)
        files = export(load(settings.data), args.out, args.t, args.domains, settings)
    except (DataError, ExportError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: {summary(files)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        return export_main(argv[1:])
    settings = Settings()
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    parser.add_argument("--data", type=Path, default=settings.data, help="aggregates folder")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    parser.add_argument("--public-url", default=settings.public_url,
                        help="the site's public origin, for absolute URLs (default: http://HOST:PORT)")
    args = parser.parse_args(argv)
    try:  # validated like the environment variables (model_copy would skip the checks)
        settings = Settings(**{**settings.model_dump(exclude_unset=True), "data": args.data, "host": args.host,
                               "port": args.port, "public_url": args.public_url})
    except ValidationError as e:
        err = e.errors()[0]
        print(f"error: --{'-'.join(map(str, err['loc'])).replace('_', '-')}: {err['msg']}", file=sys.stderr)
        return 2

    import uvicorn

    from app.web.main import create_app

    try:
        ensure_default_data(settings.data)
        app = create_app(settings)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # the app's one line per error (logger app.web, app/web/guard.py) beside uvicorn's own, same format
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["app"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", log_config=log_config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
