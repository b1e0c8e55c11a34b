"""From the merged counts to the small aggregates file the app reads.

This is the post-processing step: dense histograms, hosts folded into registered domains and
named sites, caption samples that are safe to show (text and domain only, never a URL).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from precompute.contract.hosts import normalise_host, registered_domain
from precompute.contract.models import SCHEMA_VERSION
from precompute.domains.index import IndexSummary
from precompute.scan.langcheck import check_languages
from precompute.scan.merge import SAFE_BELOW
from precompute.scan.shard import OUT_BIN, TOP_BIN
from precompute.scan.sites import OTHER, SITES, site_of_host

TOP_DOMAINS = 100
SAMPLES_PER_SITE = 8
SAMPLES_PER_LANGUAGE = 6
TOP_SAMPLES = 12


def _hist(counts: dict[int, int], width: float) -> dict[str, Any]:
    """A dense histogram over bins 0..TOP_BIN from sparse counts, with nulls and invalid values apart."""
    valid = {b: n for b, n in counts.items() if 0 <= b <= TOP_BIN}
    lo = min(valid, default=0)
    hi = max(valid, default=-1)
    return {
        "bin_width": width,
        "lo": lo,
        "counts": [valid.get(b, 0) for b in range(lo, hi + 1)],
        "null": counts.get(-1, 0),
        "invalid": counts.get(OUT_BIN, 0) + counts.get(-2, 0),
    }


def _rows(t: pa.Table, name: str) -> list[dict[str, Any]]:
    return t.filter(pa.compute.equal(t.column("set"), name)).to_pylist()


def build_aggregates(merged: pa.Table, subsets: list[str], index: IndexSummary,
                     language_check: dict[str, Any] | None = None) -> dict[str, Any]:
    """The aggregates document (see DESIGN.md: 'Aggregates') from the merged partial table."""
    sim_subset: dict[str, dict[int, int]] = {s: defaultdict(int) for s in subsets}
    sim_lang: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    lang_pairs: dict[tuple[str, str], int] = defaultdict(int)
    lang_subset_sim: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for r in _rows(merged, "sim_lang"):
        sim_subset[r["subset"]][r["sb"]] += r["n"]
        if r["lang"] is None:  # no language column and none by construction: not counted as any label
            continue
        sim_lang[r["lang"]][r["sb"]] += r["n"]
        lang_subset_sim[(r["lang"], r["subset"])][r["sb"]] += r["n"]
        lang_pairs[(r["subset"], r["lang"])] += r["n"]

    sim_site: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    site_subset: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    site_subset_sim: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for r in _rows(merged, "sim_site"):
        sim_site[r["site"]][r["sb"]] += r["n"]
        site_subset[r["site"]][r["subset"]] += r["n"]
        site_subset_sim[(r["site"], r["subset"])][r["sb"]] += r["n"]

    scores: dict[str, dict[str, dict[int, int]]] = {
        k: {s: defaultdict(int) for s in subsets} for k in ("aesthetic", "punsafe", "pwatermark")}
    for k, key in (("aesthetic", "ab"), ("punsafe", "ub"), ("pwatermark", "wb")):
        for r in _rows(merged, k):
            scores[k][r["subset"]][r[key]] += r["n"]
    total = sum(sum(h.values()) for h in sim_subset.values())
    site_rows = []
    for site in SITES:
        pairs = sum(sim_site[site.name].values())
        site_rows.append({"site": site.name, "domain": site.domain, "pairs": pairs,
                          "share": pairs / total if total else 0.0,
                          "subsets": dict(site_subset[site.name])})
    return {
        "schema_version": SCHEMA_VERSION,
        "total_pairs": total,
        "similarity": {
            "subsets": {s: _hist(h, 0.001) for s, h in sim_subset.items()},
            "languages": {lang: _hist(h, 0.001) for lang, h in sorted(sim_lang.items())},
            "sites": {site: _hist(h, 0.001) for site, h in sorted(sim_site.items())},
            "site_subsets": _split(site_subset_sim),
            "language_subsets": _split(lang_subset_sim),
        },
        "sites": site_rows,
        "domains": {
            # the biggest rows of the domain index (domains.parquet holds every domain)
            "top": index.top,
            "distinct_domains": index.rows,
            "distinct_hosts": index.distinct_hosts,
        },
        "languages": [{"subset": s, "code": lang, "pairs": n}
                      for (s, lang), n in sorted(lang_pairs.items(), key=lambda kv: (-kv[1], kv[0]))],
        "aesthetic": {s: _hist(h, 0.01) for s, h in scores["aesthetic"].items()},
        "punsafe": {s: _hist(h, 0.001) for s, h in scores["punsafe"].items()},
        "pwatermark": {s: _hist(h, 0.001) for s, h in scores["pwatermark"].items()},
        "samples": _samples(merged),
        "language_check": language_check if language_check is not None else check_languages(merged),
    }


def _split(hists: dict[tuple[str, str], dict[int, int]]) -> dict[str, dict[str, Any]]:
    """{(key, subset): bins} -> {key: {subset: histogram}}, sorted."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for (key, subset), h in sorted(hists.items()):
        out[key][subset] = _hist(h, 0.001)
    return dict(out)


def size_counts(merged: pa.Table, subsets: list[str]) -> dict[str, dict[int, int]]:
    """Rows per image-size bin per subset (the manifest reports the null, NaN and odd ones)."""
    size: dict[str, dict[int, int]] = {s: defaultdict(int) for s in subsets}
    for r in _rows(merged, "size"):
        size[r["subset"]][r["szb"]] += r["n"]
    return size


def _sample_row(r: dict[str, Any]) -> dict[str, Any]:
    # text and registered domain only: never the URL, never an image
    out = {"text": r["text"], "domain": registered_domain(normalise_host(r["host"] or "")), "subset": r["subset"],
           "lang": r["lang"] or ""}  # "": the data has no language for it
    if r.get("sim") is not None:
        out["similarity"] = r["sim"]
    return out


def _is_safe(r: dict[str, Any]) -> bool:
    return r["ub"] is not None and 0 <= r["ub"] < SAFE_BELOW and bool((r["text"] or "").strip())


def _samples(merged: pa.Table) -> dict[str, Any]:
    cands = sorted((r for r in _rows(merged, "sample") if _is_safe(r)), key=lambda r: (r["h"], r["text"]))
    by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in cands:
        site = site_of_host(normalise_host(r["host"] or ""))
        if site != OTHER and len(by_site[site]) < SAMPLES_PER_SITE:
            by_site[site].append(_sample_row(r))
        elif site == OTHER and len(by_site[OTHER]) < SAMPLES_PER_SITE:
            by_site[OTHER].append(_sample_row(r))
        if r["lang"] is not None and len(by_lang[r["lang"]]) < SAMPLES_PER_LANGUAGE:
            by_lang[r["lang"]].append(_sample_row(r))
    top = sorted((r for r in _rows(merged, "top") if _is_safe(r)), key=lambda r: (-r["sim"], r["text"]))
    return {
        "sites": dict(by_site),
        "languages": dict(by_lang),
        "top_similarity": [_sample_row(r) for r in top[:TOP_SAMPLES]],
        "top_similarity_candidates": sum(r["n"] for r in _rows(merged, "top")),
    }
