"""English ALT text for each kind of site, as templates over compact word lists.

Shopify: SEO product titles. SlidePlayer: text lifted from slides. Pinterest: pin titles (DIY,
recipes, weddings, decor, outfits). Long tail: stock-photo descriptions, news and blog images,
product shots, camera filenames and short labels. Text-in-image: the captions that score highest,
because the image shows the caption itself (slide titles, posters, quotes, logos, book covers).
"""

from __future__ import annotations

from precompute.synth.captions.engine import Templates, words

W = words(
    # --- products ---
    gender="Women's |Women's |Men's |Kids' |Unisex |Baby |",
    fit="Relaxed Fit|Slim Fit|Oversized|Classic|Cropped|High Waisted|Vintage|Everyday|Lightweight|Cozy",
    cloth_mat="Linen|Organic Cotton|Merino Wool|Cotton|Cashmere Blend|Denim|Corduroy|Bamboo|Fleece|Silk|Jersey",
    cloth_item="Wrap Midi Dress|Crew Neck T-Shirt|Pullover Hoodie|Button Down Shirt|Cardigan Sweater|Maxi Skirt|"
               "Jogger Pants|Wide Leg Trousers|Bomber Jacket|Tank Top|Pajama Set|Beanie|Crew Socks|Shorts|Romper|"
               "Turtleneck|Puffer Vest|Kimono Robe|Polo Shirt|Leggings",
    colour="Sage Green|Black|Navy|Ivory|Dusty Rose|Mustard|Terracotta|Charcoal|Oatmeal|Forest Green|Burgundy|"
           "Sky Blue|Cream|Olive|Lavender|Rust|White|Heather Grey|Camel|Blush Pink|Cobalt|Sand",
    ship=" | Free Shipping| | | - New Arrival| | Handmade| - Limited Edition| (Size {size})| - Size {size}| ",
    home_adj="Handmade|Minimalist|Rustic|Modern|Boho|Scandinavian|Farmhouse|Vintage Style|Hand Painted|Textured",
    home_mat="Ceramic|Stoneware|Oak|Walnut|Rattan|Linen|Cotton|Marble|Brass|Glass|Soy Wax|Concrete|Jute",
    home_item="Coffee Mug|Throw Pillow Cover|Planter Pot|Wall Art Print|Scented Candle|Table Lamp|Serving Bowl|"
              "Cutting Board|Wall Mirror|Throw Blanket|Vase|Picture Frame|Tea Towel Set|Wall Clock|Storage Basket",
    jewel_mat="Sterling Silver|14k Gold Filled|Rose Gold|Stainless Steel|Brass|Solid Gold|Pearl|Gold Plated",
    jewel_item="Pendant Necklace|Hoop Earrings|Stacking Ring|Charm Bracelet|Stud Earrings|Signet Ring|Anklet|"
               "Chain Necklace|Cuff Bracelet|Initial Necklace",
    jewel_extra=" - Gift for Her| with Birthstone| | | - Personalized| | Dainty Everyday Jewelry",
    acc_item="Leather Tote Bag|Phone Case for iPhone 12|Canvas Backpack|Watch Strap 20mm|Crossbody Bag|Wallet|"
             "Sunglasses|Dog Collar|Yoga Mat|Water Bottle 750ml|Laptop Sleeve 13 inch|Keychain|Bucket Hat",
    print_thing="Botanical|Abstract|Mountain Landscape|Ocean Wave|Line Art|Floral|Mid Century|Nursery|Kitchen",
    brand="Northwood Supply|Lumen & Co|Maple Lane|Harbor Goods|Wild Fern Studio|Oakridge|Little Sparrow|"
          "Saltwater Collective|The Linen Room|Copper Kettle Co",
    # --- slides ---
    topic="Cell Structure and Function|The French Revolution|Linear Equations|Photosynthesis|Supply and Demand|"
          "The Water Cycle|Newton's Laws of Motion|Project Management|Marketing Strategy|Plate Tectonics|"
          "The Cold War|Chemical Bonding|Introduction to Psychology|Data Structures and Algorithms|"
          "Computer Networks|Organic Chemistry|World War I|The Renaissance|Cellular Respiration|"
          "Probability and Statistics|The Digestive System|Financial Accounting|Human Resource Management|"
          "The American Revolution|Ecosystems and Biomes|Atomic Structure|Operating Systems|Quadratic Functions|"
          "Genetics and Heredity|Consumer Behavior|Climate Change|Electric Circuits|Business Ethics|"
          "The Industrial Revolution|Research Methods|Database Design|Poetry Analysis|Nutrition and Health",
    bullet="Define the key terms|Identify the main causes|Explain the process|Compare and contrast|"
           "Summary of findings|Advantages and disadvantages|Key concepts|Review questions|Example problem|"
           "Main characteristics|Steps in the process|Factors affecting|Types of|Objectives of the study",
    person="Dr. Sarah Mitchell|Mr. Johnson|Prof. David Chen|Ms. Garcia|Group 4|Team Alpha|John Smith",
    course="Biology|Chemistry|Physics|Economics|History|Geography|Algebra II|English 101|Nursing|Accounting",
    # --- pins ---
    craft="Wall Art|Home Decor|Mason Jar|Christmas Ornament|Bookshelf|Garden|Storage|Headboard|Wreath|Candle",
    space="Small Apartments|Your Living Room|Kids Rooms|Small Spaces|the Bedroom|Your Backyard|Renters|the Kitchen",
    style="Boho|Farmhouse|Scandinavian|Modern|Rustic|Minimalist|Coastal|Industrial|Vintage|Cottagecore",
    room="Living Room|Bedroom|Kitchen|Bathroom|Nursery|Home Office|Entryway|Patio|Dining Room",
    diet="Healthy|Vegan|Keto|Gluten Free|Easy|One Pot|30 Minute|Slow Cooker|Instant Pot|Low Carb",
    dish="Chicken Alfredo|Banana Bread|Chocolate Chip Cookies|Lasagna|Taco Soup|Overnight Oats|Lemon Cake|"
         "Beef Stew|Pad Thai|Cauliflower Rice|Pumpkin Pie|Avocado Toast|Shrimp Tacos|Cinnamon Rolls|Chili",
    season="Fall|Winter|Spring|Summer|Christmas|Halloween|Easter|Thanksgiving",
    wed="Centerpiece|Bouquet|Cake|Dress|Table Decor|Invitation|Hairstyle|Arch|Favor|Nail",
    hair="Braided|Easy Updo|Curly|Bob|Pixie Cut|Balayage|Half Up|Messy Bun|Beach Wave",
    hairlen="Long|Short|Medium Length|Thin|Thick|Curly",
    tattoo="Minimalist|Flower|Moon|Wave|Butterfly|Script|Mountain|Tiny Heart",
    outfit="Outfits|Outfit Ideas|Looks|Street Style|Capsule Wardrobe",
    quote="Be kind to yourself|Do more of what makes you happy|Stay wild, moon child|She believed she could so "
          "she did|Good things take time|Collect moments, not things|Choose joy|Home is wherever I'm with you",
    # --- long tail ---
    subject="Young woman|Businessman|Happy family|Little girl|Senior couple|Golden retriever|Chef|Doctor|"
            "Group of friends|Tabby cat|Construction worker|Student|Red fox|Barista|Hiker",
    action="working on laptop|smiling at camera|walking in the park|holding a coffee cup|reading a book|"
           "playing with a ball|cooking in the kitchen|standing outdoors|talking on the phone|running on the beach",
    setting="in modern office|at sunset|on white background|in the city|in the forest|at home|in the snow|"
            "isolated on white|on wooden table|in the mountains",
    thing="Fresh vegetables|Coffee beans|Old wooden door|Mountain lake|City skyline|Autumn leaves|Red roses|"
          "Vintage car|Lighthouse|Stack of books|Sourdough bread|Empty road|Ocean waves",
    view="Close-up of|Aerial view of|Top view of|Detail of|Panorama of|Silhouette of",
    official="The mayor|Local residents|Firefighters|Students|The head coach|Volunteers|Protesters|The senator",
    event="a press conference|the opening ceremony|the annual festival|a town hall meeting|the championship game|"
          "a charity run|the school board meeting|the farmers market",
    city="Springfield|Portland|Austin|Leeds|Brisbane|Cork|Halifax|Denver|Bristol|Auckland|Madison",
    month="January|February|March|April|May|June|July|August|September|October|November|December",
    make="Toyota Corolla|Ford Focus|Honda Civic|Volkswagen Golf|BMW 3 Series|Nissan Qashqai|Mazda CX-5",
    label="Logo|Home|About Us|Contact|banner|Shop Now|thumbnail|image|header|Our Team|Gallery|Menu|slider",
    house="3 Bedroom House|2 Bedroom Apartment|Detached Bungalow|Studio Flat|4 Bed Family Home|Townhouse",
)

PRODUCT: Templates = (
    (4.0, "{gender}{fit} {cloth_mat} {cloth_item} - {colour}{ship}"),
    (1.5, "{cloth_mat} {cloth_item} in {colour}{ship}"),
    (2.0, "{home_adj} {home_mat} {home_item} - {colour}"),
    (1.0, "{home_item} | {home_adj} {home_mat} | {brand}"),
    (2.0, "{jewel_mat} {jewel_item}{jewel_extra}"),
    (1.5, "{acc_item} - {colour}"),
    (1.0, "{print_thing} Print, {print_thing} Wall Art, Printable Decor"),
    (0.6, "{brand} {cloth_item} {colour} {size}"),
    (0.05, "Gift Card"),
)
SLIDE: Templates = (
    (3.0, "Chapter {k}: {topic}"),
    (2.0, 'Presentation on theme: "{topic}"— Presentation transcript:'),
    (1.5, "{topic}"),
    (1.5, "Lesson {k}: {topic}"),
    (1.0, "Unit {k} {topic}"),
    (1.5, "{bullet}"),
    (1.0, "\u2022 {bullet} {topic}"),
    (1.0, "Introduction to {topic}"),
    (0.8, "{topic} By {person}"),
    (0.6, "{course} {k}.{k} {topic}"),
    (0.5, "Learning Objectives"),
    (0.4, "Objectives"),
    (0.3, "Outline"),
)
PIN: Templates = (
    (2.0, "{n} Easy DIY {craft} Ideas for {space}"),
    (2.0, "{n} {style} {room} Ideas You'll Love"),
    (2.0, "{diet} {dish} Recipe"),
    (1.0, "The Best {dish} Ever"),
    (1.5, "{n} Cute {season} {outfit} for Women"),
    (1.5, "{style} Wedding {wed} Ideas"),
    (1.0, "{n} {hair} Hairstyles for {hairlen} Hair"),
    (0.8, "{n} Small {tattoo} Tattoo Ideas"),
    (0.8, "{quote}"),
    (0.8, "{room} Makeover on a Budget"),
    (0.6, "{season} {craft} Ideas"),
)
WEB: Templates = (
    (2.5, "{subject} {action} {setting}"),
    (1.5, "{view} {thing}"),
    (1.0, "Stock Photo - {thing} {setting}"),
    (1.5, "{official} at {event} in {city} on {month} {k}, {year}."),
    (1.0, "{house} for Sale in {city}"),
    (0.8, "{year} {make} for sale"),
    (1.0, "{brand} {acc_item}"),
    (1.2, "IMG_{num}{num}"),
    (0.8, "DSC0{num}{k}"),
    (0.4, "{label}"),
    (0.8, "{thing}"),
    (0.6, "My {season} trip to {city}"),
)
TEXTIMG: Templates = (
    (3.0, "Thank You for Your Attention"),
    (1.0, "THANK YOU FOR YOUR ATTENTION"),
    (1.5, "Thank you for listening"),
    (1.5, "Any Questions?"),
    (1.0, "Questions?"),
    (1.0, "Thank You!"),
    (0.8, "The End"),
    (0.8, "Keep Calm and Carry On"),
    (0.8, "Keep Calm and {quote_end}"),
    (0.8, "Home Sweet Home"),
    (0.8, "Happy Birthday {person_first}"),
    (0.7, "Merry Christmas and Happy New Year"),
    (0.7, "Grand Opening"),
    (0.7, "Coming Soon"),
    (0.8, "{quote}"),
    (0.8, "{brand} logo"),
    (0.8, "The {book_noun} of {book_noun2}: A Novel"),
    (0.5, "Chapter {k}: {topic}"),
    (0.5, "Welcome to {city}"),
)
W["quote_end"] = ("Love Cats", "Drink Coffee", "Study On", "Eat Cake", "Read a Book", "Go to the Beach")
W["person_first"] = ("Emma", "Jack", "Mom", "Dad", "Grandma", "Olivia", "Noah")
W["book_noun"] = ("Secret", "Silence", "House", "Garden", "Memory", "Night", "Art", "Lighthouse")
W["book_noun2"] = ("Winter", "Lost Things", "the Sea", "Bees", "Forgetting", "Small Hours", "Wildflowers")

KINDS: dict[str, Templates] = {"product": PRODUCT, "slide": SLIDE, "pin": PIN, "web": WEB, "textimg": TEXTIMG}
