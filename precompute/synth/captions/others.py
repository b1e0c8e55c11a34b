"""Short real phrases for the long tail of CLD3 labels, and the no-language captions.

For each smaller language a handful of everyday phrases (thanks for listening, happy birthday, a
house for sale, a recipe, a city) is enough: captions are made by combining them with years,
numbers and each other.
"""

from __future__ import annotations

from precompute.synth.captions.engine import Templates, split

PHRASES: dict[str, str] = {
    "lb": "Schéinen Dag zu Lëtzebuerg|Merci fir Är Opmierksamkeet|Schéi Chrëschtdeeg|Äddi a bis geschwënn|"
          "Wëllkomm doheem|Gudde Moien|Moien, wéi geet et?|Vill Gléck fir däi Gebuertsdag|D'Stad Lëtzebuerg am "
          "Wanter|Schéine Weekend|Eis Gemeng an der Natur",
    "sw": "Asante sana kwa msaada wako|Karibu Tanzania|Heri ya kuzaliwa|Nyumba inauzwa Nairobi|Habari za asubuhi|"
          "Mandhari ya Mlima Kilimanjaro|Chakula cha jioni|Mavazi ya kitenge|Asanteni kwa kusikiliza|Krismasi njema",
    "is": "Takk fyrir athyglina|Til hamingju með afmælið|Gleðileg jól|Íbúð til sölu í Reykjavík|Norðurljósin yfir "
          "Þingvöllum|Íslensk kjötsúpa|Góðan daginn|Sumar á Íslandi|Lopapeysa úr íslenskri ull",
    "ko": "서울 여행|맛있는 김치찌개 만드는 법|여성 니트 원피스|겨울 코트 추천|우리 가족 사진|감사합니다|"
          "새해 복 많이 받으세요|제주도 풍경|카페 인테리어|강아지 산책",
    "tr": "Kadın keten elbise|İstanbul manzarası|Ev yapımı baklava tarifi|Yeni sezon ayakkabı modelleri|Salon "
          "dekorasyonu fikirleri|Teşekkürler|Satılık daire|Doğum günün kutlu olsun|Kahvaltı sofrası",
    "vi": "Áo dài truyền thống|Phòng khách hiện đại|Cách làm phở bò|Du lịch Đà Nẵng|Váy nữ mùa hè|Cảm ơn bạn|"
          "Chúc mừng năm mới|Nhà đẹp giá rẻ|Hình ảnh cưới|Bánh mì Sài Gòn",
    "cs": "Dámské lněné šaty|Recept na svíčkovou|Výlet do Prahy|Obývací pokoj ve skandinávském stylu|Děkuji za "
          "pozornost|Prodej rodinného domu|Vánoční cukroví|Dětský pokoj",
    "sv": "Linneklänning dam|Recept på kanelbullar|Vardagsrum i skandinavisk stil|Tack för uppmärksamheten|Villa till "
          "salu|Sommar i skärgården|God jul och gott nytt år|Inspiration till barnrummet",
    "hu": "Női lenvászon ruha|Gulyásleves recept|Nappali berendezés ötletek|Köszönöm a figyelmet|Eladó családi ház|"
          "Boldog születésnapot|Karácsonyi sütemények|Balaton nyáron",
    "ro": "Rochie de in pentru femei|Rețetă de sarmale|Idei de decor pentru sufragerie|Vă mulțumesc pentru atenție|"
          "Casă de vânzare|La mulți ani|Crăciun fericit|Vacanță la mare",
    "fi": "Naisten pellavamekko|Karjalanpiirakka resepti|Olohuoneen sisustus|Kiitos huomiosta|Omakotitalo myytävänä|"
          "Hyvää joulua|Kesä mökillä|Lastenhuoneen sisustusideat",
    "da": "Hørkjole til kvinder|Opskrift på æblekage|Stue i skandinavisk stil|Tak for opmærksomheden|Villa til salg|"
          "Glædelig jul|Sommerhus ved havet|Inspiration til børneværelset",
    "uk": "Жіноча лляна сукня|Рецепт українського борщу|Дякую за увагу|Продаж квартири у Києві|З днем народження|"
          "Інтер'єр вітальні|Весілля в Карпатах|Новини Львова",
    "el": "Γυναικείο λινό φόρεμα|Συνταγή για μουσακά|Ευχαριστώ για την προσοχή σας|Διακοπές στη Σαντορίνη|"
          "Καλά Χριστούγεννα|Χρόνια πολλά|Σαλόνι σε μοντέρνο στυλ|Σπίτι προς πώληση",
    "id": "Gaun linen wanita|Resep nasi goreng spesial|Terima kasih atas perhatiannya|Rumah dijual di Jakarta|Selamat "
          "ulang tahun|Liburan ke Bali|Desain ruang tamu minimalis|Baju muslim terbaru",
    "ar": "فستان نسائي من الكتان|طريقة عمل الكبسة|شكرا لحسن استماعكم|شقة للبيع في دبي|عيد ميلاد سعيد|"
          "ديكور غرفة معيشة حديثة|رمضان كريم|صور مدينة القاهرة",
    "th": "ชุดเดรสผ้าลินินผู้หญิง|วิธีทำต้มยำกุ้ง|ขอบคุณที่รับฟัง|บ้านเดี่ยวขาย|สุขสันต์วันเกิด|เที่ยวเชียงใหม่|"
          "ตกแต่งห้องนั่งเล่น|สวัสดีปีใหม่",
    "fa": "پیراهن کتان زنانه|طرز تهیه قورمه سبزی|با تشکر از توجه شما|فروش آپارتمان در تهران|تولدت مبارک|"
          "دکوراسیون منزل|عید نوروز مبارک|عکس طبیعت",
    "iw": "שמלת פשתן לנשים|מתכון לשקשוקה|תודה על ההקשבה|דירה למכירה בתל אביב|יום הולדת שמח|עיצוב סלון מודרני|"
          "חג שמח|חופשה באילת",
    "bg": "Дамска ленена рокля|Рецепта за баница|Благодаря за вниманието|Продава апартамент в София|Честит рожден "
          "ден|Интериор на хол|Весела Коледа|Почивка на морето",
    "sk": "Dámske ľanové šaty|Recept na bryndzové halušky|Ďakujem za pozornosť|Predaj rodinného domu|Všetko "
          "najlepšie|Obývačka v škandinávskom štýle|Vianočné pečivo",
    "hr": "Ženska lanena haljina|Recept za sarmu|Hvala na pažnji|Prodaja stana u Zagrebu|Sretan rođendan|Uređenje "
          "dnevnog boravka|Sretan Božić|Ljeto na moru",
    "sr": "Женска ланена хаљина|Рецепт за сарму|Хвала на пажњи|Продаја стана у Београду|Срећан рођендан|"
          "Уређење дневне собе|Летовање на мору",
    "lt": "Moteriška lininė suknelė|Cepelinų receptas|Ačiū už dėmesį|Parduodamas butas Vilniuje|Su gimtadieniu|"
          "Svetainės interjeras|Linksmų Kalėdų",
    "sl": "Ženska lanena obleka|Recept za potico|Hvala za pozornost|Prodaja stanovanja v Ljubljani|Vse najboljše|"
          "Ureditev dnevne sobe|Vesel božič",
    "lv": "Sieviešu lina kleita|Pīrāgu recepte|Paldies par uzmanību|Pārdod dzīvokli Rīgā|Daudz laimes dzimšanas "
          "dienā|Priecīgus Ziemassvētkus",
    "et": "Naiste linane kleit|Kringli retsept|Tänan tähelepanu eest|Müüa korter Tallinnas|Palju õnne sünnipäevaks|"
          "Häid jõule|Elutoa sisustus",
    "ca": "Vestit de lli per a dona|Recepta de pa amb tomàquet|Gràcies per la vostra atenció|Pis en venda a "
          "Barcelona|Per molts anys|Bon Nadal|Decoració del menjador",
    "ms": "Baju kurung moden|Resepi nasi lemak|Terima kasih kerana mendengar|Rumah untuk dijual di Kuala Lumpur|"
          "Selamat hari jadi|Selamat Hari Raya|Hiasan ruang tamu",
    "hi": "महिलाओं की लिनन ड्रेस|पनीर बटर मसाला बनाने की विधि|ध्यान देने के लिए धन्यवाद|जन्मदिन की शुभकामनाएं|"
          "दिवाली की हार्दिक शुभकामनाएं|घर की सजावट|भारत के पर्यटन स्थल",
    "fil": "Maraming salamat po sa inyong pakikinig|Maligayang kaarawan|Maligayang Pasko|Paano magluto ng adobo|"
           "Bahay na ibinebenta sa Quezon City|Magandang umaga",
    "eu": "Eskerrik asko zuen arretagatik|Zorionak zure urtebetetzean|Gabon zoriontsuak|Etxea salgai Donostian|"
          "Euskal Herriko paisaiak|Bilboko kaleak",
    "gl": "Moitas grazas pola vosa atención|Receita de empanada galega|Feliz aniversario|Casa á venda en Vigo|"
          "Bo Nadal|Praias de Galicia",
    "bn": "ধন্যবাদ|শুভ জন্মদিন|ঢাকার দর্শনীয় স্থান|মহিলাদের শাড়ি|বাংলা নববর্ষের শুভেচ্ছা|সহজ রান্নার রেসিপি",
    "ta": "நன்றி|இனிய பிறந்தநாள் வாழ்த்துக்கள்|சென்னை நகரம்|பெண்களுக்கான பட்டு புடவை|பொங்கல் வாழ்த்துக்கள்|"
          "சமையல் குறிப்புகள்",
    "mk": "Благодарам за вниманието|Среќен роденден|Стан за продажба во Скопје|Охридско езеро|Рецепт за тавче гравче",
    "af": "Baie dankie vir julle aandag|Gelukkige verjaarsdag|Huis te koop in Pretoria|Resep vir melktert|"
          "Geseënde Kersfees|Mooi uitsig oor die berge",
    "la": "Gallia est omnis divisa in partes tres|Carpe diem|Veni, vidi, vici|Ora et labora|Ars longa, vita brevis|"
          "Tempus fugit",
    "sq": "Faleminderit për vëmendjen|Gëzuar ditëlindjen|Shtëpi në shitje në Tiranë|Receta për byrek|Gëzuar "
          "Krishtlindjet",
    "ka": "გმადლობთ ყურადღებისთვის|გილოცავ დაბადების დღეს|თბილისის ხედები|ქართული ხაჭაპური|ბინა იყიდება",
    "bs": "Hvala na pažnji|Sretan rođendan|Stan na prodaju u Sarajevu|Recept za burek|Bosanski lonac",
    "cy": "Diolch am wrando|Penblwydd hapus|Nadolig llawen|Croeso i Gymru|Tŷ ar werth yng Nghaerdydd|Bore da",
    "ga": "Go raibh maith agaibh|Lá breithe sona duit|Nollaig shona duit|Fáilte go hÉirinn|Teach ar díol",
    "ur": "توجہ کا شکریہ|سالگرہ مبارک|عید مبارک|لاہور کی سیر|گھر برائے فروخت",
    "ml": "നന്ദി|ജന്മദിനാശംസകൾ|ഓണാശംസകൾ|കേരളത്തിലെ കാഴ്ചകൾ|വീട് വില്പനയ്ക്ക്",
    "eo": "Dankon pro via atento|Feliĉan naskiĝtagon|Bonvenon al nia retejo|La internacia lingvo|Ĝojan Kristnaskon",
    "te": "ధన్యవాదాలు|పుట్టినరోజు శుభాకాంక్షలు|హైదరాబాద్ నగరం|సంక్రాంతి శుభాకాంక్షలు",
    "mr": "धन्यवाद|वाढदिवसाच्या हार्दिक शुभेच्छा|पुण्यातील पर्यटन स्थळे|गणेशोत्सवाच्या शुभेच्छा|घर विक्रीसाठी आहे",
    "kk": "Назарларыңызға рахмет|Туған күніңмен|Алматы қаласы|Пәтер сатылады|Жаңа жылыңызбен",
    "hy": "Շնորհակալություն ուշադրության համար|Ծնունդդ շնորհավոր|Երևան քաղաք|Բնակարան վաճառքով",
    "ne": "धन्यवाद|जन्मदिनको शुभकामना|काठमाडौं उपत्यका|दशैंको शुभकामना|घर बिक्रीमा",
    "si": "ස්තූතියි|සුභ උපන්දිනයක්|කොළඹ නගරය|සුභ අලුත් අවුරුද්දක්",
    "ru-Latn": "Spasibo za vnimanie|S dnem rozhdeniya|Prodazha kvartiry v Moskve|Krasivye foto prirody|"
               "Kak prigotovit borshch",
    "mt": "Grazzi tal-attenzjoni|Għeluq sninek it-tajjeb|Il-Milied it-tajjeb|Dar għall-bejgħ|Merħba f'Malta",
    "gu": "આભાર|જન્મદિવસની શુભેચ્છા|અમદાવાદ શહેર|નવરાત્રીની શુભકામનાઓ",
    "kn": "ಧನ್ಯವಾದಗಳು|ಹುಟ್ಟುಹಬ್ಬದ ಶುಭಾಶಯಗಳು|ಬೆಂಗಳೂರು ನಗರ|ಮನೆ ಮಾರಾಟಕ್ಕಿದೆ",
    "ja-Latn": "Arigatou gozaimasu|Otanjoubi omedetou|Kawaii neko no shashin|Tokyo no yakei|Oishii ramen",
    "zh-Latn": "Xie xie ni|Ni hao|Zhongguo meishi|Shengri kuaile|Xinnian kuaile",
    "fy": "Tige tank foar jo oandacht|Lokwinske mei jo jierdei|Wolkom yn Fryslân|Hûs te keap|Noflike krystdagen",
    "uz": "E'tiboringiz uchun rahmat|Tug'ilgan kuningiz bilan|Toshkent shahri|Uy sotiladi|Yangi yilingiz bilan",
    "mn": "Анхаарал тавьсанд баярлалаа|Төрсөн өдрийн мэнд хүргэе|Улаанбаатар хот|Байр зарна|Сар шинийн мэнд",
    "km": "អរគុណ|រីករាយថ្ងៃកំណើត|ទីក្រុងភ្នំពេញ|សួស្តីឆ្នាំថ្មី",
    "hi-Latn": "Aapka bahut bahut dhanyavaad|Janamdin ki hardik shubhkamnayein|Ghar ki sajavat ke tarike|"
               "Diwali ki shubhkamnaye|Kya haal hai",
    "jv": "Matur nuwun sanget|Sugeng ambal warsa|Omah didol ing Yogyakarta|Sugeng enjing|Wisata ing Jawa Tengah",
    "su": "Hatur nuhun pisan|Wilujeng tepang taun|Wisata di Bandung|Imah dijual|Wilujeng enjing",
    "ceb": "Daghang salamat sa inyong pagpaminaw|Malipayong adlaw nga natawhan|Maayong buntag|Balay nga gibaligya "
           "sa Sugbo|Malipayong Pasko",
    "tg": "Ташаккур барои диққататон|Зодрӯзатон муборак|Шаҳри Душанбе|Хона фурӯхта мешавад|Соли нав муборак",
    "pa": "ਧੰਨਵਾਦ|ਜਨਮਦਿਨ ਮੁਬਾਰਕ|ਅੰਮ੍ਰਿਤਸਰ ਸ਼ਹਿਰ|ਵਿਸਾਖੀ ਦੀਆਂ ਵਧਾਈਆਂ",
    "ky": "Көңүл бурганыңыздарга рахмат|Туулган күнүң менен|Бишкек шаары|Үй сатылат|Жаңы жылыңар менен",
    "ku": "Spas ji bo guhdariya we|Rojbûna te pîroz be|Newroz pîroz be|Bajarê Hewlêrê|Xanî ji bo firotanê",
    "am": "አመሰግናለሁ|መልካም ልደት|አዲስ አበባ ከተማ|መልካም አዲስ ዓመት",
    "my": "ကျေးဇူးတင်ပါတယ်|မွေးနေ့မှာ ပျော်ရွှင်ပါစေ|ရန်ကုန်မြို့|မင်္ဂလာပါ",
    "lo": "ຂອບໃຈຫຼາຍໆ|ສຸກສັນວັນເກີດ|ນະຄອນຫຼວງວຽງຈັນ|ສະບາຍດີປີໃໝ່",
    "so": "Mahadsanid|Dhalasho wanaagsan|Magaalada Muqdisho|Guri iib ah|Ku soo dhawaada",
    "ps": "مننه|کلیزه مو مبارک|د کابل ښار|کور د پلور لپاره",
    "el-Latn": "Efharisto poli|Kalimera|Xronia polla|Kala Xristougenna|Diakopes stin Ellada",
    "bg-Latn": "Blagodarya za vnimanieto|Chestit rozhden den|Vesela Koleda|Prodava se apartament",
    "co": "Grazie di a vostra attenzione|Bona festa|Bonghjornu|Casa à vende in Aiacciu|Bon Natale",
    "ht": "Mèsi anpil pou atansyon nou|Bòn fèt|Bòn ane|Kay pou vann Pòtoprens|Bonjou zanmi",
    "mg": "Misaotra indrindra|Arahaba tratry ny tsingerin-taona|Tanànan'i Antananarivo|Trano amidy",
    "haw": "Mahalo nui loa|Hauʻoli lā hānau|Mele Kalikimaka|Aloha kākou|E komo mai",
    "yi": "א דאנק פאר אייער אויפמערקזאמקייט|מזל טוב|א גוטן שבת|א פרייליכן פסח",
    "ha": "Na gode sosai|Barka da ranar haihuwa|Barka da sallah|Birnin Kano|Gida na sayarwa",
    "sd": "توهان جي توجه جو شڪريو|سالگرهه مبارڪ|ڪراچي شهر|عيد مبارڪ",
    "gd": "Tapadh leibh airson ur n-aire|Co-là breith math dhut|Nollaig chridheil|Fàilte gu Alba",
    "zu": "Ngiyabonga kakhulu|Usuku lokuzalwa oluhle|Idolobha laseThekwini|Indlu ethengiswayo|Sawubona mngani",
    "xh": "Enkosi kakhulu|Usuku lokuzalwa olumnandi|Isixeko saseKapa|Indlu ethengiswayo|Molo mhlobo",
    "yo": "E se pupo|E ku ojo ibi|Ilu Eko|Ile fun tita|E ku odun tuntun",
    "ig": "Daalụ nke ukwuu|Ezi ụbọchị ọmụmụ|Obodo Enugu|Ụlọ maka ire|Ezi afọ ọhụrụ",
    "sn": "Ndinotenda zvikuru|Zuva rakanaka rekuzvarwa|Guta reHarare|Imba iri kutengeswa|Mhoroi shamwari",
    "st": "Ke a leboha haholo|Letsatsi le monate la tsoalo|Toropo ea Maseru|Ntlo e rekisoang",
    "ny": "Zikomo kwambiri|Tsiku labwino lobadwa|Mzinda wa Lilongwe|Nyumba yogulitsa",
    "sm": "Faafetai tele lava|Manuia lou aso fanau|Talofa lava|Manuia le Kerisimasi",
    "mi": "Kia ora koutou|Ngā mihi nui|Nau mai haere mai|Meri Kirihimete|Whare hoko",
    "hmn": "Ua tsaug ntau|Zoo siab hnub yug|Nyob zoo xyoo tshiab|Tsev muag",
}

# one template set for every small language: the phrase alone, or combined, dated or numbered
PHRASE_TEMPLATES: Templates = (
    (4.0, "{p}"), (1.5, "{p} {year}"), (1.5, "{p} - {p}"), (1.0, "{p} ({num})"), (0.7, "{p} #{num}"),
    (0.7, "{p}, {p}"), (0.5, "{p} | {p}"),
)


def phrase_words(lang: str) -> dict[str, tuple[str, ...]]:
    return {"p": split(PHRASES[lang])}


# --- laion1B-nolang: captions a language detector cannot place ------------------------------
NOLANG_WORDS: dict[str, tuple[str, ...]] = {
    "letters": split("AB|KX|TR|MZ|HP|QL|BN|SR|VT|DK|GX|PL|RS|ZT|WB"),
    "sz": split("XS|S|M|L|XL|XXL|3XL|One Size|36|38|40|42|44|46"),
    "col": split("BLK|WHT|NVY|GRY|RED|BLU|GRN|Black|White|Navy|Grey|Beige|Noir|Schwarz"),
    "ext": split("jpg|JPG|jpeg|png|PNG|webp|gif"),
    "word": split("Untitled|image|product|logo|banner|photo|img|thumbnail|default|preview|placeholder|cover|"
                  "header|icon|slide|pic|foto|bild|imagen|new|sale|hot|top|best|main|front|back|detail"),
    "emoji": split("🔥🔥🔥|❤️|😍😍|✨|👍|🎉🎉|💯|😂😂😂|🌸|⭐⭐⭐⭐⭐|🙏|💕|🤩|👀|🌈"),
    "brandish": split("XTRM|Zorvex|KOLO|Vantix|Melo|Quba|Trivo|Nexa|ORBI|Lumo|Zeta|Kavo|Onyx|Pexa|Rivu"),
    "unit": split("mm|cm|m|kg|g|ml|L|W|V|mAh|GB|TB|in|oz"),
    "sym": split("-|/|_|.|#|~|:|*|+|x"),
    "pct": split("10|15|20|25|30|40|50|60|70"),
    "mix": split("OK|WOW|LOL|OMG|VIP|DIY|BBQ|3D|4K|HD|UV|LED|USB|PDF|GPS|NFC|XXL|SOS|N°1|No.1"),
    "eq": split("x² + y² = r²|E = mc²|a² + b² = c²|F = ma|y = mx + b|PV = nRT|2 + 2 = 4|f(x) = 3x - 2|"
                "∫ f(x) dx|Δx / Δt|sin²θ + cos²θ = 1|H₂O|CO₂|NaCl|C₆H₁₂O₆"),
}
NOLANG_KINDS: dict[str, Templates] = {
    "product": ((3, "{letters}-{num}{num}"), (2, "{letters}{num}-{col}-{sz}"), (2, "{brandish} {letters}-{num}"),
                (1.5, "{col} / {sz}"), (1, "SKU {num}{num}{k}"), (1, "{num} {unit}"), (1, "{brandish} {mix}"),
                (1, "Art. {num}{num}"), (1, "{num}x{num} {unit}"), (0.5, "{brandish}")),
    "slide": ((2, "{eq}"), (2, "Slide {k}"), (1.5, "{num}"), (1, "{k}.{k}"), (1, "{k} {k} {k} {k} {k}"),
              (1, "Fig. {k}.{k}"), (1, "{letters} {num}"), (0.5, "{mix}"), (0.5, "Q{k}")),
    "pin": ((3, "{emoji}"), (2, "{word} {emoji}"), (1.5, "{brandish} {emoji}"), (1, "{num}"), (1, "#{brandish}"),
            (1, "{mix} {emoji}"), (0.5, "{word}")),
    "web": ((2, "IMG_{num}{num}.{ext}"), (2, "DSC{num}{num}"), (1.5, "{word}"), (1, "{word}_{num}.{ext}"),
            (1, "photo_{year}-0{k}-{num}.{ext}"), (1, "{year}0{k}{num}_{num}{num}.{ext}"), (1, "{num}"),
            (1, "{word}{sym}{num}"), (0.8, "{letters}{num}"), (0.5, "{mix}"), (0.5, "{brandish}"),
            (0.05, "-"), (0.05, "..."), (0.5, "{year}")),
    "textimg": ((2, "{mix}"), (2, "SALE {pct}%"), (1.5, "{brandish}"), (1, "{year}"), (1, "{eq}"), (1, "N° {k}"),
                (1, "{brandish} {mix}")),
}
