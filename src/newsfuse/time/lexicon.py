"""Words of time: month, weekday, number, unit, season and part-of-day names with their TIMEX3 codes."""
from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Month names as written in running text. Full names must be capitalised ("May" not "may", "March"
# not "march"); abbreviations need their full stop unless a day number follows.
MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
MONTH_ABBR_BARE = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
MONTH = rf"(?:{MONTH_FULL}|{MONTH_ABBR}|{MONTH_ABBR_BARE}(?=\s+\d))"

WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "half": 0.5, "a half": 0.5, "a dozen": 12, "dozen": 12,
}
# Quantities a reader cannot count: "several years" is PXY in TIMEX3.
VAGUE_QUANTITIES = ("several", "a few", "few", "some", "many", "a couple of", "couple of", "recent")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_WORD = (rf"(?:{_TENS}(?:[- ]{_UNITS_WORD})?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
               rf"seventeen|eighteen|nineteen|ten|{_UNITS_WORD}|a dozen|dozen|a|an|half a|a half)")
NUMBER = rf"(?:\d+(?:[.,]\d+)?|{NUMBER_WORD})"
VAGUE = r"(?:several|a few|few|some|many|a couple of|couple of)"

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

# unit word -> (TIMEX3 duration letter, whether it is a time-of-day unit written after "PT")
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
    "centurie": ("CE", False),
}
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON = r"(?:spring|summer|fall|autumn|winter)"

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"

# Fixed-date holidays (month, day); the rest of the calendar's feasts move and are left alone.
HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "new year's eve": (12, 31), "new year's day": (1, 1), "independence day": (7, 4),
    "halloween": (10, 31), "valentine's day": (2, 14), "veterans day": (11, 11),
}
HOLIDAY = r"(?:Christmas Eve|Christmas Day|Christmas|New Year's Eve|New Year's Day|Independence Day|Halloween|Valentine's Day|Veterans Day|Thanksgiving(?: Day)?)"


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]


def number_value(words: str) -> float | None:
    """The number in "two", "twenty-four", "24", "1,000", "half a"; None for vague ones ("several")."""
    text = words.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in ("half a", "a half"):
        return 0.5
    total = 0.0
    for part in re.split(r"[- ]+", text):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total


def unit_of(word: str) -> tuple[str, bool]:
    """The TIMEX3 letter of a unit word in any number: "years" -> ("Y", False)."""
    base = word.lower().rstrip("s")
    if base.endswith("centurie"):
        base = "centurie"
    return UNITS[base]
