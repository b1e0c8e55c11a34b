"""Hosts of the synthetic replica: the three named sites and a long tail of invented hosts.

The named sites use their real hosts (the story is about them). Everything else is an invented
but plausible host: naming real third-party domains would present invented counts as data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

# Named-site host variants with relative weights; `None` = any language.
PINTEREST_HOSTS: tuple[tuple[str, float], ...] = (
    ("i.pinimg.com", 0.88), ("s-media-cache-ak0.pinimg.com", 0.07), ("media-cache-ak0.pinimg.com", 0.03),
    ("www.pinterest.com", 0.02),
)
PINTEREST_LOCAL: dict[str, str] = {  # multi rows in these languages sometimes use the local Pinterest host
    "fr": "pinterest.fr", "pt": "br.pinterest.com", "de": "de.pinterest.com", "es": "pinterest.es",
    "it": "pinterest.it", "ja": "pinterest.jp", "ru": "ru.pinterest.com", "nl": "nl.pinterest.com",
    "pl": "pl.pinterest.com", "sv": "pinterest.se", "ko": "pinterest.co.kr", "da": "pinterest.dk",
}
SHOPIFY_HOSTS: tuple[tuple[str, float], ...] = (("cdn.shopify.com", 1.0),)
SLIDEPLAYER_HOSTS: tuple[tuple[str, float], ...] = (("images.slideplayer.com", 0.85), ("slideplayer.com", 0.15))
SLIDEPLAYER_LOCAL: dict[str, str] = {
    "fr": "slideplayer.fr", "es": "slideplayer.es", "pt": "slideplayer.com.br", "ru": "slideplayer.ru",
    "de": "slideplayer.org", "it": "slideplayer.it", "pl": "slideplayer.pl",
}

# Country TLDs per language: multi captions mostly sit on hosts of their language's countries.
LANG_TLDS: dict[str, tuple[str, ...]] = {
    "en": (".com", ".com", ".com", ".net", ".org", ".co.uk", ".com.au", ".ca", ".co", ".io", ".us", ".co.nz",
           ".ie", ".in", ".co.za"),
    "fr": (".fr", ".fr", ".fr", ".be", ".ch", ".ca"), "de": (".de", ".de", ".de", ".at", ".ch"),
    "es": (".es", ".es", ".com.mx", ".com.ar", ".cl", ".com.co"), "it": (".it",), "pt": (".com.br", ".com.br", ".pt"),
    "nl": (".nl", ".nl", ".be"), "pl": (".pl",), "no": (".no",), "ru": (".ru", ".ru", ".ru", ".by", ".kz", ".su"),
    "zh": (".cn", ".com.cn", ".com.tw", ".hk", ".tw"), "ja": (".jp", ".co.jp", ".ne.jp"), "ko": (".co.kr", ".kr"),
    "tr": (".com.tr",), "vi": (".vn", ".com.vn"), "cs": (".cz",), "sv": (".se",), "hu": (".hu",), "ro": (".ro",),
    "fi": (".fi",), "da": (".dk",), "uk": (".ua", ".com.ua"), "el": (".gr",), "id": (".co.id", ".id"),
    "ar": (".sa", ".ae", ".com.eg", ".ma"), "th": (".co.th", ".in.th"), "fa": (".ir",), "iw": (".co.il",),
    "bg": (".bg",), "sk": (".sk",), "hr": (".hr",), "sr": (".rs",), "lt": (".lt",), "lv": (".lv",), "et": (".ee",),
    "sl": (".si",), "ca": (".cat", ".ad"), "lb": (".lu",), "is": (".is",), "sw": (".co.ke", ".co.tz"),
    "ms": (".com.my", ".my"), "fil": (".ph", ".com.ph"), "hi": (".in", ".co.in"), "bn": (".com.bd", ".bd"),
    "eu": (".eus",), "gl": (".gal",), "ka": (".ge",), "hy": (".am",), "az": (".az",), "kk": (".kz",),
    "mk": (".mk",), "sq": (".al",), "bs": (".ba",), "mt": (".com.mt",), "ga": (".ie",), "cy": (".cymru", ".wales"),
    "ur": (".pk", ".com.pk"), "ta": (".lk", ".in"), "si": (".lk",), "ne": (".com.np",), "km": (".com.kh",),
    "mn": (".mn",), "uz": (".uz",), "af": (".co.za",), "am": (".et",), "my": (".com.mm",), "lo": (".la",),
}

# Fragments of invented host names, per language group (ASCII only, as hostnames are).
_STEMS: dict[str, tuple[str, ...]] = {
    "en": ("bright", "garden", "blue", "north", "river", "stone", "maple", "silver", "golden", "urban", "happy",
           "little", "green", "sun", "moon", "star", "cedar", "coastal", "wild", "pure", "oak", "pixel", "harbor",
           "honey", "meadow", "copper", "velvet", "prairie", "summit", "lemon", "coral", "pine", "bay", "fern"),
    "fr": ("maison", "petit", "belle", "jardin", "cuisine", "mode", "lumiere", "atelier", "deco", "soleil", "vie",
           "bonheur", "ciel", "plume", "monde", "recette", "chez", "bijou"),
    "de": ("haus", "garten", "welt", "markt", "kueche", "mode", "bild", "stadt", "natur", "laden", "sonne",
           "wald", "heim", "blume", "kunst", "reise", "licht"),
    "es": ("casa", "jardin", "mundo", "cocina", "moda", "sol", "vida", "tienda", "hogar", "luz", "mar", "flor"),
    "it": ("casa", "giardino", "mondo", "cucina", "moda", "sole", "vita", "negozio", "bella", "luce", "stile"),
    "pt": ("casa", "jardim", "mundo", "cozinha", "moda", "sol", "vida", "loja", "lar", "luz", "mar", "flor"),
    "nl": ("huis", "tuin", "wereld", "keuken", "mode", "zon", "winkel", "thuis", "licht", "bloem", "fiets"),
    "ru": ("dom", "mir", "sad", "moda", "foto", "kraski", "novosti", "kuhnya", "stroy", "mebel", "market", "tvoy"),
    "zh": ("zhong", "hua", "mei", "tian", "xin", "jia", "le", "shang", "tu", "wang", "meng", "long"),
    "ja": ("nihon", "sakura", "yume", "hana", "kaze", "mori", "hikari", "sora", "shop", "kurashi", "tabi"),
}
_SUFFIXES = ("home", "shop", "studio", "design", "market", "living", "craft", "works", "house", "style", "photo",
             "media", "news", "daily", "store", "boutique", "lab", "nest", "co", "online", "blog", "hub", "world")
_PREFIXES = (("", 0.25), ("www.", 0.3), ("images.", 0.08), ("cdn.", 0.08), ("img.", 0.06), ("static.", 0.05),
             ("media.", 0.05), ("i0.", 0.03), ("assets.", 0.04), ("photos.", 0.03), ("shop.", 0.03))

TAIL_ZIPF_S = 1.0  # host sizes fall roughly as 1/rank within a region
TAIL_ZIPF_Q = 20.0  # offset flattening the very top, so no invented host rivals the named sites


@dataclass(frozen=True)
class TailHosts:
    """Invented hosts, grouped by region (a language's country TLDs), each with Zipf weights."""

    hosts: list[str]
    region_of: dict[str, tuple[int, int]]  # region -> (start, stop) into hosts
    cumw: np.ndarray  # per-region cumulative normalised weights, concatenated

    def sample(self, region: str, u: np.ndarray) -> np.ndarray:
        """Indices into `hosts` for uniforms `u`, drawn from the region's Zipf distribution."""
        start, stop = self.region_of[region]
        idx = np.searchsorted(self.cumw[start:stop], u, side="right")
        return start + np.minimum(idx, stop - start - 1)


def _syllable_stem(rng: random.Random) -> str:
    cons, vows = "bdfgklmnprstvz", "aeiou"
    return "".join(rng.choice(cons) + rng.choice(vows) for _ in range(rng.randint(2, 3)))


def _host_name(rng: random.Random, region: str, tlds: tuple[str, ...]) -> str:
    stems = _STEMS.get(region)
    a = rng.choice(stems) if stems else _syllable_stem(rng)
    b = rng.choice(_SUFFIXES + (stems or ())) if rng.random() < 0.7 else _syllable_stem(rng)
    sep = "-" if rng.random() < 0.2 else ""
    num = str(rng.randint(1, 999)) if rng.random() < 0.6 else ""
    prefix = rng.choices([p for p, _ in _PREFIXES], weights=[w for _, w in _PREFIXES])[0]
    return f"{prefix}{a}{sep}{b}{num}{rng.choice(tlds)}"


def tail_hosts(region_sizes: dict[str, int], seed: int) -> TailHosts:
    """A fixed universe of invented hosts: `region_sizes[region]` hosts per region, Zipf-weighted."""
    rng = random.Random(f"hosts-{seed}")
    hosts: list[str] = []
    region_of: dict[str, tuple[int, int]] = {}
    cumw: list[np.ndarray] = []
    seen: set[str] = set()
    for region in sorted(region_sizes):
        tlds = LANG_TLDS.get(region, (".com", ".net", ".org"))
        start = len(hosts)
        while len(hosts) - start < region_sizes[region]:
            h = _host_name(rng, region, tlds)
            if h not in seen:
                seen.add(h)
                hosts.append(h)
        n = len(hosts) - start
        w = (np.arange(n) + 1.0 + TAIL_ZIPF_Q) ** -TAIL_ZIPF_S
        cumw.append(np.cumsum(w) / w.sum())
        region_of[region] = (start, len(hosts))
    return TailHosts(hosts=hosts, region_of=region_of, cumw=np.concatenate(cumw))


def region_of_lang(lang: str) -> str:
    """The host region of a language: its own when it has country TLDs, else the generic one."""
    return lang if lang in LANG_TLDS else "en"
