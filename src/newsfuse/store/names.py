"""Entity search folding for the collection: kept importable here, defined in `newsfuse.names`."""
from ..names import FUZZY_FLOOR, FUZZY_MIN_LENGTH, NameIndex, fold_name, fold_words, matching_names

__all__ = ["FUZZY_FLOOR", "FUZZY_MIN_LENGTH", "NameIndex", "fold_name", "fold_words", "matching_names"]
