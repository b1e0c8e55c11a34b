"""'Is my site in it?': answers from the domain index file, read a row group at a time.

The index (domains.parquet, written by precompute/domains/index.py) holds every registered domain
of the data, sorted by domain, in row groups whose footer statistics give each group's first and
last domain and its largest pair count. At start-up only those per-group statistics are kept (a
few thousand strings for a hundred million domains); a lookup bisects them and reads one row
group, so the server's memory does not grow with the index.

Measured on a 20M-domain index: DuckDB's own parquet scan took 7 ms a lookup with 611 row groups
and 90 ms with 4,883 (it checks every group's statistics per query); bisecting here takes well
under a millisecond before the one read.

What readers type goes through the same host rules as the build (precompute.domains.psl), so
`https://WWW.Pinterest.fr/pin/1`, `www.pinterest.fr` and `pinterest.fr` all answer for pinterest.fr.
"""

from __future__ import annotations

import heapq
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from precompute.contract.hosts import display_domain, domain_of_query, to_ascii

FIXED = ("domain", "site", "pairs", "rank", "hosts")
MAX_LIMIT = 50
MAX_QUERY = 2048  # characters: a whole URL may be pasted


class IndexFileError(Exception):
    """The index file cannot be used (no statistics, wrong columns)."""


@dataclass(frozen=True)
class Match:
    domain: str
    pairs: int
    rank: int
    site: str
    hosts: int
    subsets: dict[str, int]


def prefix_of(q: str) -> str:
    """What a reader typed into the search box -> the domain prefix to look for (`www.` ignored)."""
    q = q.strip().lower()
    if "://" in q:
        q = q.split("://", 1)[1]
    q = q.split("/", 1)[0].removeprefix("www.")
    return to_ascii(q) if q else ""


class DomainIndex:
    """Read-only queries over one index file; safe to share between request threads."""

    def __init__(self, path: Path, subsets: list[str]) -> None:
        self.path = Path(path)
        pf = pq.ParquetFile(self.path)
        meta, names = pf.metadata, pf.schema_arrow.names
        missing = [c for c in FIXED if c not in names]
        if missing:
            raise IndexFileError(f"{self.path}: no {', '.join(missing)} column")
        self.rows = meta.num_rows
        self.subsets = [s for s in subsets if s in names]
        self.columns = [*FIXED, *self.subsets]
        d, p = names.index("domain"), names.index("pairs")
        self.first: list[str] = []
        self.last: list[str] = []
        self.max_pairs: list[int] = []
        for i in range(meta.num_row_groups):
            rg = meta.row_group(i)
            ds, ps = rg.column(d).statistics, rg.column(p).statistics
            if rg.num_rows and (ds is None or not ds.has_min_max or ps is None or not ps.has_min_max):
                raise IndexFileError(f"{self.path}: row group {i} has no min/max statistics")
            if rg.num_rows:
                self.first.append(ds.min)
                self.last.append(ds.max)
                self.max_pairs.append(ps.max)
        self._groups = [i for i in range(meta.num_row_groups) if meta.row_group(i).num_rows]
        self._local = threading.local()

    def _file(self) -> pq.ParquetFile:
        # a ParquetFile per thread: reads through one handle are not meant to be concurrent
        f = getattr(self._local, "file", None)
        if f is None:
            f = self._local.file = pq.ParquetFile(self.path, memory_map=False)
        return f

    def _read(self, k: int, columns: list[str]) -> pa.Table:
        return self._file().read_row_group(self._groups[k], columns=columns)

    def _match(self, row: dict[str, Any]) -> Match:
        return Match(row["domain"], int(row["pairs"]), int(row["rank"]), row["site"], int(row["hosts"]),
                     {s: int(row[s]) for s in self.subsets})

    def get(self, domain: str) -> Match | None:
        k = bisect_right(self.first, domain) - 1
        if k < 0 or domain > self.last[k]:
            return None
        t = self._read(k, self.columns)
        i = pc.index(t.column("domain"), domain).as_py()
        return self._match(t.slice(i, 1).to_pylist()[0]) if i >= 0 else None

    def lookup(self, text: str) -> tuple[str, Match | None]:
        """A domain, host or URL -> (the registered domain it stands for, its row or None)."""
        domain = domain_of_query(text)
        return domain, self.get(domain)

    def search(self, q: str, limit: int = 10) -> list[Match]:
        """Registered domains starting with the prefix, biggest first (ties: alphabetical).

        Row groups holding the prefix are read largest-first by their biggest pair count, and the
        search stops once no unread group can beat the current top `limit`: a one-letter prefix
        reads a handful of groups, not a twenty-sixth of the index.
        """
        p = prefix_of(q)
        if not p or limit < 1:
            return []
        lo = max(0, bisect_right(self.first, p) - 1)
        hi = bisect_left(self.first, p[:-1] + chr(ord(p[-1]) + 1))
        groups = sorted((k for k in range(lo, hi) if self.last[k] >= p), key=lambda k: -self.max_pairs[k])
        best: list[tuple[int, str, dict[str, Any]]] = []  # min-heap on (pairs, reversed order of name)
        for k in groups:
            full = len(best) == limit
            if full and self.max_pairs[k] < best[0][0]:
                break
            t = self._read(k, self.columns)
            mask = pc.starts_with(t.column("domain"), p)
            if full:  # only rows that could still enter the top `limit`
                mask = pc.and_(mask, pc.greater_equal(t.column("pairs"), best[0][0]))
            t = t.filter(mask)
            if t.num_rows > limit:
                t = t.take(pc.select_k_unstable(t, limit, [("pairs", "descending"), ("domain", "ascending")]))
            for row in t.to_pylist():
                item = (row["pairs"], _Desc(row["domain"]), row)
                if len(best) < limit:
                    heapq.heappush(best, item)
                elif item[:2] > best[0][:2]:
                    heapq.heapreplace(best, item)
        ranked = sorted(best, key=lambda it: (-it[0], it[2]["domain"]))
        return [self._match(row) for _, _, row in ranked]


class _Desc(str):
    """A string that sorts in reverse, so the heap keeps the alphabetically first of equal counts."""

    __slots__ = ()

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:
        return str.__lt__(self, other)


def answer(m: Match, total_pairs: int, scale: int, distinct: int) -> dict[str, Any]:
    """The JSON a reader gets for one domain (counts are sample rows; `scale` multiplies)."""
    return {
        "domain": m.domain,
        "display": display_domain(m.domain),
        "site": None if m.site == "(other)" else m.site,
        "pairs": m.pairs,
        "estimate": m.pairs * scale,
        "rank": m.rank,
        "of": distinct,
        "share": m.pairs / total_pairs if total_pairs else 0.0,
        "hosts": m.hosts,
        "subsets": [{"name": s, "pairs": n} for s, n in m.subsets.items() if n],
    }
