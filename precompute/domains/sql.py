"""The same host rules as domains.psl, written as SQL for DuckDB (so tens of millions of hosts fold in-engine).

Three stages, each a SQL expression or query fragment:
- `raw_host_sql(url)` runs on every row of every shard, so it is cheap: `split_part` for the
  http(s) URLs that nearly all rows are, a regular expression only for the rest;
- `normalised_host_sql(raw)` runs once per distinct raw host (after the per-shard GROUP BY);
- `registered_domain_query(relation)` joins the distinct hosts with the suffix rules.
"""

from __future__ import annotations

import contextlib

import duckdb
import pyarrow as pa

from precompute.contract.hosts import MAX_RULE_LABELS, NO_HOST, rules, to_ascii

RULES_TABLE = "explainer_psl_rules"
TO_ASCII = "explainer_host_to_ascii"


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def raw_host_sql(url: str) -> str:
    """The host of a URL as written (see psl.raw_host); NULL for a NULL URL."""
    return (f"CASE WHEN starts_with({url}, 'https://') OR starts_with({url}, 'http://') "
            f"THEN split_part({url}, '/', 3) "
            f"ELSE regexp_extract({url}, '^(?:[A-Za-z][A-Za-z0-9+.\\-]*://|//)?([^/?#]*)', 1) END")


def normalised_host_query(relation: str, raw: str = "raw") -> str:
    """SELECT every column of `relation` plus `host`: psl.normalise_host of its `raw` column.

    One stage per step, so no step's expression is repeated inside the next one; each step runs
    its string surgery only on the few hosts that need it (a contains() test is far cheaper).
    """
    return f"""
      SELECT * EXCLUDE (_a, _b, _c),
        -- strlen counts bytes, length characters: they differ exactly when the host is not ASCII
        CASE WHEN strlen(_c) <> length(_c) THEN {TO_ASCII}(_c) ELSE rtrim(lower(_c), '.') END AS host
      FROM (SELECT *,
              CASE WHEN contains(_b, ':') OR starts_with(_b, '[') OR starts_with(_b, ' ') OR ends_with(_b, ' ')
                   THEN trim(CASE WHEN starts_with(_b, '[') THEN split_part(_b, ']', 1) || ']'
                                  ELSE split_part(_b, ':', 1) END, ' ')
                   ELSE _b END AS _c
        FROM (SELECT *,
                CASE WHEN contains(_a, '?') OR contains(_a, '#') OR contains(_a, '\\')
                     THEN split_part(split_part(split_part(_a, '?', 1), '#', 1), '\\', 1) ELSE _a END AS _b
          FROM (SELECT *, CASE WHEN contains(coalesce({raw}, ''), '@') THEN split_part({raw}, '@', -1)
                               ELSE coalesce({raw}, '') END AS _a
            FROM {relation})))"""


def _to_ascii_batch(hosts: pa.Array) -> pa.Array:
    # a vectorised UDF: DuckDB calls it once per chunk, not once per host (157 µs a call measured)
    return pa.array([None if h is None else to_ascii(h) for h in hosts.to_pylist()], pa.string())


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Give a connection the suffix-rule table and the IDN function the SQL above uses."""
    r = rules()
    suffixes = r.suffixes
    table = pa.table({
        "suffix": pa.array(suffixes, pa.string()),
        "exact": pa.array([s in r.exact for s in suffixes]),
        "wild": pa.array([s in r.wild for s in suffixes]),
        "exception": pa.array([s in r.exception for s in suffixes]),
    })
    con.register(RULES_TABLE, table)
    # CatalogException: this database already has it (DuckDB shares one instance per database file)
    with contextlib.suppress(duckdb.CatalogException):
        con.create_function(TO_ASCII, _to_ascii_batch, [duckdb.sqltypes.VARCHAR], duckdb.sqltypes.VARCHAR,
                            type="arrow", null_handling="special", side_effects=False)


def _in(expr: str, values: list[str]) -> str:
    return f"{expr} IN ({', '.join(_q(v) for v in sorted(values))})" if values else "false"


def registered_domain_query(relation: str, host: str = "host") -> str:
    """SELECT every column of `relation` plus `domain`, the registered domain of its `host` column.

    psl.public_suffix_labels, unrolled over suffixes of 1..4 labels: an exception rule wins, else
    the longest exact or wildcard match, else the default rule (1). Levels with many rules (two and
    three labels) are looked up with a join; the few rules of one and four labels are inlined.
    """
    r, k = rules(), MAX_RULE_LABELS
    suffix = {1: "_l1"}
    for i in range(2, k + 2):
        suffix[i] = f"_l{i} || '.' || {suffix[i - 1]}"
    exceptions, matches, joins = [], [], []
    for i in range(1, k + 1):
        level = {name: [s for s in getattr(r, name) if s.count(".") == i - 1]
                 for name in ("exact", "wild", "exception")}
        if sum(map(len, level.values())) > 64:
            joins.append(f"LEFT JOIN {RULES_TABLE} _r{i} ON _r{i}.suffix = _s{i}")
            test = {name: f"_r{i}.{name}" for name in level}
        else:
            test = {name: _in(f"_s{i}", vals) for name, vals in level.items()}
        exceptions.append(f"WHEN {test['exception']} THEN {i - 1}")
        matches += [f"CASE WHEN {test['exact']} THEN {i} END",
                    f"CASE WHEN {test['wild']} AND _n >= {i + 1} THEN {i + 1} END"]
    labels = ", ".join(f"split_part({host}, '.', -{i}) AS _l{i}" for i in range(1, k + 2))
    suffixes = ", ".join(f"{suffix[i]} AS _s{i}" for i in range(1, k + 2))
    pick = " ".join(f"WHEN {i} THEN _s{i + 1}" for i in range(0, k + 1))
    helpers = ", ".join([*(f"_l{i}" for i in range(1, k + 2)), *(f"_s{i}" for i in range(1, k + 2)), "_n", "_ps"])
    return f"""
      SELECT * EXCLUDE ({helpers}),
        CASE
          WHEN {host} = '' THEN {_q(NO_HOST)}
          WHEN starts_with({host}, '[') OR NOT contains({host}, '.')
               OR regexp_full_match({host}, '\\d{{1,3}}(\\.\\d{{1,3}}){{3}}') THEN {host}
          WHEN _n > _ps THEN CASE _ps {pick} END
          ELSE {host}
        END AS domain
      FROM (
        SELECT _h.*, CASE {' '.join(exceptions)} ELSE greatest(1, {', '.join(matches)}) END AS _ps
        FROM (
          SELECT *, {suffixes} FROM (
            SELECT *, {labels}, length({host}) - length(replace({host}, '.', '')) + 1 AS _n FROM {relation}
          )
        ) _h {' '.join(joins)}
      )"""
