"""Texts for the synthetic speech: generated English sentences, pseudo-words any Latin-script voice can
read, a few sentences per other language, and HELD-OUT sentences that training never speaks.

Everything here was written for this project; nothing is taken from a corpus.
"""

from __future__ import annotations

import random
from typing import List

SUBJECTS = """the old man|my sister|a small dog|the teacher|our neighbour|the pilot|every student|the baker|
a tired worker|the young girl|my father|the mayor|a clever fox|the doctor|nobody|the farmer|his brother|
the captain|a quiet boy|the woman next door|the driver|my best friend|the musician|a grey cat|the police|
the committee|her mother|the children|a stranger|the chef""".replace("\n", "").split("|")

VERBS = """bought|painted|opened|carried|found|watched|cooked|moved|cleaned|built|wanted|borrowed|forgot|
remembered|pushed|pulled|fixed|broke|measured|followed|described|visited|answered|covered|lifted|dropped|
kept|sold|showed|mentioned|loved|hated|needed|checked|folded|shared|washed|changed|ordered|packed""".replace(
    "\n", "").split("|")

OBJECTS = """a blue umbrella|the heavy box|three apples|the wooden door|a map of the city|the broken window|
some warm bread|a pair of boots|the yellow balloon|an empty bottle|the morning paper|a big orange|
the garden gate|a bowl of soup|the old piano|my phone|a bunch of flowers|the purple coat|a cup of tea|
the whole pizza|a bag of rice|the summer house|a long rope|the white boat|two tickets|a new computer|
the football|a jar of honey|the photographs|an apple pie""".replace("\n", "").split("|")

PLACES = """in the morning|after lunch|near the river|at the market|before dinner|on Monday|in the park|
by the harbour|under the bridge|at midnight|during the storm|behind the school|in August|at the station|
on the beach|upstairs|outside|every weekend|in Paris|at the zoo""".replace("\n", "").split("|")

ADVERBS = """quickly|slowly|happily|carefully|quietly|again|almost|proudly|suddenly|boldly|gently|badly""".split("|")

QUESTIONS = """why did|how often did|when did|where did|who saw that""".split("|")

EXCLAMATIONS = """oh no|wow|well|okay|hey|really|yes|look|listen|please|thank you|good morning|hello|bye""".split("|")

ONSETS = "b p m f v t d n s z l r k g h w j sh ch th bl pr st tr kr fl sm sp gr pl br dr".split()
NUCLEI = "a e i o u a ai au ou ee oo ia ea".split()
CODAS = ["", "", "", "n", "m", "s", "t", "k", "l", "r", "p", "st", "nd", "ng"]

OTHER_LANGUAGES = {
    "de": ["Guten Morgen, wie geht es dir heute?", "Ich habe gestern ein neues Fahrrad gekauft.",
           "Das Wetter ist schön, wir gehen in den Park.", "Kannst du mir bitte das Salz geben?",
           "Meine Mutter kocht jeden Sonntag eine große Suppe.", "Der Zug fährt um halb neun ab."],
    "fr": ["Bonjour, je voudrais un croissant et un café.", "Nous allons à la plage demain matin.",
           "Mon frère habite dans une petite maison bleue.", "Il fait très beau aujourd'hui.",
           "Pourquoi est-ce que tu ris comme ça?", "La bibliothèque ferme à six heures."],
    "es": ["Buenos días, ¿cómo estás?", "Mañana vamos a comer paella con mis abuelos.",
           "El perro duerme debajo de la mesa.", "Me gusta mucho bailar los sábados.",
           "¿Dónde está la estación de autobuses?", "Compramos pan, queso y tomates."],
    "it": ["Buongiorno, vorrei un cappuccino per favore.", "La pizza di mia nonna è la migliore.",
           "Domani andiamo al mare con gli amici.", "Il gatto mangia il pesce sul balcone."],
    "pt": ["Bom dia, tudo bem com você?", "O menino comprou um livro azul.",
           "Vamos passear no parque amanhã de manhã.", "A comida está muito boa hoje."],
    "pl": ["Dzień dobry, jak się masz?", "Mój brat mieszka w małym domu.", "Jutro pojedziemy nad morze."],
    "cs": ["Dobrý den, jak se máte?", "Včera jsem koupil nové kolo.", "Pes spí pod stolem."],
    "fi": ["Hyvää huomenta, mitä kuuluu?", "Menemme huomenna uimaan järvelle."],
    "hu": ["Jó reggelt, hogy vagy?", "A macska az ablakban alszik."],
    "ro": ["Bună dimineața, ce mai faci?", "Mâine mergem la munte cu prietenii."],
    "tr": ["Günaydın, nasılsın?", "Yarın denize gideceğiz."],
    "id": ["Selamat pagi, apa kabar?", "Saya suka makan nasi goreng."],
    "sw": ["Habari za asubuhi, rafiki yangu.", "Tunakwenda sokoni kesho asubuhi."],
}

# Spoken in evaluation and tests only; none of these words sequences is produced by the generators above.
HELD_OUT = [
    "Seven bright penguins marched across the frozen lake at dawn.",
    "Could you possibly remember where I parked the car yesterday?",
    "My uncle plays the banjo while everybody dances around the fire.",
    "Please bring me a large map, two pencils and a rubber.",
    "The astronaut waved at the camera and smiled before the launch.",
    "Amazing! I honestly never expected so many people to come.",
    "We owe you a huge apology for the awful mess in the lobby.",
    "Bob, Pam and Mimi maybe made blueberry muffins.",
    "Oh, how about a walk along the harbour when the rain stops?",
    "Listen carefully: the password is purple elephant ninety nine.",
    "A whale swam beneath our tiny boat, then vanished again.",
    "I am absolutely sure the museum opens at half past ten.",
]


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)
                   for _ in range(rng.randint(1, 3)))


def pseudo_sentence(rng: random.Random) -> str:
    words = [pseudo_word(rng) for _ in range(rng.randint(3, 9))]
    text = ""
    for index, word in enumerate(words):
        text += word
        if index + 1 < len(words):
            text += rng.choice([" ", " ", " ", " ", ", "])
    return text.capitalize() + rng.choice([".", ".", "?", "!"])


def english_sentence(rng: random.Random) -> str:
    kind = rng.random()
    s, v, o, p = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(PLACES)
    if kind < 0.45:
        text = f"{s} {v} {o} {p}."
    elif kind < 0.6:
        text = f"{s} {rng.choice(ADVERBS)} {v} {o}, and then {rng.choice(SUBJECTS)} {rng.choice(VERBS)} it."
    elif kind < 0.75:
        q = rng.choice(QUESTIONS)
        text = f"{q} {s} {v} {o} {p}?" if q != "who saw that" else f"who saw that {s} {v} {o}?"
        text = text.replace("did " + s + " " + v, "did " + s + " " + v)
    elif kind < 0.88:
        text = f"{rng.choice(EXCLAMATIONS)}! {s} {v} {o}."
    else:
        text = f"{s} {v} {o}, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
    return text[0].upper() + text[1:]


def training_text(rng: random.Random, language: str) -> str:
    """One training utterance for a voice of ``language`` (English text, pseudo-words or native)."""
    r = rng.random()
    native = OTHER_LANGUAGES.get(language.split("-")[0])
    if native and r < 0.45:
        return " ".join(rng.sample(native, k=min(len(native), rng.randint(1, 2))))
    if language.startswith("en") and r < 0.75 or r < 0.35:
        return " ".join(english_sentence(rng) for _ in range(rng.randint(1, 2)))
    return " ".join(pseudo_sentence(rng) for _ in range(rng.randint(1, 2)))


def held_out_texts() -> List[str]:
    return list(HELD_OUT)
