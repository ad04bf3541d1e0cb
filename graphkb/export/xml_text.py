"""What the XML formats (GraphML, GEXF) share: values as text, escaping, and a property's type.

Both hold scalars only: a list or a dict (the evidence) is written as JSON text (keys sorted).
A property's type comes from its values: `string`, `long`, `double` or `boolean` (the names
both formats use); ints beside floats make a `double`, anything beside text a `string`.
"""
from __future__ import annotations

import json
import re

_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
# what XML 1.0 cannot hold at all (written as U+FFFD), and what it must escape
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_TEXT, _ESCAPE_ATTRIBUTE = re.compile("[&<>]"), re.compile('[&<>"]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}

Kinds = dict[str, set[type]]  # a property's name -> the types of its values


def xml_type(kinds: set[type]) -> str:
    """The XML format's type of a property whose values are of `kinds` (a list or dict is text)."""
    kinds = {kind if kind in _TYPES else str for kind in kinds}
    if len(kinds) == 1:
        return _TYPES[kinds.pop()]
    return "double" if kinds == {int, float} else "string"


def see_kinds(kinds: Kinds, data: dict) -> None:
    """Add the types of `data`'s values to `kinds`, by property."""
    for key, value in data.items():
        found = kinds.get(key)
        if found is None:
            kinds[key] = {type(value)}
        else:
            found.add(type(value))


def xml_value(value, attribute: bool = False) -> str:
    """A value as XML text, escaped (for an attribute's quotes too)."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if kind is not str:
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return xml_escape(value, attribute)


def xml_escape(text: str, attribute: bool = True) -> str:
    """Text for XML: what XML cannot hold replaced, markup escaped (quotes too, in an attribute)."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    escape = _ESCAPE_ATTRIBUTE if attribute else _ESCAPE_TEXT
    return escape.sub(lambda m: _ESCAPES[m.group()], text) if escape.search(text) else text
