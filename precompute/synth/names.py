"""Hosts of the synthetic replica: the three named sites and a long tail of invented hosts.

The named sites use their real hosts (the story is about them). Everything else is invented, and
visibly so: every invented registered domain ends in `.test`, a top-level domain reserved by
RFC 6761 that can never be a real site, so no invented count can be mistaken for a real site's.
An invented name is a pure function of (region, rank, seed): the generator draws ranks and names
only the ones it drew, so the tail has no fixed size (see precompute.synth.hosts). The region, a
language's group of countries, shows twice in a name: in its stems (French words for French
captions) and in a country tag before `.test` (`jardinbleu42-fr.test`, `sakurahome-jp.test`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from precompute.synth.tables import host_words, lookup, named_weights, string_lists, strings, text_map

# The tables are data (data/hosts.json): named-site hosts with relative weights, and the local host
# that multi rows of some languages use.
PINTEREST_HOSTS = named_weights(*lookup("hosts", "named_sites", "pinterest", "hosts"))
PINTEREST_LOCAL = text_map(*lookup("hosts", "named_sites", "pinterest", "local"))
SHOPIFY_HOSTS = named_weights(*lookup("hosts", "named_sites", "shopify", "hosts"))
SLIDEPLAYER_HOSTS = named_weights(*lookup("hosts", "named_sites", "slideplayer", "hosts"))
SLIDEPLAYER_LOCAL = text_map(*lookup("hosts", "named_sites", "slideplayer", "local"))

# Country TLDs per language (repeats weight them). Invented names do not end in them: they carry the
# country as a tag before `.test` (`-fr` for .fr, `-uk` for .co.uk, none for the generic TLDs), so
# multi captions visibly sit on hosts of their language's countries.
LANG_TLDS = string_lists(*lookup("hosts", "lang_tlds"))
_GENERIC_TLDS = frozenset(strings(*lookup("hosts", "generic_tlds")))  # these add no country tag

# Fragments of invented host names, per language group; the suffixes serve every group.
STEMS = string_lists(*lookup("hosts", "stems"), of=host_words)
_SUFFIXES = host_words(*lookup("hosts", "suffixes"))
_PREFIXES = named_weights(*lookup("hosts", "prefixes"))

INVENTED_TLD = ".test"
REGIONS: tuple[str, ...] = tuple(sorted(LANG_TLDS))  # region ids index this
REGION_ID: dict[str, int] = {r: i for i, r in enumerate(REGIONS)}
_FIRST_SYLLABLE_WORDS, _SECOND_SYLLABLE_WORDS = 30, 24  # invented words of regions without stems
# A domain's hosts: how likely it has more than one (big domains more often), and their row shares.
MULTI_HOST_BASE, MULTI_HOST_HEAD, MULTI_HOST_RANK = 0.05, 0.5, 300.0
HOST_WEIGHTS = (0.6, 0.25, 0.1, 0.05)
_MASK = (1 << 64) - 1


def _mix_int(x: int) -> int:
    """splitmix64's finaliser on one Python int (a bijection of 64-bit integers)."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _mix(x: np.ndarray) -> np.ndarray:
    """The same finaliser over a uint64 array (numpy wraps array products modulo 2**64)."""
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _hash(seed: int, stream: int, region: np.ndarray, value: np.ndarray) -> np.ndarray:
    """64 well-mixed bits per (seed, stream, region, value); value < 2**56 and region < 2**7."""
    key = np.uint64(_mix_int(_mix_int(seed & _MASK) ^ stream))
    packed = value.astype(np.uint64) | (region.astype(np.uint64) << np.uint64(56))
    return _mix(packed ^ key)


def _unit(h: np.ndarray) -> np.ndarray:
    return (h >> np.uint64(11)).astype(np.float64) * 2.0**-53


def _syllables(rng: random.Random, k: int) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(k))


def _words(region: str) -> tuple[list[str], list[str]]:
    """First and second words of a region's names, such that first + second is never ambiguous."""
    stems = STEMS.get(region)
    if stems:
        first, second = list(stems), list(_SUFFIXES) + list(stems)
    else:  # invented words, fixed per region
        rng = random.Random(f"words-{region}")
        first = sorted({_syllables(rng, 2) for _ in range(4 * _FIRST_SYLLABLE_WORDS)})[:_FIRST_SYLLABLE_WORDS]
        second = list(_SUFFIXES) + sorted({_syllables(rng, 3) for _ in range(4 * _SECOND_SYLLABLE_WORDS)}
                                          )[:_SECOND_SYLLABLE_WORDS]
    seen: set[str] = set()
    kept: list[str] = []
    for b in dict.fromkeys(second):  # drop a second word that would spell a name already taken
        joined = {a + b for a in first}
        if len(joined) == len(first) and not joined & seen:
            seen |= joined
            kept.append(b)
    return first, kept


@dataclass(frozen=True)
class _Table:
    """One region-indexed string table: the strings of region r are values[offset[r]:offset[r] + count[r]]."""

    values: pa.Array
    offset: np.ndarray
    count: np.ndarray

    @classmethod
    def of(cls, per_region: list[list[str]]) -> _Table:
        count = np.array([len(v) for v in per_region], dtype=np.int64)
        offset = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
        return cls(pa.array([s for v in per_region for s in v], pa.string()), offset, count)

    def take(self, region: np.ndarray, i: np.ndarray) -> pa.Array:
        return self.values.take(pa.array(self.offset[region] + i))


@dataclass(frozen=True)
class _Names:
    first: _Table
    second: _Table
    tags: _Table  # a region's country tags, repeated by weight ("" for generic TLDs)
    stride: np.ndarray  # per region, coprime to its count of base names: a permutation step


@cache
def _names() -> _Names:
    words = [_words(r) for r in REGIONS]
    tags = [["" if t in _GENERIC_TLDS else "-" + t.rsplit(".", 1)[-1] for t in LANG_TLDS[r]] for r in REGIONS]
    stride = []
    for first, second in words:
        c = 2 * len(first) * len(second)
        s = int(c * 0.618) | 1
        while np.gcd(s, c) != 1:
            s += 2
        stride.append(s)
    return _Names(_Table.of([f for f, _ in words]), _Table.of([s for _, s in words]), _Table.of(tags),
                  np.array(stride, dtype=np.int64))


def base_names(region: np.ndarray) -> np.ndarray:
    """How many names a region has before numbers start: first words x second words x (dash or not)."""
    t = _names()
    return 2 * t.first.count[region] * t.second.count[region]


def domain_names(region: np.ndarray, rank: np.ndarray, seed: int) -> pa.Array:
    """The invented registered domain of each (region, rank): distinct ranks give distinct names.

    Ranks are cut into blocks of the region's base names; within a block a seeded permutation picks
    the words, and every block after the first appends its number (`maisonsoleil` for a head rank,
    `maison-plume7-fr` deeper in the tail), so the mapping is one-to-one within a region.
    """
    t = _names()
    n_first, n_second = t.first.count[region], t.second.count[region]
    block, j = np.divmod(rank, 2 * n_first * n_second)
    shift = (_hash(seed, 1, region, block) % (2 * n_first * n_second).astype(np.uint64)).astype(np.int64)
    j = (j * t.stride[region] + shift) % (2 * n_first * n_second)
    dash = pa.array(np.where(j >= n_first * n_second, "-", ""))
    j %= n_first * n_second
    number = pa.array(block).cast(pa.string())
    number = pc.if_else(pa.array(block == 0), "", number)
    tag = (_hash(seed, 2, region, rank) % t.tags.count[region].astype(np.uint64)).astype(np.int64)
    return pc.binary_join_element_wise(t.first.take(region, j % n_first), dash, t.second.take(region, j // n_first),
                                       number, t.tags.take(region, tag), INVENTED_TLD, "")


def hosts_per_domain(region: np.ndarray, rank: np.ndarray, seed: int) -> np.ndarray:
    """How many hosts (subdomains) each invented domain has, 1 to 4: most have one, big ones often more."""
    h = _hash(seed, 3, region, rank)
    multi = _unit(h) < MULTI_HOST_BASE + MULTI_HOST_HEAD / (1.0 + rank / MULTI_HOST_RANK)
    extra = 1 + np.searchsorted([0.6, 0.85], (h & np.uint64(0xFFFF)).astype(np.float64) / 65536.0, side="right")
    return np.where(multi, 1 + extra, 1).astype(np.int8)


def host_of_row(u: np.ndarray, hosts: np.ndarray) -> np.ndarray:
    """Which of its domain's `hosts` hosts a row sits on (0 to hosts - 1), from uniforms `u`."""
    out = np.zeros(len(u), dtype=np.int8)
    for k in range(2, len(HOST_WEIGHTS) + 1):
        rows = hosts == k
        cum = np.cumsum(HOST_WEIGHTS[:k]) / sum(HOST_WEIGHTS[:k])
        out[rows] = np.searchsorted(cum[:-1], u[rows], side="right")
    return out


def host_names(domains: pa.Array, region: np.ndarray, rank: np.ndarray, which: np.ndarray, seed: int) -> pa.Array:
    """Host `which` of each domain: a prefix (www., cdn., images. ... or none) and the domain.

    A domain's first host takes a prefix by _PREFIXES' weights; its others step through the list
    from there by a per-domain stride, so the hosts of one domain never repeat a prefix.
    """
    h = _hash(seed, 4, region, rank)
    p = np.array([w for _, w in _PREFIXES])
    first = np.searchsorted(np.cumsum(p) / p.sum(), _unit(h), side="right")
    step = 1 + (h & np.uint64(0xFF)).astype(np.int64) % (len(_PREFIXES) - 1)  # len(_PREFIXES) is prime
    prefix = (np.minimum(first, len(_PREFIXES) - 1) + which * step) % len(_PREFIXES)
    return pc.binary_join_element_wise(pa.array([s for s, _ in _PREFIXES]).take(pa.array(prefix)), domains, "")


def region_of_lang(lang: str) -> str:
    """The host region of a language: its own when it has country TLDs, else the generic one."""
    return lang if lang in LANG_TLDS else "en"
