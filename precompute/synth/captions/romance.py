"""French, Spanish, Italian and Portuguese ALT text: products, slides, pins, web images, text in images.

Colours follow a dash as a variant label ("Robe longue en lin – Vert sauge"), as shop titles do,
which also sidesteps adjective agreement.
"""

from __future__ import annotations

from precompute.synth.captions.engine import Templates, words

FR = words(
    item="Robe portefeuille|Robe longue|Chemise à manches longues|Pull col roulé|Pantalon large|Veste en jean|"
         "Jupe plissée|T-shirt col rond|Sweat à capuche|Cardigan|Manteau long|Combinaison|Bonnet|Chaussettes",
    mat="en lin|en coton bio|en laine mérinos|en cachemire|en velours côtelé|en soie|en cuir|en maille",
    colour="Vert sauge|Noir|Bleu marine|Blanc cassé|Rose poudré|Moutarde|Terracotta|Gris chiné|Beige|Bordeaux|Kaki",
    ship=" | Livraison gratuite| | – Nouvelle collection| – Taille {size}| | – Fabriqué en France",
    who="femme|homme|enfant|bébé",
    home_item="Mug en céramique|Housse de coussin|Bougie parfumée|Affiche botanique|Lampe de chevet|Vase en grès|"
              "Plaid en laine|Panier de rangement|Miroir rond|Planche à découper en bois",
    home_adj="fait main|style scandinave|bohème|minimaliste|vintage|artisanal",
    jewel="Collier pendentif|Boucles d'oreilles créoles|Bague fine|Bracelet jonc|Collier prénom",
    jewel_mat="en argent 925|plaqué or|en acier inoxydable|en laiton doré",
    topic="La structure de la cellule|La Révolution française|Les fonctions affines|La photosynthèse|"
          "L'offre et la demande|Le cycle de l'eau|Les lois de Newton|La gestion de projet|La stratégie marketing|"
          "La guerre froide|Les liaisons chimiques|Les probabilités|Le système digestif|La comptabilité générale|"
          "Les réseaux informatiques|La Première Guerre mondiale|La respiration cellulaire|Le développement durable",
    bullet="Définir les notions clés|Les causes principales|Avantages et inconvénients|Exemple d'application|"
           "Les étapes du processus|Questions de révision|Conclusion|Problématique",
    deco="décoration|rangement|bricolage|jardinage|déco murale|récup",
    place="un petit salon|la chambre|la cuisine|un petit appartement|la salle de bain|le jardin|le balcon",
    dish="tarte aux pommes|gratin dauphinois|quiche lorraine|crêpes|mousse au chocolat|ratatouille|"
         "blanquette de veau|cake au citron|soupe de potiron|poulet rôti|clafoutis aux cerises",
    wstyle="champêtre|bohème|chic|vintage|en plein air|d'hiver",
    hair="facile|de mariage|bohème|tressée|rapide",
    hairlen="longs|courts|mi-longs|bouclés|fins",
    season="d'automne|d'hiver|d'été|de printemps",
    style="scandinave|bohème|industrielle|campagne chic|minimaliste",
    subject="Jeune femme|Homme d'affaires|Famille|Petite fille|Couple de seniors|Chef cuisinier|Groupe d'amis",
    action="lisant un livre|travaillant sur un ordinateur portable|cuisinant|marchant dans le parc|buvant un café|"
           "parlant au téléphone|au bureau|sur fond blanc|au coucher du soleil|à la plage",
    city="Lyon|Marseille|Bordeaux|Nantes|Lille|Strasbourg|Rennes|Toulouse|Grenoble|Montpellier|Liège|Genève",
    news="le maire inaugure la nouvelle médiathèque|les habitants se mobilisent pour leur école|"
         "un incendie ravage un entrepôt|le marché de Noël ouvre ses portes|la fête de la musique en images|"
         "les travaux du tramway avancent|le club s'impose à domicile",
    rooms="3 chambres|4 pièces|avec jardin|de plain-pied|avec piscine",
    label="Accueil|Logo|Contact|Qui sommes-nous|Nos produits|Actualités|Galerie|Bannière|Plan d'accès",
)
FR_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {mat} – {colour}{ship}"), (2, "{item} {who} {mat} {colour}"),
                (2, "{home_item} {home_adj} – {colour}"), (2, "{jewel} {jewel_mat}"),
                (0.5, "Carte cadeau")),
    "slide": ((3, "Chapitre {k} : {topic}"), (2, 'Présentation au sujet: "{topic}"— Transcription de la présentation:'),
              (2, "{topic}"), (1, "Séquence {k} – {topic}"), (1.5, "{bullet}"), (0.5, "Plan de la présentation"),
              (0.5, "Objectifs pédagogiques")),
    "pin": ((2, "{n} idées de {deco} pour {place}"), (2, "Recette de {dish} facile"),
            (1, "{dish} : la recette facile et rapide"), (1, "Idées de mariage {wstyle}"),
            (1, "Coiffure {hair} pour cheveux {hairlen}"), (1, "Tenue {season} pour femme"),
            (1, "Déco {style} : {n} idées pour {place}")),
    "web": ((2, "{subject} {action}"), (2, "{city} : {news}"), (1, "Maison à vendre {rooms} – {city}"),
            (1, "{label}"), (1, "Photo de {dish}"), (0.5, "Vacances à {city} en {year}")),
    "textimg": ((3, "Merci de votre attention"), (1.5, "Merci pour votre attention !"), (1, "Des questions ?"),
                (1, "Joyeux anniversaire"), (1, "Joyeux Noël et bonne année"), (1, "Bienvenue à {city}")),
}

ES = words(
    item="Vestido cruzado|Vestido largo|Camisa de manga larga|Jersey de cuello alto|Pantalón ancho|Chaqueta vaquera|"
         "Falda plisada|Camiseta básica|Sudadera con capucha|Cárdigan|Abrigo largo|Mono|Gorro|Calcetines",
    mat="de lino|de algodón orgánico|de lana merino|de punto|de seda|de cuero|de pana",
    colour="Verde salvia|Negro|Azul marino|Blanco roto|Rosa palo|Mostaza|Terracota|Gris|Beige|Burdeos|Caqui",
    ship=" | Envío gratis| | – Nueva colección| – Talla {size}| | – Hecho a mano",
    who="mujer|hombre|niña|niño|bebé",
    home_item="Taza de cerámica|Funda de cojín|Vela aromática|Lámina botánica|Lámpara de mesa|Jarrón de barro|"
              "Manta de lana|Cesta de almacenaje|Espejo redondo|Tabla de cortar de madera",
    home_adj="hecho a mano|estilo nórdico|boho|minimalista|vintage|artesanal",
    jewel="Collar con colgante|Pendientes de aro|Anillo fino|Pulsera|Collar con nombre",
    jewel_mat="de plata de ley|bañado en oro|de acero inoxidable|de oro de 18k",
    topic="La estructura de la célula|La Revolución francesa|Funciones lineales|La fotosíntesis|"
          "La oferta y la demanda|El ciclo del agua|Las leyes de Newton|Gestión de proyectos|Estrategia de marketing|"
          "La Guerra Fría|Enlaces químicos|Probabilidad y estadística|El sistema digestivo|Contabilidad financiera|"
          "Redes de computadoras|La Primera Guerra Mundial|La respiración celular|El desarrollo sostenible",
    bullet="Conceptos clave|Causas principales|Ventajas y desventajas|Ejemplo práctico|Pasos del proceso|"
           "Preguntas de repaso|Conclusiones|Objetivo general",
    deco="decoración|almacenaje|manualidades|jardinería|DIY",
    place="un salón pequeño|el dormitorio|la cocina|un piso pequeño|el baño|el jardín|la terraza",
    dish="tortilla de patatas|paella de marisco|gazpacho andaluz|flan casero|churros con chocolate|croquetas|"
         "arroz con leche|tarta de queso|empanadas|lentejas con chorizo|guacamole",
    wstyle="rústica|boho|en la playa|vintage|al aire libre|de invierno",
    hair="fáciles|de novia|con trenzas|rápidos|recogidos",
    hairlen="largo|corto|media melena|rizado|fino",
    season="de otoño|de invierno|de verano|de primavera",
    style="nórdico|boho|industrial|rústico|minimalista",
    subject="Mujer joven|Hombre de negocios|Familia feliz|Niña pequeña|Pareja de ancianos|Cocinero|Grupo de amigos",
    action="leyendo un libro|trabajando con un portátil|cocinando|paseando por el parque|tomando un café|"
           "hablando por teléfono|en la oficina|sobre fondo blanco|al atardecer|en la playa",
    city="Madrid|Barcelona|Valencia|Sevilla|Bilbao|Málaga|Zaragoza|Buenos Aires|Ciudad de México|Bogotá|Lima",
    news="el alcalde inaugura la nueva biblioteca|los vecinos protestan por el cierre del colegio|"
         "un incendio calcina una nave industrial|arranca la feria de Navidad|así fue el concierto de anoche|"
         "avanzan las obras del metro",
    rooms="3 habitaciones|con jardín|con piscina|de 90 m²|con terraza",
    label="Inicio|Logo|Contacto|Quiénes somos|Productos|Noticias|Galería|Banner",
)
ES_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {mat} – {colour}{ship}"), (2, "{item} {who} {mat} {colour}"),
                (2, "{home_item} {home_adj} – {colour}"), (2, "{jewel} {jewel_mat}"), (0.5, "Tarjeta regalo")),
    "slide": ((3, "Capítulo {k}: {topic}"), (2, 'Presentación del tema: "{topic}"— Transcripción de la presentación:'),
              (2, "{topic}"), (1, "Unidad {k}: {topic}"), (1.5, "{bullet}"), (0.5, "Índice"), (0.5, "Objetivos")),
    "pin": ((2, "{n} ideas de {deco} para {place}"), (2, "Receta de {dish} fácil"),
            (1, "{dish}: la receta tradicional"), (1, "Ideas para una boda {wstyle}"),
            (1, "Peinados {hair} para pelo {hairlen}"), (1, "Looks {season} para mujer"),
            (1, "Decoración estilo {style}: {n} ideas para {place}")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Piso en venta {rooms} en {city}"),
            (1, "{label}"), (1, "Foto de {dish}"), (0.5, "Vacaciones en {city} {year}")),
    "textimg": ((3, "Gracias por su atención"), (1.5, "¡Gracias por su atención!"), (1, "¿Preguntas?"),
                (1, "Feliz cumpleaños"), (1, "Feliz Navidad y próspero año nuevo"), (1, "Bienvenidos a {city}")),
}

IT = words(
    item="Abito a portafoglio|Abito lungo|Camicia a maniche lunghe|Maglione a collo alto|Pantaloni a palazzo|"
         "Giacca di jeans|Gonna plissettata|T-shirt girocollo|Felpa con cappuccio|Cardigan|Cappotto lungo|Tuta",
    mat="in lino|in cotone biologico|in lana merino|in cashmere|in seta|in pelle|in velluto a coste",
    colour="Verde salvia|Nero|Blu navy|Bianco panna|Rosa cipria|Senape|Terracotta|Grigio|Beige|Bordeaux|Cachi",
    ship=" | Spedizione gratuita| | – Nuova collezione| – Taglia {size}| | – Made in Italy",
    who="donna|uomo|bambina|bambino|neonato",
    home_item="Tazza in ceramica|Fodera per cuscino|Candela profumata|Stampa botanica|Lampada da comodino|"
              "Vaso in gres|Plaid in lana|Cesto portaoggetti|Specchio rotondo|Tagliere in legno",
    home_adj="fatto a mano|stile nordico|boho|minimal|vintage|artigianale",
    jewel="Collana con ciondolo|Orecchini a cerchio|Anello sottile|Bracciale rigido|Collana con nome",
    jewel_mat="in argento 925|placcato oro|in acciaio inossidabile|in oro 18 kt",
    topic="La struttura della cellula|La Rivoluzione francese|Le funzioni lineari|La fotosintesi|"
          "Domanda e offerta|Il ciclo dell'acqua|Le leggi di Newton|Gestione dei progetti|Strategia di marketing|"
          "La Guerra fredda|I legami chimici|Il calcolo delle probabilità|L'apparato digerente|La contabilità",
    bullet="Concetti chiave|Le cause principali|Vantaggi e svantaggi|Esempio pratico|Le fasi del processo|"
           "Domande di ripasso|Conclusioni",
    deco="arredamento|fai da te|giardinaggio|decorazioni",
    place="un piccolo soggiorno|la camera da letto|la cucina|un monolocale|il bagno|il giardino|il balcone",
    dish="tiramisù|lasagne alla bolognese|risotto ai funghi|pasta alla carbonara|parmigiana di melanzane|"
         "crostata di marmellata|pizza fatta in casa|panna cotta|minestrone|focaccia genovese",
    wstyle="rustico|boho|in spiaggia|vintage|all'aperto|invernale",
    season="autunnali|invernali|estivi|primaverili",
    style="nordico|boho|industriale|shabby chic|minimal",
    subject="Giovane donna|Uomo d'affari|Famiglia felice|Bambina|Coppia di anziani|Cuoco|Gruppo di amici",
    action="che legge un libro|che lavora al computer|in cucina|al parco|con una tazza di caffè|al telefono|"
           "in ufficio|su sfondo bianco|al tramonto|in spiaggia",
    city="Roma|Milano|Napoli|Torino|Bologna|Firenze|Palermo|Genova|Verona|Bari",
    news="il sindaco inaugura la nuova biblioteca|i residenti protestano per la chiusura della scuola|"
         "incendio in un capannone|apre il mercatino di Natale|le foto del concerto in piazza",
    label="Home|Logo|Contatti|Chi siamo|Prodotti|Notizie|Galleria",
)
IT_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {mat} – {colour}{ship}"), (2, "{item} {who} {mat} {colour}"),
                (2, "{home_item} {home_adj} – {colour}"), (2, "{jewel} {jewel_mat}")),
    "slide": ((3, "Capitolo {k}: {topic}"), (2, "{topic}"), (1, "Unità {k} – {topic}"), (1.5, "{bullet}"),
              (0.5, "Indice"), (0.5, "Obiettivi")),
    "pin": ((2, "{n} idee di {deco} per {place}"), (2, "Ricetta {dish} facile"), (1, "{dish}: la ricetta della nonna"),
            (1, "Idee per un matrimonio {wstyle}"), (1, "Outfit {season} da donna"),
            (1, "Arredamento {style}: {n} idee per {place}")),
    "web": ((2, "{subject} {action}"), (2, "{city}, {news}"), (1, "Appartamento in vendita a {city}"), (1, "{label}"),
            (1, "Foto di {dish}"), (0.5, "Vacanze a {city} {year}")),
    "textimg": ((3, "Grazie per l'attenzione"), (1, "Grazie dell'attenzione!"), (1, "Domande?"),
                (1, "Buon compleanno"), (1, "Buon Natale e felice anno nuovo"), (1, "Benvenuti a {city}")),
}

PT = words(
    item="Vestido transpassado|Vestido longo|Camisa de manga longa|Blusa de gola alta|Calça pantalona|"
         "Jaqueta jeans|Saia plissada|Camiseta básica|Moletom com capuz|Cardigã|Casaco longo|Macacão",
    mat="de linho|de algodão orgânico|de lã|de tricô|de seda|de couro|de veludo cotelê",
    colour="Verde sálvia|Preto|Azul marinho|Off white|Rosa claro|Mostarda|Terracota|Cinza|Bege|Vinho|Caqui",
    ship=" | Frete grátis| | – Lançamento| – Tamanho {size}| | – Feito à mão",
    who="feminino|masculino|infantil|bebê",
    home_item="Caneca de cerâmica|Capa de almofada|Vela aromática|Quadro decorativo|Luminária de mesa|"
              "Vaso de barro|Manta de tricô|Cesto organizador|Espelho redondo|Tábua de corte de madeira",
    home_adj="artesanal|estilo escandinavo|boho|minimalista|vintage|feito à mão",
    jewel="Colar com pingente|Brinco de argola|Anel delicado|Pulseira|Colar com nome",
    jewel_mat="de prata 925|folheado a ouro|de aço inoxidável|de ouro 18k",
    topic="A estrutura da célula|A Revolução Francesa|Funções do primeiro grau|A fotossíntese|Oferta e demanda|"
          "O ciclo da água|As leis de Newton|Gestão de projetos|Estratégia de marketing|A Guerra Fria|"
          "Ligações químicas|Probabilidade e estatística|O sistema digestório|Contabilidade geral",
    bullet="Conceitos básicos|Principais causas|Vantagens e desvantagens|Exemplo prático|Etapas do processo|"
           "Exercícios de revisão|Conclusão",
    deco="decoração|organização|artesanato|jardinagem|DIY",
    place="sala pequena|quarto de casal|cozinha|apartamento pequeno|banheiro|jardim|varanda",
    dish="bolo de cenoura|pão de queijo|feijoada|brigadeiro|pudim de leite|coxinha|escondidinho|"
         "torta de frango|bolo de fubá|mousse de maracujá|strogonoff de frango",
    wstyle="rústico|boho|na praia|vintage|ao ar livre|simples",
    season="de outono|de inverno|de verão|de primavera",
    style="escandinavo|boho|industrial|rústico|minimalista",
    subject="Mulher jovem|Homem de negócios|Família feliz|Menina|Casal de idosos|Cozinheiro|Grupo de amigos",
    action="lendo um livro|trabalhando no notebook|cozinhando|caminhando no parque|tomando café|"
           "falando ao telefone|no escritório|em fundo branco|ao pôr do sol|na praia",
    city="São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba|Porto Alegre|Salvador|Recife|Fortaleza|Lisboa|Porto",
    news="prefeito inaugura nova biblioteca|moradores protestam contra o fechamento da escola|"
         "incêndio atinge galpão|feira de Natal abre as portas|veja as fotos do show",
    label="Início|Logo|Contato|Quem somos|Produtos|Notícias|Galeria",
)
PT_KINDS: dict[str, Templates] = {
    "product": ((4, "{item} {mat} – {colour}{ship}"), (2, "{item} {who} {mat} {colour}"),
                (2, "{home_item} {home_adj} – {colour}"), (2, "{jewel} {jewel_mat}")),
    "slide": ((3, "Capítulo {k}: {topic}"), (2, 'Apresentação sobre o tema: "{topic}"— Transcrição da apresentação:'),
              (2, "{topic}"), (1, "Unidade {k} – {topic}"), (1.5, "{bullet}"), (0.5, "Objetivos")),
    "pin": ((2, "{n} ideias de {deco} para {place}"), (2, "Receita de {dish} fácil"),
            (1, "{dish}: receita simples e deliciosa"), (1, "Ideias para casamento {wstyle}"),
            (1, "Looks {season} femininos"), (1, "Decoração {style}: {n} ideias para {place}")),
    "web": ((2, "{subject} {action}"), (2, "{city}: {news}"), (1, "Casa à venda em {city}"), (1, "{label}"),
            (1, "Foto de {dish}"), (0.5, "Férias em {city} {year}")),
    "textimg": ((3, "Obrigado pela atenção"), (1, "Obrigada pela atenção!"), (1, "Dúvidas?"),
                (1, "Feliz aniversário"), (1, "Feliz Natal e próspero Ano Novo"), (1, "Bem-vindos a {city}")),
}

LANGS: dict[str, tuple[dict[str, tuple[str, ...]], dict[str, Templates]]] = {
    "fr": (FR, FR_KINDS), "es": (ES, ES_KINDS), "it": (IT, IT_KINDS), "pt": (PT, PT_KINDS),
}
