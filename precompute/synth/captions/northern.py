"""German, Dutch, Norwegian, Polish and Russian ALT text (Russian in Cyrillic)."""

from __future__ import annotations

from precompute.synth.captions.engine import Templates, words

DE = words(
    item="Wickelkleid|Maxikleid|Langarmhemd|Rollkragenpullover|Weite Hose|Jeansjacke|Plisseerock|Basic T-Shirt|"
         "Kapuzenpullover|Strickjacke|Wintermantel|Jumpsuit|Strickmütze|Socken",
    mat="aus Leinen|aus Bio-Baumwolle|aus Merinowolle|aus Kaschmir|aus Seide|aus Leder|aus Cord",
    colour="Salbeigrün|Schwarz|Marineblau|Cremeweiß|Altrosa|Senfgelb|Terrakotta|Grau meliert|Beige|Bordeaux",
    ship=" | Kostenloser Versand| | – Neu eingetroffen| – Größe {size}| | – Handgemacht",
    who="Damen|Herren|Kinder|Baby",
    home_item="Keramiktasse|Kissenbezug|Duftkerze|Botanischer Kunstdruck|Nachttischlampe|Steingut Vase|Wolldecke|"
              "Aufbewahrungskorb|Runder Spiegel|Schneidebrett aus Holz",
    home_adj="handgemacht|im skandinavischen Stil|Boho|minimalistisch|Vintage",
    jewel="Halskette mit Anhänger|Creolen|Zarter Ring|Armreif|Namenskette",
    jewel_mat="aus 925er Silber|vergoldet|aus Edelstahl|aus 585er Gold",
    topic="Aufbau der Zelle|Die Französische Revolution|Lineare Funktionen|Die Fotosynthese|Angebot und Nachfrage|"
          "Der Wasserkreislauf|Die Newtonschen Gesetze|Projektmanagement|Marketingstrategie|Der Kalte Krieg|"
          "Chemische Bindungen|Wahrscheinlichkeitsrechnung|Das Verdauungssystem|Buchführung|Der Erste Weltkrieg",
    bullet="Grundbegriffe|Die wichtigsten Ursachen|Vor- und Nachteile|Beispielaufgabe|Ablauf des Verfahrens|"
           "Wiederholungsfragen|Zusammenfassung|Gliederung",
    room="kleine Wohnzimmer|das Schlafzimmer|die Küche|kleine Wohnungen|das Badezimmer|den Garten|den Balkon",
    diy="Deko|DIY|Aufbewahrung|Garten|Wanddeko",
    dish="Apfelstrudel|Käsespätzle|Kartoffelsalat|Rinderrouladen|Zwetschgenkuchen|Linsensuppe|Schwarzwälder "
         "Kirschtorte|Flammkuchen|Bratkartoffeln|Kaiserschmarrn|Bananenbrot",
    wstyle="Boho|Vintage|im Freien|rustikal|im Winter",
    style="Skandinavisch|Boho|Industrial|Landhaus|Minimalistisch",
    season="Herbst|Winter|Sommer|Frühling",
    subject="Junge Frau|Geschäftsmann|Glückliche Familie|Kleines Mädchen|Älteres Paar|Koch|Gruppe von Freunden",
    action="liest ein Buch|arbeitet am Laptop|beim Kochen|im Park|mit einer Tasse Kaffee|am Telefon|im Büro|"
           "vor weißem Hintergrund|bei Sonnenuntergang|am Strand",
    city="Berlin|Hamburg|München|Köln|Frankfurt|Stuttgart|Leipzig|Dresden|Wien|Zürich|Graz|Bremen",
    news="Bürgermeister eröffnet neue Stadtbibliothek|Anwohner protestieren gegen Schulschließung|"
         "Großbrand in Lagerhalle|Weihnachtsmarkt öffnet seine Tore|So schön war das Stadtfest|"
         "Bauarbeiten an der Brücke gehen voran",
    label="Startseite|Logo|Kontakt|Über uns|Produkte|Aktuelles|Galerie|Impressum|Anfahrt",
)
DE_KINDS: dict[str, Templates] = {
    "product": ((4, "{who} {item} {mat} – {colour}{ship}"), (2, "{item} {mat} in {colour}"),
                (2, "{home_item} {home_adj} – {colour}"), (2, "{jewel} {jewel_mat}"), (0.5, "Geschenkgutschein")),
    "slide": ((3, "Kapitel {k}: {topic}"), (2, 'Präsentation zum Thema: "{topic}"— Präsentation transkript:'),
              (2, "{topic}"), (1, "Lektion {k}: {topic}"), (1.5, "{bullet}"), (0.5, "Lernziele")),
    "pin": ((2, "{n} {diy} Ideen für {room}"), (2, "{dish} Rezept – einfach und schnell"), (1, "Omas {dish}"),
            (1, "Hochzeit {wstyle}: Ideen und Inspiration"), (1, "{season} Outfits für Damen"),
            (1, "Wohnideen {style}: {n} Ideen für {room}")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Einfamilienhaus zu verkaufen in {city}"),
            (1, "{label}"), (1, "Foto: {dish}"), (0.5, "Urlaub in {city} {year}")),
    "textimg": ((3, "Vielen Dank für Ihre Aufmerksamkeit"), (1.5, "Danke für eure Aufmerksamkeit!"),
                (1, "Fragen?"), (1, "Alles Gute zum Geburtstag"), (1, "Frohe Weihnachten"),
                (1, "Willkommen in {city}")),
}

NL = words(
    item="Wikkeljurk|Maxi jurk|Overhemd met lange mouwen|Coltrui|Wijde broek|Spijkerjack|Plissé rok|T-shirt|"
         "Hoodie|Vest|Winterjas|Jumpsuit|Muts|Sokken",
    mat="van linnen|van biologisch katoen|van merinowol|van kasjmier|van zijde|van leer|van ribfluweel",
    colour="Saliegroen|Zwart|Marineblauw|Gebroken wit|Oudroze|Okergeel|Terracotta|Grijs|Beige|Bordeaux",
    ship=" | Gratis verzending| | – Nieuw binnen| – Maat {size}| | – Handgemaakt",
    who="Dames|Heren|Kinder|Baby",
    home_item="Keramische mok|Kussenhoes|Geurkaars|Botanische poster|Tafellamp|Vaas|Plaid|Opbergmand|"
              "Ronde spiegel|Houten snijplank",
    topic="De bouw van de cel|De Franse Revolutie|Lineaire verbanden|Fotosynthese|Vraag en aanbod|"
          "De waterkringloop|De wetten van Newton|Projectmanagement|Marketingstrategie|De Koude Oorlog|"
          "Chemische bindingen|Kansrekening|Het spijsverteringsstelsel|Boekhouden",
    bullet="Belangrijke begrippen|De belangrijkste oorzaken|Voordelen en nadelen|Voorbeeldopgave|Stappenplan|"
           "Vragen|Samenvatting|Inhoud",
    room="een kleine woonkamer|de slaapkamer|de keuken|kleine huizen|de badkamer|de tuin|het balkon",
    dish="appeltaart|stamppot boerenkool|erwtensoep|bitterballen|pannenkoeken|poffertjes|bananenbrood|"
         "hutspot|kwarktaart|nasi goreng",
    subject="Jonge vrouw|Zakenman|Gelukkig gezin|Klein meisje|Ouder stel|Kok|Groep vrienden",
    action="leest een boek|werkt op laptop|aan het koken|in het park|met een kop koffie|aan de telefoon|"
           "op kantoor|op witte achtergrond|bij zonsondergang|op het strand",
    city="Amsterdam|Rotterdam|Utrecht|Den Haag|Eindhoven|Groningen|Antwerpen|Gent|Leiden|Haarlem",
    news="burgemeester opent nieuwe bibliotheek|bewoners protesteren tegen sluiting school|grote brand in "
         "loods|kerstmarkt gaat weer open|zo mooi was het stadsfeest",
    label="Home|Logo|Contact|Over ons|Producten|Nieuws|Fotogalerij",
)
NL_KINDS: dict[str, Templates] = {
    "product": ((4, "{who} {item} {mat} – {colour}{ship}"), (2, "{home_item} – {colour}"),
                (1, "{item} {mat} in {colour}")),
    "slide": ((3, "Hoofdstuk {k}: {topic}"), (2, "{topic}"), (1, "Les {k}: {topic}"), (1.5, "{bullet}"),
              (0.5, "Leerdoelen")),
    "pin": ((2, "{n} leuke ideeën voor {room}"), (2, "Recept voor {dish}"), (1, "Makkelijke {dish}"),
            (1, "Bruiloft inspiratie en ideeën")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Woning te koop in {city}"), (1, "{label}"),
            (0.5, "Vakantie in {city} {year}")),
    "textimg": ((3, "Bedankt voor uw aandacht"), (1, "Vragen?"), (1, "Gefeliciteerd"), (1, "Fijne feestdagen"),
                (1, "Welkom in {city}")),
}

NO = words(
    item="Omslagskjole|Maxikjole|Langermet skjorte|Høyhalset genser|Vide bukser|Dongerijakke|Plissert skjørt|"
         "T-skjorte|Hettegenser|Cardigan|Vinterjakke|Lue|Sokker|Strikkegenser",
    mat="i lin|i økologisk bomull|i merinoull|i kasjmir|i silke|i skinn|i ull",
    colour="Salviegrønn|Svart|Marineblå|Offwhite|Gammelrosa|Sennepsgul|Terrakotta|Grå|Beige|Vinrød",
    ship=" | Fri frakt| | – Nyhet| – Størrelse {size}| | – Håndlaget",
    who="Dame|Herre|Barn|Baby",
    home_item="Keramikkopp|Putetrekk|Duftlys|Plakat|Bordlampe|Vase|Pledd|Oppbevaringskurv|Rundt speil|Skjærebrett",
    topic="Cellens oppbygning|Den franske revolusjon|Lineære funksjoner|Fotosyntesen|Tilbud og etterspørsel|"
          "Vannets kretsløp|Newtons lover|Prosjektledelse|Den kalde krigen|Kjemiske bindinger|Sannsynlighet",
    bullet="Viktige begreper|Hovedårsaker|Fordeler og ulemper|Eksempel|Oppsummering|Innhold",
    room="en liten stue|soverommet|kjøkkenet|små leiligheter|badet|hagen|balkongen",
    dish="fårikål|kjøttkaker i brun saus|eplekake|vafler|bananbrød|fiskesuppe|skillingsboller|lapskaus|kanelboller",
    subject="Ung kvinne|Forretningsmann|Lykkelig familie|Liten jente|Eldre par|Kokk|Vennegjeng",
    action="leser en bok|jobber på laptop|lager mat|i parken|med en kopp kaffe|i telefonen|på kontoret|"
           "i solnedgang|på stranden|på fjellet",
    city="Oslo|Bergen|Trondheim|Stavanger|Tromsø|Kristiansand|Drammen|Bodø|Ålesund",
    news="ordføreren åpnet det nye biblioteket|naboer protesterer mot nedleggelse av skolen|brann i lagerhall|"
         "julemarkedet har åpnet|bilder fra konserten",
    label="Hjem|Logo|Kontakt|Om oss|Produkter|Nyheter|Bildegalleri",
)
NO_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {who} {mat} – {colour}{ship}"), (2, "{home_item} – {colour}"),
                (1, "{item} {mat} i fargen {colour}")),
    "slide": ((3, "Kapittel {k}: {topic}"), (2, "{topic}"), (1.5, "{bullet}"), (0.5, "Læringsmål")),
    "pin": ((2, "{n} fine ideer til {room}"), (2, "Oppskrift på {dish}"), (1, "Enkle og gode {dish}"),
            (1, "Bryllup: ideer og inspirasjon")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Enebolig til salgs i {city}"), (1, "{label}"),
            (0.5, "Ferie i {city} {year}")),
    "textimg": ((3, "Takk for oppmerksomheten"), (1, "Spørsmål?"), (1, "Gratulerer med dagen"), (1, "God jul"),
                (1, "Velkommen til {city}")),
}

PL = words(
    item="Sukienka kopertowa|Sukienka maxi|Koszula z długim rękawem|Golf|Szerokie spodnie|Kurtka jeansowa|"
         "Spódnica plisowana|Koszulka|Bluza z kapturem|Kardigan|Płaszcz|Kombinezon|Czapka|Skarpetki",
    mat="z lnu|z bawełny organicznej|z wełny merino|z kaszmiru|z jedwabiu|ze skóry|ze sztruksu",
    colour="szałwiowy|czarny|granatowy|ecru|pudrowy róż|musztardowy|terakota|szary|beżowy|bordowy",
    ship=" | Darmowa dostawa| | – Nowość| – Rozmiar {size}| | – Rękodzieło",
    who="damska|męska|dziecięca",
    home_item="Kubek ceramiczny|Poszewka na poduszkę|Świeca zapachowa|Plakat botaniczny|Lampka nocna|Wazon|"
              "Koc z wełny|Kosz do przechowywania|Lustro okrągłe|Deska do krojenia",
    topic="Budowa komórki|Rewolucja francuska|Funkcja liniowa|Fotosynteza|Popyt i podaż|Obieg wody w przyrodzie|"
          "Zasady dynamiki Newtona|Zarządzanie projektem|Zimna wojna|Wiązania chemiczne|Rachunek prawdopodobieństwa",
    bullet="Podstawowe pojęcia|Główne przyczyny|Zalety i wady|Przykład|Etapy procesu|Podsumowanie|Plan prezentacji",
    room="małego salonu|sypialni|kuchni|małego mieszkania|łazienki|ogrodu|balkonu",
    dish="pierogi ruskie|bigos|sernik|szarlotka|żurek|gołąbki|placki ziemniaczane|rosół|pączki|kotlet schabowy",
    subject="Młoda kobieta|Biznesmen|Szczęśliwa rodzina|Mała dziewczynka|Starsza para|Kucharz|Grupa przyjaciół",
    action="czyta książkę|pracuje na laptopie|gotuje|w parku|z filiżanką kawy|rozmawia przez telefon|w biurze|"
           "na białym tle|o zachodzie słońca|na plaży",
    city="Warszawa|Kraków|Wrocław|Poznań|Gdańsk|Łódź|Lublin|Katowice|Szczecin|Białystok",
    news="burmistrz otworzył nową bibliotekę|mieszkańcy protestują przeciwko zamknięciu szkoły|pożar hali "
         "magazynowej|jarmark bożonarodzeniowy już otwarty|zdjęcia z koncertu",
    n="5|7|10|12|15|20|25|30|50",
    label="Strona główna|Logo|Kontakt|O nas|Produkty|Aktualności|Galeria",
)
PL_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {mat} – kolor {colour}{ship}"), (2, "{home_item} – {colour}"),
                (1, "{item} {who} {colour}")),
    "slide": ((3, "Rozdział {k}: {topic}"), (2, "{topic}"), (1, "Lekcja {k}: {topic}"), (1.5, "{bullet}"),
              (0.5, "Cele lekcji")),
    "pin": ((2, "{n} pomysłów na aranżację {room}"), (2, "Przepis na {dish}"), (1, "Domowe {dish}"),
            (1, "Inspiracje ślubne")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Dom na sprzedaż {city}"), (1, "{label}"),
            (0.5, "Wakacje {year}")),
    "textimg": ((3, "Dziękuję za uwagę"), (1, "Dziękujemy za uwagę!"), (1, "Pytania?"), (1, "Wszystkiego najlepszego"),
                (1, "Wesołych Świąt")),
}

RU = words(
    item="Платье на запах|Платье макси|Рубашка с длинным рукавом|Водолазка|Широкие брюки|Джинсовая куртка|"
         "Плиссированная юбка|Футболка|Худи|Кардиган|Пальто|Комбинезон|Шапка|Носки",
    mat="из льна|из хлопка|из шерсти мериноса|из кашемира|из шёлка|из натуральной кожи|из вельвета",
    colour="шалфей|чёрный|тёмно-синий|молочный|пудровый|горчичный|терракотовый|серый|бежевый|бордовый",
    ship=" | Бесплатная доставка| | – Новинка| – Размер {size}| | – Ручная работа",
    who="женское|мужское|детское",
    home_item="Керамическая кружка|Наволочка|Ароматическая свеча|Постер|Настольная лампа|Ваза|Плед|"
              "Корзина для хранения|Круглое зеркало|Разделочная доска",
    topic="Строение клетки|Великая французская революция|Линейная функция|Фотосинтез|Спрос и предложение|"
          "Круговорот воды в природе|Законы Ньютона|Управление проектами|Холодная война|Химическая связь|"
          "Теория вероятностей|Пищеварительная система|Бухгалтерский учёт|Первая мировая война",
    bullet="Основные понятия|Основные причины|Преимущества и недостатки|Пример решения|Этапы процесса|"
           "Вопросы для повторения|Выводы|План урока",
    room="маленькой гостиной|спальни|кухни|маленькой квартиры|ванной комнаты|сада|балкона",
    dish="борщ|пельмени|блины|сырники|оливье|шарлотка|медовик|голубцы|солянка|плов|вареники",
    subject="Молодая женщина|Бизнесмен|Счастливая семья|Маленькая девочка|Пожилая пара|Повар|Группа друзей",
    action="читает книгу|работает за ноутбуком|готовит на кухне|в парке|с чашкой кофе|говорит по телефону|в офисе|"
           "на белом фоне|на закате|на пляже",
    city="Москва|Санкт-Петербург|Новосибирск|Екатеринбург|Казань|Нижний Новгород|Самара|Омск|Краснодар|Минск",
    news="мэр открыл новую библиотеку|жители выступили против закрытия школы|пожар на складе|"
         "открылась новогодняя ярмарка|фоторепортаж с концерта|продолжается ремонт моста",
    n="5|7|10|12|15|20|25|30|50",
    label="Главная|Логотип|Контакты|О нас|Каталог|Новости|Фотогалерея",
)
RU_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {mat} – цвет {colour}{ship}"), (2, "{home_item} – {colour}"),
                (1, "Купить {item} {mat} недорого"), (1, "{item} {mat}, арт. {code}")),
    "slide": ((3, "Глава {k}. {topic}"), (2, 'Презентация на тему: "{topic}"— Транскрипт:'), (2, "{topic}"),
              (1, "Урок {k}. {topic}"), (1.5, "{bullet}"), (0.5, "Цели урока")),
    "pin": ((2, "{n} идей для {room}"), (2, "Рецепт: {dish}"), (1, "{dish} по-домашнему – простой рецепт"),
            (1, "Идеи для свадьбы")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Продажа квартиры, {city}"), (1, "{label}"),
            (1, "Фото: {dish}"), (0.5, "Отдых в {year} году")),
    "textimg": ((3, "Спасибо за внимание"), (1.5, "Спасибо за внимание!"), (1, "Вопросы?"),
                (1, "С днём рождения"), (1, "С Новым годом")),
}

LANGS: dict[str, tuple[dict[str, tuple[str, ...]], dict[str, Templates]]] = {
    "de": (DE, DE_KINDS), "nl": (NL, NL_KINDS), "no": (NO, NO_KINDS), "pl": (PL, PL_KINDS), "ru": (RU, RU_KINDS),
}
