"""Hostile inputs shared by the robustness tests and the benchmarks: texts that make a naive
regex quadratic, and values of every JSON type for every record field."""
from __future__ import annotations

# Repeated, these units made one regex or another rescan the rest of the text from every
# position (quadratic time): "A." in candidates' title-case runs, "``" in the TeX quotes,
# "A (B) " in acronym definitions. The others are their neighbours (same characters, other
# spacing) and the shapes every pattern on text meets: brackets, dollars, braces, backslashes.
PATHOLOGICAL_UNITS = {
    "A.": "A.",
    "A. ": "A. ",
    "``": "``",
    "A (B) ": "A (B) ",
    "(A": "(A",
    "Foo Bar ": "Foo Bar ",
    "$x": "$x",
    "{a": "{a",
    "\\x{": "\\x{",
    "GRPO-": "GRPO-",
    "called A ": "called A ",
    "https://a": "https://a",
    "x": "x",
}


def pathological_text(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


# One value of each JSON type (and the odd ones a parser hands back) for any record field.
JSON_VALUES = {
    "null": None,
    "true": True,
    "false": False,
    "int": 5,
    "float": 2401.01234,
    "negative": -1,
    "huge int": 10 ** 400,
    "empty string": "",
    "string": "x",
    "lone surrogate": "\ud800",
    "empty list": [],
    "list of int": [5],
    "list of null": [None],
    "list of objects": [{"name": 5}],
    "nested list": [[["a"]]],
    "empty object": {},
    "object": {"name": "x"},
}
