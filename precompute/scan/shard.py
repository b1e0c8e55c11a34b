"""One pass over one shard: every statistic of the story from a single DuckDB scan.

The pass is one query: a CTE reads the shard once and derives cheap per-row keys (host, score
bins); several GROUP BY branches consume that one stream (DuckDB fans the CTE out to them) and
are glued with UNION ALL. Each branch is one statistic (a histogram, the host list, caption
samples) and only counts rows, so the partial result of a shard is a table of counts and the
partials of many shards merge by adding counts (merge.py). Nulls and NaN get their own bins, so
they are counted, never dropped.

The host branch is the one that grows with the data (a real crawl has tens of millions of
hosts): it is not returned with the rest but written to a parquet file of its own (the shard's
host partial), which domains/index.py aggregates out of core once every shard is done.

Samples are hash-selected: a row is a sample candidate when hash(URL, seed) % sample_mod == 0.
That depends on the row alone, so it is the same whether shards are built apart or together;
merge.py keeps the k candidates with the smallest hash per group (a bottom-k sample).

Measured on this 2-core machine (see bench/precompute.py): a GROUPING SETS version of the same
query ran at about 60% of this one's speed; lower() on every host cost about 15%, so hosts are
lower-cased after the merge, where there are thousands of them instead of millions of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from precompute.domains.sql import raw_host_sql
from precompute.scan.sites import site_case_sql

# similarity, punsafe and pwatermark use bins of 0.001, aesthetic bins of 0.01: bin k holds
# [k, k+1) / 1000 (or / 100); TOP_BIN holds [1, 1.001), OUT_BIN NaN and larger values, -1 null
TOP_BIN = 1000
OUT_BIN = 1001
TOP_SIM_BIN = 460  # pairs at or above 0.46 are kept whole: the essay's showcase of top pairs
SAMPLE_MOD = 256

# statistic -> its key columns
SETS: dict[str, tuple[str, ...]] = {
    "sim_lang": ("lang", "sb"),
    "sim_site": ("site", "sb"),
    "host": ("host",),
    "aesthetic": ("ab",),
    "punsafe": ("ub",),
    "pwatermark": ("wb",),
    "size": ("szb",),
    "sample": ("lang", "host", "ub", "h", "text"),
    "top": ("lang", "host", "ub", "sim", "text"),
}
KEY_TYPES: dict[str, pa.DataType] = {
    "lang": pa.string(), "sb": pa.int32(), "site": pa.string(), "host": pa.string(),
    "ab": pa.int32(), "ub": pa.int32(), "wb": pa.int32(), "szb": pa.int32(),
    "h": pa.uint64(), "sim": pa.float64(), "text": pa.string(),
}
KEYS: tuple[str, ...] = tuple(KEY_TYPES)
PARTIAL_SCHEMA = pa.schema(
    [("subset", pa.string()), ("set", pa.string())] + [(k, KEY_TYPES[k]) for k in KEYS]
    + [("n", pa.int64())]
)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _bin(expr: str | None, scale: int) -> str:
    """Bin index of a score (see TOP_BIN / OUT_BIN); negative scores go to bin 0.

    The cast to DOUBLE matters: floor() on FLOAT columns is five times slower in DuckDB 2.0.
    """
    if expr is None:
        return "CAST(-1 AS INTEGER)"
    x = f"floor(CAST({expr} AS DOUBLE) * {scale}.0)"
    # least() sends NaN (DuckDB orders it above every number) and x >= 1.001 to OUT_BIN;
    # greatest() and least() skip NULLs, so nulls need their own branch
    return f"CASE WHEN {x} IS NULL THEN -1 ELSE TRY_CAST(least(greatest({x}, 0.0), {OUT_BIN}.0) AS INTEGER) END"


def _size(w: str | None, h: str | None) -> str:
    """log2 of the shorter side; -1 null or no column, -2 NaN, -3 not a positive whole number."""
    if not (w and h):
        return "CAST(-1 AS INTEGER)"
    w, h = f"CAST({w} AS DOUBLE)", f"CAST({h} AS DOUBLE)"
    return (f"CASE WHEN {w} IS NULL OR {h} IS NULL THEN -1 WHEN isnan({w}) OR isnan({h}) THEN -2 "
            f"WHEN least({w}, {h}) < 1 OR {w} <> floor({w}) OR {h} <> floor({h}) THEN -3 "
            f"ELSE TRY_CAST(floor(log2(least({w}, {h}))) AS INTEGER) END")


@dataclass(frozen=True)
class ShardSpec:
    path: str
    subset: str
    columns: dict[str, str | None]  # canonical -> the file's column, from the profile
    language: str | None  # language implied for every row when there is no language column
    seed: int = 0
    sample_mod: int = SAMPLE_MOD
    tag: str | None = None  # a safety tag column (LAION-400M's NSFW: UNLIKELY / UNSURE / NSFW)


def _sample_safety(ub: str, tag: str | None, has_punsafe: bool) -> str:
    """The punsafe bin that decides whether a row may be shown as a sample (merge.SAFE_BELOW).

    With no punsafe score, a tag stands in for it: only UNLIKELY counts as safe (bin 0); UNSURE,
    NSFW and a missing tag are kept out (bin 1000). With neither, every row is unknown (-1) and
    none is shown.
    """
    if has_punsafe or tag is None:
        return ub
    t = f"upper(trim(CAST({quote_ident(tag)} AS VARCHAR)))"
    return f"CASE WHEN {t} = 'UNLIKELY' THEN 0 ELSE {TOP_BIN} END"


def shard_sql(spec: ShardSpec) -> str:
    """The one query over one shard. Missing optional columns become constant -1 bins."""
    col = {k: (quote_ident(v) if v else None) for k, v in spec.columns.items()}
    url, text = col["url"], col["caption"]
    if col["language"]:
        lang = f"coalesce(nullif(trim(CAST({col['language']} AS VARCHAR)), ''), 'und')"
    else:
        # no column and no language by construction: NULL, "not known" (never LAION's "und", which is
        # the detector's verdict); aggregates.py leaves such rows out of the language counts
        lang = quote_str(spec.language) if spec.language else "CAST(NULL AS VARCHAR)"
    sim = f"CAST({col['similarity']} AS DOUBLE)" if col["similarity"] else "CAST(NULL AS DOUBLE)"
    h = f"hash(url, {int(spec.seed)})"
    safe = _sample_safety("ub", spec.tag, bool(col["punsafe"]))
    branches = {
        "sim_lang": "SELECT lang, sb, count(*) AS n FROM base GROUP BY ALL",
        "sim_site": f"SELECT {site_case_sql('host')} AS site, sb, count(*) AS n FROM base GROUP BY ALL",
        "host": "SELECT host, count(*) AS n FROM base GROUP BY ALL",
        "aesthetic": "SELECT ab, count(*) AS n FROM base GROUP BY ALL",
        "punsafe": "SELECT ub, count(*) AS n FROM base GROUP BY ALL",
        "pwatermark": "SELECT wb, count(*) AS n FROM base GROUP BY ALL",
        "size": "SELECT szb, count(*) AS n FROM base GROUP BY ALL",
        "sample": f"SELECT lang, host, {safe} AS ub, {h} AS h, caption AS text, count(*) AS n FROM base "
                  f"WHERE {h} % {int(spec.sample_mod)} = 0 GROUP BY ALL",
        "top": f"SELECT lang, host, {safe} AS ub, sim, caption AS text, count(*) AS n FROM base "
               f"WHERE sb >= {TOP_SIM_BIN} AND sb < {OUT_BIN} GROUP BY ALL",
    }
    assert branches.keys() == SETS.keys()
    union = " UNION ALL BY NAME ".join(
        f"SELECT {quote_str(name)} AS set, * FROM ({q})" for name, q in branches.items())
    return f"""
      WITH base AS (
        SELECT {url} AS url, {text} AS caption, {sim} AS sim, {lang} AS lang,
          {raw_host_sql(url)} AS host,
          {_bin(col['similarity'], 1000)} AS sb,
          {_bin(col['aesthetic'], 100)} AS ab,
          {_bin(col['punsafe'], 1000)} AS ub,
          {_bin(col['pwatermark'], 1000)} AS wb,
          {_size(col['width'], col['height'])} AS szb{f", {quote_ident(spec.tag)}" if spec.tag else ""}
        FROM read_parquet({quote_str(spec.path)})
      )
      SELECT {quote_str(spec.subset)} AS subset, * FROM ({union})"""


def shard_partial(con: duckdb.DuckDBPyConnection, spec: ShardSpec, host_file: str) -> pa.Table:
    """Run the pass over one shard: the host counts go to `host_file`, the rest is returned.

    The returned partial holds counts keyed by (set, keys) and stays small whatever the data.
    """
    # Parquet min/max statistics leave NaN out, and DuckDB's statistics propagation then folds
    # isnan(x) to false: NaN scores would be miscounted. Measured: no cost to the pass.
    con.execute("SET disabled_optimizers = 'statistics_propagation'")
    # one scan feeds every branch; the result lands in a temporary table that DuckDB may spill
    con.execute(f"CREATE OR REPLACE TEMP TABLE explainer_pass AS {shard_sql(spec)}")
    try:
        con.execute(f"COPY (SELECT subset, host, CAST(n AS BIGINT) AS n FROM explainer_pass WHERE set = 'host') "
                    f"TO {quote_str(host_file)} (FORMAT parquet, COMPRESSION zstd)")
        t = con.sql("SELECT * FROM explainer_pass WHERE set <> 'host'").to_arrow_table()
    finally:
        con.execute("DROP TABLE IF EXISTS explainer_pass")
    cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(t.num_rows, f.type)
            for f in PARTIAL_SCHEMA]
    return pa.Table.from_arrays(cols, schema=PARTIAL_SCHEMA)
