"""Small real-format builds for the story tests: LAION column names, no `explainer.*` metadata
(so the manifest says synthetic=false), hostile and over-long captions among the samples; and the
datasets that lack columns or published thresholds, for the branches of the story that say so."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures import HOSTILE_CAPTIONS, coyo_table, datacomp_table, laion_table, write

PRODUCT_TITLES = ["Men's Linen Shirt Navy", "Rustic Farmhouse Wall Decor Ideas", "PPT - Cell Structure",
                  "Boho Maxi Dress Sage Green"]
# the columns the story's optional figures need: similarity, language and aesthetic (issue 10)
NO_SCORES = ("similarity", "LANGUAGE", "AESTHETIC_SCORE")


def build_real(tmp: Path, drop: tuple[str, ...] = (), rows: int = 1500) -> Path:
    """Three LAION subsets of `rows` rows each, built with every row a sample candidate."""
    from precompute.build.run import build

    caps = HOSTILE_CAPTIONS + ["x" * 5000 + "<b>long</b>"] + PRODUCT_TITLES
    subsets = (("laion2B-en", {"aesthetic": True}), ("laion2B-multi", {"language": True}), ("laion1B-nolang", {}))
    for i, (subset, kw) in enumerate(subsets):
        table = laion_table(rows, seed=i, captions=caps, **kw)
        table = table.drop_columns([c for c in drop if c in table.column_names])
        write(table, tmp / "shards" / subset / f"part-00000-{i}-c000.snappy.parquet")
    out = tmp / "agg"
    build([str(tmp / "shards" / "*" / "*.parquet")], out, sample_mod=1)
    return out


def build_other(tmp: Path, profile: str, rows: int = 600) -> Path:
    """DataComp CommonPool or COYO-700M metadata: one subset, no published CLIP threshold."""
    from precompute.build.run import build

    table = {"datacomp": datacomp_table, "coyo": coyo_table}[profile](rows)
    write(table, tmp / "meta" / "0000.parquet")
    out = tmp / "agg"
    build([str(tmp / "meta" / "*.parquet")], out, sample_mod=1)
    return out
