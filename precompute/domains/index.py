"""The domain index: every registered domain with its pairs per subset, one parquet file sorted by domain.

Input: one host partial per shard (parquet: subset, host as written, n), written by the shard
pass into the build's work folder. Output: `domains.parquet` with columns domain, site, pairs,
rank, hosts and one count column per subset. Everything runs inside DuckDB on a database file in
the work folder, so the number of distinct hosts is bounded by disk, not by memory: DuckDB spills
its hash tables and sorts there under the build's memory limit.

The file is written by pyarrow from DuckDB's ordered stream with fixed row groups, so the same
counts give the same bytes whatever the shard order or split. Rows are sorted by domain (byte
order), which lets the server answer a lookup by reading one row group (row-group statistics).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from precompute.contract.models import INDEX_FILE
from precompute.domains import sql
from precompute.errors import InputError
from precompute.scan.sites import site_case_sql

ROW_GROUP_ROWS = 16_384  # a lookup reads one group (see app/domains.py): ~16k rows, ~200 KB
FIXED_COLUMNS = ("domain", "site", "pairs", "rank", "hosts")


@dataclass(frozen=True)
class IndexSummary:
    rows: int
    sha256: str
    bytes: int
    distinct_hosts: int
    top: list[dict[str, Any]]

    def manifest_entry(self) -> dict[str, Any]:
        return {"rows": self.rows, "sha256": self.sha256, "bytes": self.bytes}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def index_schema(subsets: list[str]) -> pa.Schema:
    fields = [("domain", pa.string()), ("site", pa.string()), ("pairs", pa.int64()), ("rank", pa.int64()),
              ("hosts", pa.int64())]
    return pa.schema(fields + [(s, pa.int64()) for s in subsets])


def check_subset_names(subsets: list[str]) -> None:
    """Subset names become column names of the index: they must not collide with its own columns."""
    for s in subsets:
        if s in FIXED_COLUMNS:
            raise InputError(f"{s}=", f"subset name {s!r} is reserved for a column of {INDEX_FILE}; "
                                      "name the input another way (--input NAME=GLOB)")


def build_index(con: duckdb.DuckDBPyConnection, host_files: list[str], subsets: list[str], out: Path,
                top_n: int) -> IndexSummary:
    """Fold the host partials into registered domains and write the index file to `out`."""
    check_subset_names(subsets)
    sql.register(con)
    files = "[" + ", ".join(_lit(f) for f in host_files) + "]"
    per_subset = ", ".join(f"sum(n) FILTER (WHERE subset = {_lit(s)}) AS {_ident(s)}" for s in subsets)
    sums = ", ".join(f"coalesce(sum({_ident(s)}), 0) AS {_ident(s)}" for s in subsets)
    # temporary tables: DuckDB keeps them in memory up to its limit and spills the rest, without
    # the writes a table of the database file would cost. Raw hosts are added up across shards
    # first, so each distinct spelling is normalised once (shards repeat most hosts).
    con.execute(f"CREATE OR REPLACE TEMP TABLE explainer_raw AS SELECT host AS raw, {per_subset} "
                f"FROM read_parquet({files}) GROUP BY host")
    con.execute(f"CREATE OR REPLACE TEMP TABLE explainer_hosts AS SELECT host, {sums} "
                f"FROM ({sql.normalised_host_query('explainer_raw')}) GROUP BY host")
    con.execute("DROP TABLE explainer_raw")
    con.execute(f"CREATE OR REPLACE TEMP TABLE explainer_domains AS SELECT domain, count(*) AS hosts, {sums} "
                f"FROM ({sql.registered_domain_query('explainer_hosts')}) GROUP BY domain")
    distinct_hosts = con.execute("SELECT count(*) FROM explainer_hosts").fetchall()[0][0]
    con.execute("DROP TABLE explainer_hosts")
    total = " + ".join(_ident(s) for s in subsets) or "0"
    ranked = f"""
      WITH d AS (SELECT *, CAST({total} AS BIGINT) AS pairs FROM explainer_domains),
      -- competition rank (1, 2, 2, 4) from a histogram of pair counts: no sort of every domain by size
      r AS (SELECT pairs, 1 + coalesce(sum(k) OVER (ORDER BY pairs DESC ROWS BETWEEN UNBOUNDED PRECEDING
                                                     AND 1 PRECEDING), 0) AS rank
            FROM (SELECT pairs, count(*) AS k FROM d GROUP BY pairs))
      SELECT domain, {site_case_sql('domain')} AS site, pairs, CAST(rank AS BIGINT) AS rank, hosts,
             {', '.join(_ident(s) for s in subsets)}
      FROM d JOIN r USING (pairs)"""
    schema = index_schema(subsets)
    con.execute("SET preserve_insertion_order = true")  # the stream must keep ORDER BY's order
    try:
        rows = write_sorted(con.sql(f"{ranked} ORDER BY domain"), out, schema)
        top = con.sql(f"{ranked} ORDER BY pairs DESC, domain LIMIT {int(top_n)}").to_arrow_table()
    finally:
        con.execute("SET preserve_insertion_order = false")
        con.execute("DROP TABLE explainer_domains")
    digest = hashlib.sha256()
    with open(out, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    keep = ["domain", "site", "pairs", "rank", "hosts"]
    return IndexSummary(rows=rows, sha256=digest.hexdigest(), bytes=out.stat().st_size,
                        distinct_hosts=int(distinct_hosts), top=top.select(keep).to_pylist())


def write_sorted(result: duckdb.DuckDBPyRelation, out: Path, schema: pa.Schema) -> int:
    """Stream an ordered result into parquet in row groups of exactly ROW_GROUP_ROWS rows."""
    reader = result.to_arrow_reader(ROW_GROUP_ROWS)
    rows = 0
    pending: list[pa.RecordBatch] = []
    held = 0
    with pq.ParquetWriter(out, schema, compression="zstd", write_statistics=["domain", "pairs", "rank"],
                          use_dictionary=["site"]) as writer:
        for batch in reader:
            pending.append(batch.cast(schema) if batch.schema != schema else batch)
            held += batch.num_rows
            while held >= ROW_GROUP_ROWS:
                table = pa.Table.from_batches(pending, schema).combine_chunks()
                writer.write_table(table.slice(0, ROW_GROUP_ROWS), row_group_size=ROW_GROUP_ROWS)
                rest = table.slice(ROW_GROUP_ROWS)
                pending, held = rest.to_batches(), rest.num_rows
                rows += ROW_GROUP_ROWS
        if held:
            writer.write_table(pa.Table.from_batches(pending, schema), row_group_size=ROW_GROUP_ROWS)
            rows += held
    return rows
