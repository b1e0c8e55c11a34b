"""Language labels, checked: CLD3 and lingua rerun over each label's sampled captions."""

from __future__ import annotations

import json
import random
from typing import Any

import pyarrow as pa

from precompute.domains.index import IndexSummary
from precompute.scan.aggregates import build_aggregates
from precompute.scan.langcheck import check_languages
from precompute.scan.shard import PARTIAL_SCHEMA

ENGLISH = [
    "Red cotton summer dress for women with short sleeves",
    "Vintage oak dining table with four matching chairs",
    "How to grow tomatoes in your garden this spring",
    "Beautiful sunset over the mountains and the lake",
    "Free shipping on all orders over fifty dollars today",
    "The history of the Roman empire in ten minutes",
    "Cute puppy sleeping on a blanket next to the fireplace",
    "Modern kitchen design ideas for small apartments",
]
FRENCH = [
    "Robe d'été en coton rouge pour femmes à manches courtes",
    "Table à manger en chêne avec quatre chaises assorties",
    "Comment faire pousser des tomates dans votre jardin",
    "Magnifique coucher de soleil sur les montagnes et le lac",
    "Livraison gratuite pour toutes les commandes aujourd'hui",
    "L'histoire de l'empire romain en dix minutes",
    "Un chiot mignon qui dort sur une couverture près de la cheminée",
    "Idées de décoration de cuisine moderne pour les petits appartements",
]
RUSSIAN = [
    "Красное летнее платье из хлопка для женщин",
    "Обеденный стол из дуба с четырьмя стульями",
    "Как вырастить помидоры в своём саду этой весной",
    "Красивый закат над горами и озером",
    "Бесплатная доставка всех заказов сегодня",
    "История Римской империи за десять минут",
    "Милый щенок спит на одеяле у камина",
    "Идеи дизайна современной кухни для маленьких квартир",
]


def _table(samples: list[tuple[str, str]], pairs: dict[str, int], seed: int = 0) -> pa.Table:
    """A merged table with only what the check reads: sim_lang counts and sample candidates."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for lang, n in pairs.items():
        rows.append({"subset": "laion2B-multi", "set": "sim_lang", "lang": lang, "sb": 300, "n": n})
    for lang, text in samples:
        rows.append({"subset": "laion2B-multi", "set": "sample", "lang": lang, "host": "example.org",
                     "ub": rng.choice([None, 10, 900]), "h": rng.getrandbits(64), "text": text, "n": 1})
    return pa.Table.from_pylist(rows, schema=PARTIAL_SCHEMA)


def _labels(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in result["labels"]}


def test_true_labels_agree_and_a_wrong_label_does_not() -> None:
    samples = ([("en", t) for t in ENGLISH] + [("fr", t) for t in FRENCH] + [("ru", t) for t in RUSSIAN]
               + [("lb", t) for t in ENGLISH])  # English captions labelled Luxembourgish, as in the essay
    res = check_languages(_table(samples, {"en": 1000, "fr": 300, "ru": 500, "lb": 50}))
    labels = _labels(res)
    for code in ("en", "fr", "ru"):
        r = labels[code]
        assert r["n"] == 8
        assert r["cld3_agree"] >= 0.85 and r["lingua_agree"] >= 0.85 and r["both_agree"] >= 0.85, r
        assert r["lingua_top"][0]["code"] == code
        assert r["lingua_knows"]
    lb = labels["lb"]
    assert lb["cld3_agree"] <= 0.25 and lb["both_agree"] == 0.0
    assert lb["lingua_top"][0] == {"code": "en", "share": lb["lingua_top"][0]["share"]}
    assert lb["lingua_top"][0]["share"] >= 0.85
    assert not lb["lingua_knows"]  # lingua has no Luxembourgish: its agreement there is 0 by construction
    assert [r["code"] for r in res["labels"]] == ["en", "ru", "fr", "lb"]  # most pairs first
    assert res["method"]


def test_sample_is_bottom_k_by_hash_and_skips_und_and_empty() -> None:
    rows = [("fr", t) for t in FRENCH] + [("und", "whatever"), ("fr", "   "), ("fr", None)]
    t = _table(rows, {"fr": 10, "und": 5})  # type: ignore[arg-type]
    res = check_languages(t, per_label=3)
    assert [r["code"] for r in res["labels"]] == ["fr"]
    assert res["labels"][0]["n"] == 3
    # the 3 kept are the 3 smallest hashes among the non-empty captions
    samples = [r for r in t.to_pylist() if r["set"] == "sample" and r["lang"] == "fr" and (r["text"] or "").strip()]
    kept = sorted(samples, key=lambda r: r["h"])[:3]
    alone = _table([], {"fr": 10}).to_pylist() + kept
    assert check_languages(pa.Table.from_pylist(alone, schema=PARTIAL_SCHEMA), per_label=3) == res


def test_deterministic_whatever_the_row_order() -> None:
    samples = [("en", t) for t in ENGLISH] + [("fr", t) for t in FRENCH] + [("ru", t) for t in RUSSIAN]
    t = _table(samples, {"en": 3, "fr": 3, "ru": 3})  # a tie in pairs: the code decides the order
    first = check_languages(t, per_label=5)
    order = list(range(t.num_rows))
    random.Random(1).shuffle(order)
    again = check_languages(t.take(order), per_label=5)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert [r["code"] for r in first["labels"]] == ["en", "fr", "ru"]


def test_aggregates_carry_the_check() -> None:
    no_domains = IndexSummary(rows=0, sha256="", bytes=0, distinct_hosts=0, top=[])
    agg = build_aggregates(_table([("fr", t) for t in FRENCH], {"fr": 8}), ["laion2B-multi"], no_domains)
    check = agg["language_check"]
    assert set(check) >= {"method", "labels"}
    row = check["labels"][0]
    assert set(row) >= {"code", "n", "cld3_agree", "lingua_agree", "both_agree", "lingua_top"}
    json.dumps(agg)  # plain JSON values only
