"""Words, suffixes and shares of bench/crawl.py: invented names on real public suffixes, caption vocabularies."""

from __future__ import annotations


def _w(words: str) -> tuple[str, ...]:
    return tuple(words.split())


SUBSETS = (("laion2B-en", 2.32), ("laion2B-multi", 2.27), ("laion1B-nolang", 1.26))
NAMED = (("i.pinimg.com", 0.0265), ("cdn.shopify.com", 0.024), ("slideplayer", 0.012))
SLIDEPLAYER = {  # image host suffix -> weight, per subset
    "laion2B-en": {"com": 1.0},
    "laion2B-multi": {"com": 0.15, "fr": 0.15, "es": 0.15, "com.br": 0.15, "org": 0.1, "pl": 0.08, "it": 0.08,
                      "nl": 0.06, "info": 0.05, "biz.tr": 0.03},
    "laion1B-nolang": {"com": 0.6, "fr": 0.1, "es": 0.1, "com.br": 0.1, "org": 0.1},
}
SUFFIXES = {"com": 46, "de": 7, "net": 5, "org": 4, "co.uk": 4, "ru": 4, "fr": 3, "com.br": 3, "it": 2.5, "nl": 2,
            "pl": 2, "com.au": 2, "co.jp": 1.5, "jp": 1, "es": 1.5, "ca": 1.5, "info": 1, "com.tr": 1, "in": 1,
            "co.kr": 0.8, "com.mx": 0.8, "cz": 0.8, "ch": 0.7, "se": 0.7, "be": 0.6, "at": 0.6, "dk": 0.5,
            "co.za": 0.5, "com.ar": 0.4, "co.nz": 0.3, "com.cn": 0.3, "vn": 0.3, "ua": 0.3, "gr": 0.3, "hu": 0.3}
IDN_SUFFIXES = ("de", "fr", "es", "ru", "jp", "com", "se", "ch")
W1 = _w("maison north blue green sun urban little happy golden silver wild old new red coastal pixel "
      "bright royal prairie misty cedar maple river stone iron velvet cosmic lucky modern rustic tiny grand "
      "alpine sunny ocean amber crystal hidden quiet swift noble sweet fresh paper copper lunar polar "
      "honey coral ivory jade olive pine rose ruby sage sandy snowy spring star summer terra nordic velvetine")
W2 = _w("soleil garden home shop photo design store market craft art style studio works media press "
      "kitchen closet travel decor living fashion beauty outdoor tools parts gear supply images lab "
      "journal blog news daily gallery prints boutique wear threads furniture lighting motors bikes "
      "pets toys books music games sports foods farm bakery cafe wines tea coffee realty homes land "
      "dental clinic outlet depot corner hub")
assert len({a + b for a in W1 for b in W2}) == 64 * 64  # names are a bijection of the rank
IDN_WORDS = _w("müller bäckerei café crème niño señal zürich øresund ålesund москва книга 東京 写真 日本 köln")
SUBDOMAINS = ("", "img", "images", "cdn", "static", "media", "i", "assets", "files", "uploads", "shop", "blog",
              "photos", "s", "content", "i0", "pics", "m", "cache", "data")
EN = _w("the a of and for with in on new black white red blue women men kids dress shirt shoes vintage modern "
      "home decor kitchen wall art print poster photo wedding ring gold silver leather bag table chair sofa "
      "lamp garden flower rose tree beach sunset mountain city night car truck bike dog cat baby cute funny "
      "quote christmas halloween birthday party cake recipe chicken salad easy healthy diy ideas best top "
      "small large set pack size inch cm x stock vector illustration icon logo pattern background design "
      "free template how to make a b c summer winter spring fall style outfit hair nails makeup room "
      "bedroom bathroom living interior house plan map book cover movie music game sport football "
      "soccer team player 2019 2020 2018 hd 4k png jpg image picture")
VOCAB = {
    "de": _w("der die und mit für von Kleid Damen Herren Haus Garten Tisch schwarz weiß neu Küche Bild Wand"),
    "fr": _w("le la les et avec pour de robe femme homme maison jardin table noir blanc nouveau cuisine"),
    "es": _w("el la los y con para de vestido mujer hombre casa jardín mesa negro blanco nuevo cocina"),
    "ru": _w("и в на с для платье женское мужское дом сад стол черный белый новый кухня картинка"),
    "ja": _w("の と に レディース メンズ ワンピース 家 庭 テーブル 黒 白 新作 キッチン 画像 送料無料"),
    "it": _w("il la e con per di vestito donna uomo casa giardino tavolo nero bianco nuovo cucina"),
    "pt": _w("o a e com para de vestido mulher homem casa jardim mesa preto branco novo cozinha"),
    "nl": _w("de het en met voor van jurk dames heren huis tuin tafel zwart wit nieuw keuken"),
    "pl": _w("i w na z dla sukienka damska męska dom ogród stół czarny biały nowy kuchnia"),
}
LANGS = {"ru": 10.6, "fr": 7.4, "de": 6.6, "es": 6.6, "ja": 5.8, "zh": 4.9, "it": 4.2, "pt": 3.9, "pl": 3.2,
         "nl": 3.0, "tr": 2.6, "vi": 2.0, "cs": 1.9, "ko": 1.8, "uk": 1.7, "id": 1.6, "ar": 1.5, "sv": 1.4,
         "el": 1.2, "hu": 1.2, "ro": 1.1, "da": 1.0, "fa": 0.9, "fi": 0.9, "th": 0.8, "no": 0.7, "sk": 0.7,
         "bg": 0.6, "hr": 0.5, "lt": 0.4, "ca": 0.4, "sl": 0.3, "lb": 0.1, "hi": 0.5, "he": 0.4, "ms": 0.4,
         "et": 0.2, "lv": 0.2, "sr": 0.3, "is": 0.05, "sw": 0.05}
