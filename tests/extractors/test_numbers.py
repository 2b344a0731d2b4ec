"""Tests of the numbers extractor: recognition, qualifiers, vague words, ranges, units, categories,
non-counts and the invariants of every Quantity."""
from __future__ import annotations

import pytest

from analysis.extractors.numbers import Quantity, numbers, parse_number

QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague"}
CATEGORIES = {"killed", "wounded", "deployed", "force_size", "displaced", "arrested", "released",
              "missing", "protesters", "sources", "money", "duration", "other"}


def find(nlp, text: str, phrase: str) -> Quantity:
    """The quantity whose text is ``phrase`` (fails with what was found instead)."""
    found = list(numbers(nlp(text)))
    match = [q for q in found if q.text == phrase]
    assert match, f"{phrase!r} not in {[q.text for q in found]}"
    return match[0]


# text, (phrase, qualifier, value, low, high)
QUALIFIER_CASES = [
    ("About 500 people were killed.", ("About 500", "approx", 500, 450, 550)),
    ("Around 500 people were killed.", ("Around 500", "approx", 500, 450, 550)),
    ("Roughly 500 people were killed.", ("Roughly 500", "approx", 500, 450, 550)),
    ("Approximately 500 people were killed.", ("Approximately 500", "approx", 500, 450, 550)),
    ("The raid killed some 500 people.", ("some 500", "approx", 500, 450, 550)),
    ("The raid killed an estimated 500 people.", ("an estimated 500", "approx", 500, 450, 550)),
    ("The raid killed estimated 500 people.", ("estimated 500", "approx", 500, 450, 550)),
    ("The raid killed circa 500 people.", ("circa 500", "approx", 500, 450, 550)),
    ("Nearly 500 people were killed.", ("Nearly 500", "approx", 500, 450, 500)),
    ("Almost 500 people were killed.", ("Almost 500", "approx", 500, 450, 500)),
    ("The raid killed close to 500 people.", ("close to 500", "approx", 500, 450, 500)),
    ("The raid killed 500 or so people.", ("500 or so", "approx", 500, 450, 550)),
    ("More than 1,600 people were wounded.", ("More than 1,600", "more_than", 1600, 1600, 2400)),
    ("Over 1,600 people were wounded.", ("Over 1,600", "more_than", 1600, 1600, 2400)),
    ("Upwards of 1,600 people were wounded.", ("Upwards of 1,600", "more_than", 1600, 1600, 2400)),
    ("In excess of 1,600 people were wounded.",
     ("In excess of 1,600", "more_than", 1600, 1600, 2400)),
    ("Above 1,600 people were wounded.", ("Above 1,600", "more_than", 1600, 1600, 2400)),
    ("Just over 1,600 people were wounded.", ("Just over 1,600", "more_than", 1600, 1600, 1760)),
    ("Well over 1,600 people were wounded.", ("Well over 1,600", "more_than", 1600, 1600, 3200)),
    ("Well above 1,600 people were wounded.",
     ("Well above 1,600", "more_than", 1600, 1600, 3200)),
    ("At least 12 people died.", ("At least 12", "at_least", 12, 12, 18)),
    ("No fewer than 12 people died.", ("No fewer than 12", "at_least", 12, 12, 18)),
    ("No less than 12 people died.", ("No less than 12", "at_least", 12, 12, 18)),
    ("Not less than 12 people died.", ("Not less than 12", "at_least", 12, 12, 18)),
    ("A minimum of 12 people died.", ("A minimum of 12", "at_least", 12, 12, 18)),
    ("The strike killed 12 or more people.", ("12 or more", "at_least", 12, 12, 18)),
    ("Fewer than 20 people were arrested.", ("Fewer than 20", "less_than", 19, 10, 19)),
    ("Less than 20 people were arrested.", ("Less than 20", "less_than", 19, 10, 19)),
    ("Police arrested under 20 people.", ("under 20", "less_than", 19, 10, 19)),
    ("Police arrested below 20 people.", ("below 20", "less_than", 19, 10, 19)),
    ("Police arrested just under 20 people.", ("just under 20", "less_than", 19, 18, 19)),
    ("Up to 30 soldiers were deployed.", ("Up to 30", "at_most", 30, 15, 30)),
    ("As many as 30 soldiers were deployed.", ("As many as 30", "at_most", 30, 15, 30)),
    ("No more than 30 soldiers were deployed.", ("No more than 30", "at_most", 30, 15, 30)),
    ("Not more than 30 soldiers were deployed.", ("Not more than 30", "at_most", 30, 15, 30)),
    ("A maximum of 30 soldiers were deployed.", ("A maximum of 30", "at_most", 30, 15, 30)),
    ("At most 30 soldiers were deployed.", ("At most 30", "at_most", 30, 15, 30)),
    ("The army deployed 30 or fewer soldiers.", ("30 or fewer", "at_most", 30, 15, 30)),
    ("The army deployed 30 or less soldiers.", ("30 or less", "at_most", 30, 15, 30)),
    ("The army deployed 30 soldiers.", ("30", "exact", 30, 30, 30)),
    ("More than a dozen people were detained.", ("More than a dozen", "more_than", 12, 12, 18)),
    ("About $2.5 million was sent.", ("About $2.5 million", "approx", 2.5e6, 2.25e6, 2.75e6)),
    ("More than 20% of the city was damaged.", ("More than 20%", "more_than", 20, 20, 30)),
    ("Turnout rose 16.25 percent.", ("16.25 percent", "exact", 16.25, 16.25, 16.25)),
    ("The siege lasted more than three days.", ("more than three", "more_than", 3, 3, 5)),
    ("There were zero casualties.", ("zero", "exact", 0, 0, 0)),
]

# "over" before a duration is the preposition ("during"), not more_than: text, (phrase, value)
DURATION_PREPOSITION_CASES = [
    ("The shelling continued over three days.", ("three", 3)),
    ("The rotation would cost 45 million pounds over six months.", ("six", 6)),
    ("Over 300 people fled over two days.", ("two", 2)),
]

VAGUE_CASES = [
    ("A dozen soldiers were killed.", ("A dozen", "exact", 12, 12, 12)),
    ("A couple of soldiers were killed.", ("A couple", "vague", 2, 2, 3)),
    ("A few soldiers were killed.", ("A few", "vague", 3, 2, 5)),
    ("A handful of soldiers were killed.", ("A handful", "vague", 4, 2, 6)),
    ("Several soldiers were killed.", ("Several", "vague", 5, 3, 9)),
    ("Dozens of soldiers were killed.", ("Dozens", "vague", 36, 24, 99)),
    ("Scores of soldiers were killed.", ("Scores", "vague", 60, 40, 199)),
    ("Hundreds of soldiers were killed.", ("Hundreds", "vague", 300, 200, 999)),
    ("Thousands of soldiers were killed.", ("Thousands", "vague", 3000, 2000, 9999)),
    ("Tens of thousands of people fled.", ("Tens of thousands", "vague", 30000, 20000, 99999)),
    ("Hundreds of thousands of people fled.",
     ("Hundreds of thousands", "vague", 300000, 200000, 999999)),
    ("Millions of people fled.", ("Millions", "vague", 3e6, 2e6, 9999999)),
    ("Tens of millions of people fled.", ("Tens of millions", "vague", 3e7, 2e7, 99999999)),
    ("Hundreds of millions of dollars were lost.",
     ("Hundreds of millions", "vague", 3e8, 2e8, 999999999)),
    ("Billions of dollars were lost.", ("Billions", "vague", 3e9, 2e9, 9999999999)),
    ("Several thousand troops arrived.", ("Several thousand", "vague", 5000, 3000, 9000)),
    ("A few hundred protesters gathered.", ("A few hundred", "vague", 300, 200, 500)),
    ("A few dozen protesters gathered.", ("A few dozen", "vague", 36, 24, 60)),
    ("Officials said the tens of thousands who marched were peaceful.",
     ("tens of thousands", "vague", 30000, 20000, 99999)),
]

RANGE_CASES = [
    ("Between 20 and 30 people were hurt.", ("Between 20 and 30", 25, 20, 30)),
    ("The blast hurt 20 to 30 people.", ("20 to 30", 25, 20, 30)),
    ("The blast hurt 20-30 people.", ("20-30", 25, 20, 30)),
    ("The blast hurt 20\u201330 people.", ("20\u201330", 25, 20, 30)),
    ("The blast hurt two or three people.", ("two or three", 2.5, 2, 3)),
    ("The war displaced two to three million people.", ("two to three million", 2.5e6, 2e6, 3e6)),
    ("The deal is worth $1-2 billion.", ("$1-2 billion", 1.5e9, 1e9, 2e9)),
    ("Some 20 to 30 people were hurt.", ("Some 20 to 30", 25, 20, 30)),
]

PARSE_CASES = [
    ("1,600", 1600.0), ("40,000", 40000.0), ("2.5 million", 2.5e6), ("1,234,567", 1234567.0),
    ("0.5", 0.5), ("12", 12.0), ("1.2bn", 1.2e9), ("40m", 4e7), ("$2.5 million", 2.5e6),
    ("three", 3.0), ("twelve", 12.0), ("forty", 40.0), ("twenty-five", 25.0),
    ("twenty five", 25.0), ("a dozen", 12.0), ("two dozen", 24.0), ("a hundred", 100.0),
    ("forty thousand", 40000.0), ("two and a half million", 2.5e6), ("half a million", 5e5),
    ("one and a half", 1.5), ("one hundred and five", 105.0), ("a million", 1e6),
    ("two thousand five hundred", 2500.0), ("one hundred and twenty-five thousand", 125000.0),
    ("zero", 0.0), ("One Hundred", 100.0), ("$10B", 1e10), ("2tn", 2e12),
    ("two thirds", 2 / 3), ("one-third", 1 / 3), ("three quarters", 0.75), ("one half", 0.5),
    ("three halves", 1.5), ("hundred and five", 105.0), ("hundred and five hundred", None),
    ("five hundred hundred", None), ("a third", None), ("two thirds of", None),
    ("", None), ("a", None), ("and", None), ("dozens", None), ("hundreds", None),
    ("third", None), ("3rd", None), ("F-16", None), ("20 30", None), ("20-30", None),
    ("20 and 30", None), ("five twenty", None), ("twenty twelve", None), ("1,60", None),
    ("people", None), ("40 m", None),
]

ELIDED_CASES = [
    ("The strikes hit the city on Tuesday, killing about 500 people and wounding more than 1,600.",
     ("more than 1,600", "people", "wounded")),
    ("The militants killed 12 soldiers and wounded 30.", ("30", "soldier", "wounded")),
    ("Police detained 40 protesters and released 12.", ("12", "protester", "released")),
    # "others" is no counted noun: it takes the noun of the parallel number
    ("Fourteen soldiers were killed and about 20 others wounded.",
     ("about 20", "soldier", "wounded")),
    ("Air strikes killed six people, including two members of the group, and wounded at least "
     "11 others.", ("at least 11", "people", "wounded")),   # the clause's own object, not 'two'
    ("Doctors treated 45 and 50 patients.", ("45", "patient", "other")),   # coordinated numbers
    ("Doctors treated 45 and 50 patients.", ("50", "patient", "other")),
]

UNIT_CASES = [
    ("Dozens of U.S. troops were sent to the base.", ("Dozens", "troop")),
    ("Tens of thousands of protesters marched.", ("Tens of thousands", "protester")),
    ("About 500 people were killed.", ("About 500", "people")),
    ("Three defense officials said so.", ("Three", "official")),
    ("Hundreds of the refugees crossed.", ("Hundreds", "refugee")),
    ("The fire destroyed 30 armoured vehicles.", ("30", "vehicle")),
    ("The state paid $2.5 million.", ("$2.5 million", "dollar")),
    ("The state paid 3 million euros.", ("3 million", "euro")),
    ("The strikes killed 500 Palestinians.", ("500", "palestinian")),
    ("Prices rose 20 percent.", ("20 percent", "percent")),
    ("Prices rose 20 per cent.", ("20 per cent", "percent")),
    ("The drones flew from about 60 kilometres away.", ("about 60", "kilometre")),
    ("Two-thirds of the population fled.", ("Two-thirds", "fraction")),
    ("One half of the town was flooded.", ("One half", "fraction")),
    ("Three quarters of the residents fled.", ("Three quarters", "fraction")),
    ("The blackout lasted about one-half hour.", ("about one-half", "hour")),
]

# text, (phrase, category)
CATEGORY_CASES = [
    ("The strikes killed 40 civilians.", ("40", "killed")),
    ("12 people were killed in the attack.", ("12", "killed")),
    ("Seven soldiers died on the road.", ("Seven", "killed")),
    ("The death toll rose to 40.", ("40", "killed")),
    ("Medics counted 40 dead.", ("40", "killed")),
    ("The number of dead rose to 40.", ("40", "killed")),
    ("On Monday 12 soldiers were killed.", ("12", "killed")),
    ("On 3 March 40 people died in the attack.", ("40", "killed")),
    ("In 2023 300 people were displaced.", ("300", "displaced")),
    ("Three gunmen killed two policemen.", ("Three", "other")),
    ("Three gunmen killed two policemen.", ("two", "killed")),
    ("Four masked men kidnapped the mayor.", ("Four", "other")),
    ("More than 1,600 families had fled their homes.", ("More than 1,600", "displaced")),
    ("The blast left 12 people dead.", ("12", "killed")),
    ("The bombing caused 40 deaths.", ("40", "killed")),
    ("Eight people were wounded.", ("Eight", "wounded")),
    ("The shelling injured 15 children.", ("15", "wounded")),
    ("Twelve wounded soldiers were evacuated by air.", ("Twelve", "wounded")),
    ("Washington will send 1,500 troops to the region.", ("1,500", "deployed")),
    ("The Pentagon deployed 2,000 marines.", ("2,000", "deployed")),
    ("About 2,500 soldiers are stationed in the country.", ("About 2,500", "deployed")),
    ("A force of 5,000 was assembled.", ("5,000", "force_size")),
    ("A 5,000-strong force crossed the river.", ("5,000", "force_size")),
    ("The country has 40,000 troops.", ("40,000", "force_size")),
    ("The group has an army of 10,000 fighters.", ("10,000", "force_size")),
    ("Some 300,000 people fled the fighting.", ("Some 300,000", "displaced")),
    ("The floods displaced 20,000 families.", ("20,000", "displaced")),
    ("Police forced 2,000 people to flee their homes.", ("2,000", "displaced")),
    ("The camp shelters 8,000 refugees.", ("8,000", "displaced")),
    ("Police detained 300 people.", ("300", "arrested")),
    ("Forty activists were arrested.", ("Forty", "arrested")),
    ("Twelve people were missing after the storm.", ("Twelve", "missing")),
    ("Five aid workers were reported missing.", ("Five", "missing")),
    ("Gunmen abducted 20 students.", ("20", "missing")),
    ("About 10,000 protesters gathered in the square.", ("About 10,000", "protesters")),
    ("Thousands of people protested in the capital.", ("Thousands", "protesters")),
    ("A rally of 10,000 people blocked the road.", ("10,000", "protesters")),
    ("Three defense officials said the talks failed.", ("Three", "sources")),
    ("According to two diplomats, the talks failed.", ("two", "sources")),
    ("The bank lent $2.5 million to the firm.", ("$2.5 million", "money")),
    ("The fund holds 3 million euros.", ("3 million", "money")),
    ("The ministry paid \u00a340m to the contractor.", ("\u00a340m", "money")),
    ("The siege lasted three days.", ("three", "duration")),
    ("Fighting continued for 72 hours.", ("72", "duration")),
    ("Soldiers were killed in three days of fighting.", ("three", "duration")),
    ("The fire destroyed 30 armoured vehicles.", ("30", "other")),
    ("Turnout was 20 percent.", ("20 percent", "other")),
    ("Police arrested him after 3 residents complained.", ("3", "other")),
    # a number inside "killed in ..." is not the killed count
    ("Twelve people were killed in 3 attacks.", ("3", "other")),
    ("Attackers killed 12 in 3 raids.", ("3", "other")),
    ("Five people were killed in 3 separate incidents.", ("3", "other")),
    ("Five people were killed in 3 separate incidents.", ("Five", "killed")),
    # a state word as the "of" noun, the verb's object when the number is its "to"
    ("Doctors said at least a dozen of the wounded were in critical condition.",
     ("at least a dozen", "wounded")),
    ("The strikes raised the death toll to 52.", ("52", "killed")),
    ("The deployment brings the army's strength to nearly 10,000.",
     ("nearly 10,000", "force_size")),
    ("Roughly 90 others were wounded.", ("Roughly 90", "wounded")),
    # measures and shares keep "other" whatever the verb
    ("Rebel forces advanced 20 miles.", ("20", "other")),
    ("The drones flew from about 60 kilometres away.", ("about 60", "other")),
    ("Two-thirds of the population fled.", ("Two-thirds", "other")),
    # people released are not arrested, nor a force
    ("The government will release roughly 170 fighters.", ("roughly 170", "released")),
    ("The rebels freed 37 hostages.", ("37", "released")),
    ("According to two people who attended, the talks failed.", ("two", "sources")),
    ("Were 40 people killed in the raid?", ("40", "killed")),   # a capitalised verb is no name
    # parsed as a conjunct of "called": the first clause's subject ("Army officers") is not its
    ("Army officers called on students to join local units, and some 250 volunteers registered "
     "at a school on Monday.", ("some 250", "other")),
    ("The shelling continued over three days.", ("three", "duration")),
]

# text, the numbers' texts: lists of numbers and fractions that are counts (or shares)
FOUND_CASES = [
    ("The ranking was one, two and three.", ["one", "two", "three"]),
    ("Is three halves a fraction?", ["three halves"]),
    ("The company reported a $10B loss.", ["$10B"]),
    ("Doctors treated 45 and 50 patients.", ["45", "50"]),
]

NON_COUNT_CASES = [
    "The ceasefire began on March 3.",
    "The ceasefire began on 3 March.",
    "In 2024 the war continued.",
    "The talks resumed in 2023 and ended in 2024.",
    "The meeting starts at 8 a.m. sharp.",
    "The convoy left at 0800 GMT.",
    "The third convoy arrived late.",
    "The 3rd Brigade moved north.",
    "An F-16 crashed near the base.",
    "Resolution 2334 was adopted by the council.",
    "The council cited Resolution 1701.",
    "A Boeing 737 landed safely.",
    "The G7 met in Italy.",
    "COVID-19 spread quickly.",
    "One of the soldiers refused.",
    "No one answered the phone.",
    "The one that came was late.",
    "Call 555-1234 for help.",
    "Call +44 20 7946 0958 for help.",
    "Dial 202 555 0100 today.",
    "He lives at 10 Downing Street.",
    "The office is at 1600 Pennsylvania Avenue.",
    "The patrol used Route 66.",
    "Article 5 was invoked.",
    "His badge is No. 4512.",
    "The team won 3-1 at home.",
    "The war of 2014-2016 ended.",
    "Half of the city was dark.",
    "A third convoy arrived.",
    "A third of the city was dark.",
    "The policy of zero tolerance failed.",
    "Rescuers reached ground zero.",
    "The convoy was attacked at 2230.",                 # clock times after at, until, ...
    "The bomb exploded at approximately 2315 last night.",
    "Lima, 14 Oct 89 (Radio Nacional) --",              # datelines, months without a period
    "The court cited articles 212 and 213 of the code.",    # IDs, also after "and"
    "The car carried license plates 4411 and 4412.",
    "The incidents were as follows:\n1. Troops attacked a post.\n2. A patrol was ambushed.",
    "One of the guards, that is, one of the drivers, escaped.",
]

# text, phrase: a bare number does not take the noun of a later number of another clause
UNBORROWED_CASES = [
    ("Reports mention 8 killed, 9 injured, and 30 houses burned.", "8"),
    ("Reports mention 8 killed, 9 injured, and 30 houses burned.", "9"),
]

ROBUSTNESS_TEXTS = [
    "", "   ", "$", "%", "- - -", "1-", "between and", "a a a dozen dozen", "one one one",
    "9" * 60, "1,,000 2..5", "\u2013\u2013", "Call 555-", "and a half", "$ 5", "per cent",
    "tens of", "the the the", "🙂 5 🙂", "MORE THAN 5,000 TROOPS", "more than", "or more",
    "between 30 and 20 people", "from 5 to 5 people", "12\n\n13 people",
]

ALL_TEXTS = sorted({t for cases in (QUALIFIER_CASES, VAGUE_CASES, RANGE_CASES, ELIDED_CASES,
                                    UNIT_CASES, CATEGORY_CASES, DURATION_PREPOSITION_CASES,
                                    FOUND_CASES, UNBORROWED_CASES) for t, _ in cases}
                   | set(NON_COUNT_CASES) | set(ROBUSTNESS_TEXTS))


@pytest.mark.parametrize("text, expected", PARSE_CASES)
def test_numbers_parse_number(text, expected):
    assert parse_number(text) == (expected if expected is None else pytest.approx(expected))


@pytest.mark.parametrize("text, expected", QUALIFIER_CASES)
def test_numbers_qualifier_conventions(nlp, text, expected):
    phrase, qualifier, value, low, high = expected
    q = find(nlp, text, phrase)
    assert (q.qualifier, q.value, q.low, q.high) == (qualifier, value, low, high)


@pytest.mark.parametrize("text, expected", DURATION_PREPOSITION_CASES)
def test_numbers_over_a_duration_is_a_preposition(nlp, text, expected):
    phrase, value = expected
    q = find(nlp, text, phrase)
    assert (q.qualifier, q.value, q.low, q.high, q.category) == (
        "exact", value, value, value, "duration")


@pytest.mark.parametrize("text, expected", FOUND_CASES)
def test_numbers_found(nlp, text, expected):
    assert [q.text for q in numbers(nlp(text))] == expected


@pytest.mark.parametrize("text, expected", VAGUE_CASES)
def test_numbers_vague_quantities(nlp, text, expected):
    phrase, qualifier, value, low, high = expected
    q = find(nlp, text, phrase)
    assert (q.qualifier, q.value, q.low, q.high) == (qualifier, value, low, high)


@pytest.mark.parametrize("text, expected", RANGE_CASES)
def test_numbers_range_forms(nlp, text, expected):
    phrase, value, low, high = expected
    q = find(nlp, text, phrase)
    assert (q.qualifier, q.value, q.low, q.high) == ("range", value, low, high)
    assert len(list(numbers(nlp(text)))) == 1


@pytest.mark.parametrize("text, expected", ELIDED_CASES)
def test_numbers_elided_unit_from_parallel_number(nlp, text, expected):
    phrase, unit, category = expected
    q = find(nlp, text, phrase)
    assert (q.unit, q.category) == (unit, category)
    assert nlp(text)[q.unit_i].lemma_.lower() in (unit, "people")


@pytest.mark.parametrize("text, phrase", UNBORROWED_CASES)
def test_numbers_no_unit_from_a_later_clause(nlp, text, phrase):
    assert find(nlp, text, phrase).unit is None


@pytest.mark.parametrize("text, expected", UNIT_CASES)
def test_numbers_unit_of_counted_noun(nlp, text, expected):
    phrase, unit = expected
    q = find(nlp, text, phrase)
    assert q.unit == unit
    assert q.unit_i is not None


@pytest.mark.parametrize("text, expected", CATEGORY_CASES)
def test_numbers_category_from_governor(nlp, text, expected):
    phrase, category = expected
    assert find(nlp, text, phrase).category == category


@pytest.mark.parametrize("text", NON_COUNT_CASES)
def test_numbers_non_counts_yield_nothing(nlp, text):
    assert [q.text for q in numbers(nlp(text))] == []


def test_numbers_governor_and_token_indices(nlp):
    doc = nlp("The strikes killed about 500 people and wounded more than 1,600.")
    first, second = numbers(doc)
    assert doc[first.token_i].text == "500" and doc[first.unit_i].text == "people"
    assert doc[first.governor_i].text == "killed" and doc[second.governor_i].text == "wounded"
    assert doc[second.token_i].text == "1,600"


def test_numbers_sources_unit_and_governor(nlp):
    doc = nlp("Three defense officials said the strike killed 12 people.")
    sources, killed = numbers(doc)
    assert (sources.unit, sources.category, doc[sources.governor_i].lemma_) == (
        "official", "sources", "say")
    assert (killed.unit, killed.category) == ("people", "killed")


def test_numbers_several_quantities_in_text_order(nlp):
    text = ("On May 3, 2024, about 500 people were killed, dozens of U.S. troops were sent "
            "and $2.5 million was pledged for 30 days.")
    assert [q.text for q in numbers(nlp(text))] == [
        "about 500", "dozens", "$2.5 million", "30"]


def test_numbers_doc_without_parse_does_not_raise():
    import spacy

    doc = spacy.blank("en")("About 500 people and dozens of troops.")
    found = list(numbers(doc))
    assert [q.text for q in found] == ["About 500", "dozens"]
    assert all(q.category == "other" for q in found)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_numbers_invariants(nlp, text):
    doc = nlp(text)
    found = list(numbers(doc))
    for q in found:
        assert doc.text[q.start:q.end] == q.text
        assert q.low <= q.value <= q.high
        assert q.qualifier in QUALIFIERS and q.category in CATEGORIES
        assert q.text == q.text.strip() and q.text
        assert 0 <= q.token_i < len(doc)
        assert all(i is None or 0 <= i < len(doc) for i in (q.unit_i, q.governor_i))
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
