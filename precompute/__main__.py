"""Command line: `python -m precompute synth ...` and `python -m precompute build ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from precompute.errors import InputError
from precompute.scan.profiles import PROFILES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m precompute", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("synth", help="write the calibrated synthetic LAION-5B replica as parquet shards")
    s.add_argument("--out", type=Path, required=True, help="folder for laion2B-en/, laion2B-multi/, laion1B-nolang/")
    s.add_argument("--scale", type=int, default=1000, help="real rows one synthetic row stands for (default 1000)")
    s.add_argument("--seed", type=int, default=0)

    b = sub.add_parser("build", help="aggregate parquet shards into the explainer's aggregates")
    b.add_argument("--input", action="append", required=True, metavar="GLOB|NAME=GLOB",
                   help="parquet files; the subset is the folder name or NAME (repeatable)")
    b.add_argument("--out", type=Path, required=True, help="aggregates folder, replaced only when complete")
    b.add_argument("--profile", default="auto", choices=["auto", *PROFILES])
    b.add_argument("--seed", type=int, default=0, help="hash seed of the caption samples")
    b.add_argument("--workers", type=int, default=None, help="run shards on a local Dask cluster of N workers")
    b.add_argument("--scheduler", default=None, help="run shards on an existing Dask cluster (tcp://HOST:PORT)")
    b.add_argument("--memory-limit", default="2GB", metavar="SIZE",
                   help="memory the build may use (default 2GB); beyond it DuckDB spills to --temp-dir")
    b.add_argument("--temp-dir", type=Path, default=None, metavar="DIR",
                   help="spill files and per-shard host counts (default: beside --out; removed afterwards; "
                        "with --scheduler it must be storage every worker shares)")

    args = parser.parse_args(argv)
    try:
        if args.command == "synth":
            from precompute.synth.generate import generate

            if args.scale < 1:
                raise InputError("--scale", "must be a whole number of at least 1")
            info = generate(args.out, scale=args.scale, seed=args.seed, progress=sys.stderr.isatty())
            print(f"wrote {info.get('rows', '?')} rows to {args.out}", file=sys.stderr)
        else:
            from precompute.build.run import build

            partial_fn = None
            if args.workers or args.scheduler:
                from precompute.build.cluster import dask_partials

                partial_fn = dask_partials(workers=args.workers, scheduler=args.scheduler,
                                           memory_limit=args.memory_limit)
            manifest = build(args.input, args.out, profile=args.profile, seed=args.seed, partial_fn=partial_fn,
                             memory_limit=args.memory_limit, temp_dir=args.temp_dir)
            print(f"built {args.out}: {manifest['rows']} rows from {len(manifest['inputs'])} files "
                  f"in {manifest['duration_s']:.1f}s", file=sys.stderr)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
