"""'Is your site in it?' in the static export: the domain index as small script files under search/.

A page opened from file:// may load another local file with <script src> but, in Chromium, not
with fetch() or XHR. So every file here is a script that hands its data to a global registration
function, `explainerSiteIndex` (static/js/site-index.js defines it, loads these files on demand
and answers the search box from them):

  search/index.js         explainerSiteIndex.manifest({...}): the part files' keys, where the top
                          lists are, the totals an answer needs (pairs, registered domains, scale,
                          synthetic, subsets, sites) and the cut
  search/part/NNNNN.js    explainerSiteIndex.part(n, key, rows): domains in byte order, part n holding
                          keys[n] <= domain < keys[n + 1]
  search/top/NNNN.js      explainerSiteIndex.top(n, {prefix: rows}): the biggest domains of every
                          prefix too big for one part, so a suggestion for `p` or `co` reads one file
  search/keys/NNNN.js     explainerSiteIndex.keys(n, first, keys): only past KEYS_INLINE parts (an
                          index of millions of domains), the keys in files of their own, so that
                          the manifest stays small

Parts are cut from the sorted index as it streams past, whenever the next row would take a file
over MAX_ROWS rows or MAX_BYTES bytes; a part's key is the shortest prefix of its first domain that
sorts after the previous part's last one. A prefix holding more than MAX_ROWS domains (counted one
character longer per pass, only under prefixes already that big) gets a precomputed top list; any
other prefix lies in one part, or a few at a boundary.

The copy may hold only the N biggest domains (ties by domain): `python -m app export --domains N`.
Ranks, shares and the number of registered domains stay those of the whole data.

domains.parquet is read in record batches: Python holds one batch, one part's rows and the top
lists at a time, whatever the size of the index.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import subset_order
from app.core.text import neutralise
from app.export.rules import Rules
from precompute.contract import hosts as psl

MAX_ROWS = 2000  # domains per part file
MAX_BYTES = 100_000  # bytes per file (parts and top lists)
TOP_BYTES = 16_000  # top-list files are read for every short prefix typed: keep them smaller
TOP_K = 10  # suggestions kept per big prefix (the box asks for 8)
KEYS_INLINE = 2_000  # part keys the manifest lists itself; more go to search/keys/ files
KEYS_PER_FILE = 2_000
DEFAULT_LIMIT = 1_000_000  # domains in the copy unless --domains says otherwise
BATCH_ROWS = 65_536
FORMAT = 1


@dataclass(frozen=True)
class Cut:
    """Which domains the copy holds: all, or the `kept` biggest (ties broken by domain)."""

    data: int  # registered domains in the data
    kept: int
    min_pairs: int = 0  # pairs of the smallest domain kept (0: nothing cut)
    ties: int = 0  # domains of the data with exactly min_pairs
    ties_kept: int = 0  # of those, how many the copy holds (the alphabetically first)

    @property
    def applies(self) -> bool:
        return self.kept < self.data

    def as_json(self) -> dict[str, int] | None:
        if not self.applies:
            return None
        return {"limit": self.kept, "min_pairs": self.min_pairs, "ties": self.ties, "ties_kept": self.ties_kept}


def plan_cut(pf: pq.ParquetFile, limit: int | None) -> Cut:
    """The cut for `limit` domains (None: all), from a histogram of the pairs column."""
    rows = pf.metadata.num_rows
    if limit is None or limit >= rows:
        return Cut(rows, rows)
    if limit < 1:
        raise ValueError("--domains: give a positive number or 'all'")
    hist: Counter[int] = Counter()
    for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=["pairs"]):
        vc = pc.value_counts(batch.column(0))
        hist.update(dict(zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist(), strict=True)))
    above = 0
    for value in sorted(hist, reverse=True):
        if above + hist[value] >= limit:
            return Cut(rows, limit, value, hist[value], limit - above)
        above += hist[value]
    return Cut(rows, rows)  # not reached: the histogram sums to rows > limit


class Keep:
    """The rows of each batch that the copy holds; one instance per pass (it counts ties as they pass)."""

    def __init__(self, cut: Cut) -> None:
        self.cut, self.ties_seen = cut, 0

    def mask(self, pairs: pa.Array) -> pa.Array | None:
        if not self.cut.applies:
            return None
        tie = pc.equal(pairs, self.cut.min_pairs)
        ordinal = pc.add(pc.cumulative_sum(pc.cast(tie, pa.int64())), self.ties_seen)
        self.ties_seen += int(pc.sum(pc.cast(tie, pa.int64())).as_py() or 0)
        return pc.or_(pc.greater(pairs, self.cut.min_pairs), pc.and_(tie, pc.less_equal(ordinal, self.cut.ties_kept)))


def batches(pf: pq.ParquetFile, cut: Cut, columns: list[str]) -> Iterator[pa.RecordBatch]:
    """The held rows of the index, in domain order, as record batches of `columns` (pairs included)."""
    keep = Keep(cut)
    for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=columns):
        mask = keep.mask(batch.column(columns.index("pairs")))
        yield batch if mask is None else batch.filter(mask)


DEPTHS_PER_PASS = 6  # prefix lengths counted per pass over the index


def big_prefixes(pf: pq.ParquetFile, cut: Cut) -> set[str]:
    """Prefixes holding more than MAX_ROWS of the held domains.

    A prefix is never smaller than one that extends it, so each pass counts several lengths at
    once, over the rows under the previous pass's longest big prefixes, until one finds none.
    """
    if cut.kept <= MAX_ROWS:
        return set()
    found: set[str] = set()
    parents, depth = {""}, 0
    while parents:
        levels = _big_at(pf, cut, depth, parents)
        found.update(*levels)
        parents, depth = levels[-1], depth + DEPTHS_PER_PASS
    return found


def _big_at(pf: pq.ParquetFile, cut: Cut, depth: int, parents: set[str]) -> list[set[str]]:
    """For lengths depth + 1 .. depth + DEPTHS_PER_PASS, the prefixes under `parents` (of length
    `depth`) that hold more than MAX_ROWS domains.

    The rows come sorted, so each prefix's rows are contiguous: per batch, Arrow counts them, and
    only the prefixes over the bound, and the one running on into the next batch, reach Python.
    """
    lengths = range(depth + 1, depth + DEPTHS_PER_PASS + 1)
    big: list[set[str]] = [set() for _ in lengths]
    carry: list[tuple[str | None, int]] = [(None, 0) for _ in lengths]  # each length's open prefix
    value_set = pa.array(sorted(parents), pa.string())

    def close(i: int, prefix: str | None, n: int) -> None:
        if prefix is not None and n > MAX_ROWS and len(prefix) == lengths[i]:
            big[i].add(prefix)

    for batch in batches(pf, cut, ["domain", "pairs"]):
        domain = batch.column(0)
        if depth:
            domain = domain.filter(pc.is_in(pc.utf8_slice_codeunits(domain, 0, depth), value_set=value_set))
        for i, k in enumerate(lengths):
            vc = pc.value_counts(pc.utf8_slice_codeunits(domain, 0, k))  # in order of appearance
            if not len(vc):
                continue
            values, counts = vc.field("values"), vc.field("counts")
            first, n = values[0].as_py(), counts[0].as_py()
            if first == carry[i][0]:
                n += carry[i][1]
            else:
                close(i, *carry[i])
            if len(vc) == 1:
                carry[i] = (first, n)
                continue
            close(i, first, n)
            middle = pc.greater(counts.slice(1, len(vc) - 2), MAX_ROWS)
            big[i].update(p for p in values.slice(1, len(vc) - 2).filter(middle).to_pylist() if len(p) == k)
            carry[i] = (values[-1].as_py(), counts[-1].as_py())
    for i in range(len(lengths)):
        close(i, *carry[i])
    return big


def _js(call: str, *args: Any) -> str:
    return f"explainerSiteIndex.{call}({','.join(json.dumps(a, separators=(',', ':')) for a in args)});\n"


def _row_json(domain: str, numbers: list[int], extra: dict[str, Any] | None) -> str:
    """One row as compact ASCII JSON (any charset reads it), built without the generic encoder."""
    tail = "," + json.dumps(extra, separators=(",", ":")) if extra else ""
    return f"[{encode_basestring_ascii(domain)},{','.join(map(str, numbers))}{tail}]"


@dataclass
class Written:
    """What write_index wrote, for the page, the README and the report."""

    cut: Cut
    note: str
    missing: str
    parts: int = 0
    tops: int = 0
    largest: int = 0  # bytes of the largest file
    largest_rows: int = 0
    files: list[str] = field(default_factory=list)


def cut_note(cut: Cut, ds: Dataset) -> tuple[str, str]:
    """The sentence shown in place of the search box, and what follows a domain the copy lacks."""
    if not cut.applies:
        return (f"This offline copy holds all {fmt.count(cut.data)} registered domains of the data.",
                " is not in this copy, which holds every registered domain of the data.")
    k = fmt.pairs(cut.min_pairs, ds.scale, ds.synthetic)
    unit = "pair" if k == "1" else "pairs"
    if cut.ties_kept < cut.ties:
        which = (f"every domain with more than {k} {unit}, and {fmt.count(cut.ties_kept)} of the "
                 f"{fmt.count(cut.ties)} with exactly {k}, taken in alphabetical order")
    else:
        which = f"those with at least {k} {unit}"
    return (f"This offline copy holds the {fmt.count(cut.kept)} biggest of {fmt.count(cut.data)} registered "
            f"domains ({which}); a domain below the cut may still be in the data.",
            f" is not in this copy, which holds only the {fmt.count(cut.kept)} biggest registered domains; "
            "it may still be in the data, below the cut.")


def separator(prev: str, domain: str) -> str:
    """The shortest prefix of `domain` that sorts after `prev` (domain > prev)."""
    i = 0
    while i < len(prev) and i < len(domain) and prev[i] == domain[i]:
        i += 1
    return domain[: i + 1]


class PartWriter:
    """Writes part files as the held rows stream past, opening a new file at either bound."""

    def __init__(self, folder: Path, out: Written) -> None:
        self.folder, self.out = folder, out
        self.keys: list[str] = []
        self.rows: list[str] = []
        self.size = 0
        self.key = ""
        self.last: str | None = None

    def add(self, domain: str, text: str) -> None:
        if self.rows and (len(self.rows) >= MAX_ROWS or self.size + len(text) + 2 > MAX_BYTES):
            self.flush()
        if not self.rows:
            self.key = "" if self.last is None else separator(self.last, domain)
            self.size = len(_js("part", 999_999, self.key, [])) + 2
        self.rows.append(text)
        self.size += len(text) + 2
        self.last = domain

    def flush(self) -> None:
        if not self.rows:
            return
        n = len(self.keys)
        body = f"explainerSiteIndex.part({n},{json.dumps(self.key)},[\n" + ",\n".join(self.rows) + "\n]);\n"
        _write(self.folder, f"part/{n:05d}.js", body, self.out)
        self.keys.append(self.key)
        self.out.parts += 1
        self.out.largest_rows = max(self.out.largest_rows, len(self.rows))
        self.rows, self.size = [], 0


class TopLists:
    """The TOP_K biggest held domains (ties: alphabetical) under each big prefix, kept as rows pass."""

    def __init__(self, prefixes: set[str]) -> None:
        self.prefixes = prefixes
        self.deepest = max((len(p) for p in prefixes), default=0)
        self.heaps: dict[str, list[tuple[int, int, list[Any]]]] = {p: [] for p in prefixes}
        self.seq = 0

    def add(self, domain: str, pairs: int, rank: int, site: int, shown: str) -> None:
        self.seq += 1  # rows come in domain order: among equal counts, the earlier one wins
        item = None
        for k in range(1, min(len(domain), self.deepest) + 1):
            heap = self.heaps.get(domain[:k])
            if heap is None:
                return  # big prefixes nest: no longer one is big either
            full = len(heap) == TOP_K
            if full and pairs <= heap[0][0]:
                continue  # most rows: smaller than the list's last (a tie loses to the earlier name)
            if item is None:
                entry = [domain, pairs, rank, site] + ([{"display": shown}] if shown != domain else [])
                item = (pairs, -self.seq, entry)
            if full:
                heapq.heapreplace(heap, item)
            else:
                heapq.heappush(heap, item)

    def lists(self) -> dict[str, list[list[Any]]]:
        return {p: [e for _, _, e in sorted(h, key=lambda it: (-it[0], -it[1]))] for p, h in sorted(self.heaps.items())}


def spans(sizes: list[int], bound: int, per_file: int, overhead: int) -> list[tuple[int, int]]:
    """Consecutive items of these sizes packed into files of at most `bound` bytes and `per_file` items."""
    out: list[tuple[int, int]] = []
    start, size = 0, overhead
    for i, n in enumerate(sizes):
        if i > start and (i - start >= per_file or size + n > bound):
            out.append((start, i))
            start, size = i, overhead
        size += n
    if start < len(sizes):
        out.append((start, len(sizes)))
    return out


def _write(folder: Path, rel: str, body: str, out: Written) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body.encode("ascii"))
    out.files.append(f"search/{rel}")
    out.largest = max(out.largest, len(body))


def write_tops(folder: Path, lists: dict[str, list[list[Any]]], out: Written) -> list[str]:
    """The top lists in prefix order, packed into files of at most TOP_BYTES; the first prefix of each file."""
    names = list(lists)
    sizes = [len(json.dumps({p: lists[p]}, separators=(",", ":"))) for p in names]
    firsts = []
    for n, (a, b) in enumerate(spans(sizes, TOP_BYTES, len(names) or 1, len(_js("top", 9999, {})))):
        _write(folder, f"top/{n:04d}.js", _js("top", n, {p: lists[p] for p in names[a:b]}), out)
        firsts.append(names[a])
    out.tops = len(firsts)
    return firsts


def write_keys(folder: Path, keys: list[str], out: Written) -> dict[str, Any]:
    """Where the browser finds the part files' keys: in the manifest, or (many parts) in files of their own."""
    if len(keys) <= KEYS_INLINE:
        return {"keys": keys}
    sizes = [len(json.dumps(k)) + 1 for k in keys]
    files = []
    for n, (a, b) in enumerate(spans(sizes, MAX_BYTES, KEYS_PER_FILE, len(_js("keys", 9999, 999_999, [])))):
        _write(folder, f"keys/{n:04d}.js", _js("keys", n, a, keys[a:b]), out)
        files.append([keys[a], a])
    return {"key_files": files}


def write_index(ds: Dataset, root: Path, limit: int | None = DEFAULT_LIMIT) -> Written:
    """search/ of the export: the held domains of ds.domains as part, top-list and manifest files."""
    pf = pq.ParquetFile(ds.domains.path, pre_buffer=False)  # pre-buffering would keep whole column chunks
    cut = plan_cut(pf, limit)
    note, missing = cut_note(cut, ds)
    out = Written(cut, note, missing)
    folder = root / "search"
    folder.mkdir(parents=True, exist_ok=True)
    order = subset_order(ds)
    subsets = sorted(ds.domains.subsets, key=lambda s: order.index(s) if s in order else len(order))
    sites: dict[str, int] = {}
    rules = Rules()
    parts = PartWriter(folder, out)
    tops = TopLists(big_prefixes(pf, cut))
    columns = ["domain", "site", "pairs", "rank", "hosts", *subsets]
    for batch in batches(pf, cut, columns):
        cols = [batch.column(i).to_pylist() for i in range(len(columns))]
        for domain, site, pairs, rank, hosts, *counts in zip(*cols, strict=True):
            s = sites.get(site)
            if s is None:
                s = sites[site] = len(sites)
            extra = rules.extra(domain)
            shown = neutralise(psl.display_domain(domain) if "xn--" in domain else domain)
            if shown != domain:
                extra = {**(extra or {}), "display": shown}
            parts.add(domain, _row_json(domain, [pairs, rank, hosts, s, *counts], extra))
            if tops.prefixes:
                tops.add(domain, pairs, rank, s, shown)
    parts.flush()
    manifest = {
        "format": FORMAT, **write_keys(folder, parts.keys, out),
        "top_files": write_tops(folder, tops.lists(), out), "top_depth": tops.deepest, "top_k": TOP_K,
        "total_pairs": ds.aggregates.total_pairs, "domains": cut.data, "held": cut.kept,
        "scale": ds.scale, "synthetic": ds.synthetic, "subsets": subsets, "sites": list(sites),
        "cut": cut.as_json(), "note": note, "missing": missing, "max_rows": MAX_ROWS, "max_bytes": MAX_BYTES,
    }
    _write(folder, "index.js", _js("manifest", manifest), out)
    return out
