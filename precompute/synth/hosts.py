"""Which host each synthetic row sits on: a named site's own host, or one drawn from an unbounded tail.

Real crawls have no fixed set of hosts: the more rows one reads, the more new hosts turn up, and
their number grows sub-linearly (Heaps' law, V = K n^beta). A real 10,000-row LAION sample holds
about 4,500 distinct hosts, and LAION-5B tens of millions of registered domains. So the tail is
not a list. Each tail row draws a rank from a discrete Zipf-Mandelbrot (Pareto II) distribution,
p(r) ~ (r + q)^-s for r = 0, 1, 2, ... with no upper end, by inverting its CDF; its region (a
language's group of countries) has its own such distribution. Only the ranks actually drawn get a
name (precompute.synth.names), so work and memory follow the distinct hosts, not a universe.

With a power-law tail of exponent s, distinct values grow as n^(1/s): s = 1.5 gives beta about
0.67, and 45-46% distinct hosts in a 10,000-row sample (measured). The offset q flattens the head
so that no invented domain comes near the named sites: English, two thirds of the tail, has q = 90,
so its biggest domain holds about (s - 1) / q of it, 0.36% of all rows. q shrinks with a region's
size (q ~ size^0.85, at least 4), so a smaller language has fewer, relatively bigger sites of its own.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from precompute.synth import targets as T
from precompute.synth.columns import PINTEREST, SHOPIFY, SLIDEPLAYER
from precompute.synth.names import (
    PINTEREST_HOSTS,
    PINTEREST_LOCAL,
    REGION_ID,
    REGIONS,
    SHOPIFY_HOSTS,
    SLIDEPLAYER_HOSTS,
    SLIDEPLAYER_LOCAL,
    domain_names,
    host_names,
    host_of_row,
    hosts_per_domain,
    region_of_lang,
)

TAIL_S = 1.5  # tail exponent: Heaps' beta is about 1 / s
TAIL_Q = 90.0  # head offset of the biggest region (English); its top domain gets about (s - 1) / q of it
TAIL_Q_POWER, TAIL_Q_MIN = 0.85, 4.0  # q of a region: TAIL_Q * (its size / English size)^power, at least min
DEEP = 2**50  # ranks drawn beyond this are one-offs anyway: they become fresh random ranks above it
MAX_HOSTS = 4  # hosts per domain (names.hosts_per_domain)


def region_pairs() -> np.ndarray:
    """Rough real pairs per region (index REGION_ID): what weights a row's region when it is not its own."""
    w = np.zeros(len(REGIONS))
    w[REGION_ID["en"]] = (T.SUBSET_PAIRS["laion2B-en"] + 0.3 * T.SUBSET_PAIRS["laion2B-multi"]
                          + 0.5 * T.SUBSET_PAIRS["laion1B-nolang"])
    for lang, n in T.language_pairs().items():
        region = region_of_lang(lang)
        if region != "en":
            w[REGION_ID[region]] += 0.8 * n
    return w


def tail_ranks(rng: np.random.Generator, q: np.ndarray) -> np.ndarray:
    """One rank per row: floor of a Pareto II (Lomax) draw with shape s - 1 and scale q, by inverse CDF.

    P(rank >= r) = ((r + q) / q)^(1 - s), so P(rank = r) is close to (r + q + 1/2)^-s / norm.
    """
    x = q * (np.power(1.0 - rng.random(len(q)), -1.0 / (TAIL_S - 1.0)) - 1.0)
    rank = np.minimum(x, DEEP).astype(np.int64)
    deep = rank >= DEEP
    rank[deep] = DEEP + rng.integers(0, DEEP, size=int(deep.sum()))
    return rank


class Hosts:
    """Named-site hosts (the same table for every subset) and each subset's own table of tail hosts."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        named = [h for h, _ in PINTEREST_HOSTS + SHOPIFY_HOSTS + SLIDEPLAYER_HOSTS]
        named += sorted(set(PINTEREST_LOCAL.values()) | set(SLIDEPLAYER_LOCAL.values()))
        self.named_hosts = named
        self.index = {h: i for i, h in enumerate(named)}
        w = region_pairs()
        self.region_p = w / w.sum()
        self.q = np.maximum(TAIL_Q_MIN, TAIL_Q * (w / w[REGION_ID["en"]]) ** TAIL_Q_POWER)

    def named(self, rng: np.random.Generator, code: int, lang: str, m: int) -> np.ndarray:
        """Indices into the named hosts for m rows of site `code` in language `lang`."""
        variants = {PINTEREST: PINTEREST_HOSTS, SHOPIFY: SHOPIFY_HOSTS, SLIDEPLAYER: SLIDEPLAYER_HOSTS}[code]
        local = {PINTEREST: PINTEREST_LOCAL, SLIDEPLAYER: SLIDEPLAYER_LOCAL}.get(code, {}).get(lang)
        hosts = [h for h, _ in variants]
        p = np.array([w for _, w in variants])
        if local:  # local Pinterest hosts are a minority; a language's SlidePlayer site is the norm
            share = 0.15 if code == PINTEREST else 0.9
            hosts, p = [*hosts, local], np.append(p / p.sum() * (1 - share), share)
        idx = np.array([self.index[h] for h in hosts])
        return idx[rng.choice(len(hosts), size=m, p=p / p.sum())]

    def tail_regions(self, rng: np.random.Generator, subset: str, lang: str, m: int) -> np.ndarray:
        """Region id per tail row: mostly the caption language's own, else generic or any region."""
        own = REGION_ID[region_of_lang(lang)]
        if subset == "laion2B-en":
            own_share = 0.92
        elif subset == "laion1B-nolang":
            own_share = 0.5
        else:
            own_share = 0.3 if lang == "lb" else (0.7 if REGIONS[own] != "en" else 1.0)
        use_own = rng.random(m) < own_share
        out = np.full(m, own, dtype=np.int16)
        rest = int((~use_own).sum())
        # the rest: generic hosts for multi; any region (weighted by its size) for en and nolang
        if subset == "laion2B-multi":
            out[~use_own] = REGION_ID["en"]
        else:
            out[~use_own] = rng.choice(len(REGIONS), size=rest, p=self.region_p)
        return out

    def assign(self, rng: np.random.Generator, region: np.ndarray, host: np.ndarray) -> pa.Array:
        """Draw a host for every row with region >= 0, write its index into `host`, return the host table.

        The table is the named hosts, then the distinct tail hosts this subset drew, ordered by
        (rank, region, host of the domain); O(rows) numpy work, then strings for distinct hosts only.
        """
        tail = np.flatnonzero(region >= 0)
        reg = region[tail].astype(np.int64)
        key = tail_ranks(rng, self.q[reg]) * len(REGIONS) + reg  # < 2**51 * 67: fits in int64
        domains, inverse = np.unique(key, return_inverse=True)
        del key
        d_rank, d_region = np.divmod(domains, len(REGIONS))
        which = host_of_row(rng.random(len(tail)), hosts_per_domain(d_region, d_rank, self.seed)[inverse])
        host_key = inverse * MAX_HOSTS + which
        del inverse
        used = np.zeros(len(domains) * MAX_HOSTS, dtype=bool)
        used[host_key] = True
        position = np.cumsum(used) - 1
        host[tail] = len(self.named_hosts) + position[host_key]
        del host_key, position
        keys = np.flatnonzero(used)
        dom, which = keys // MAX_HOSTS, keys % MAX_HOSTS
        names = domain_names(d_region, d_rank, self.seed)
        tail_hosts = host_names(names.take(pa.array(dom)), d_region[dom], d_rank[dom], which, self.seed)
        return pa.concat_arrays([pa.array(self.named_hosts, pa.string()), tail_hosts])
