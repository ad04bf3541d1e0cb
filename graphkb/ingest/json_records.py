"""JSON: an array of paper records, an object holding one, or a single record.

A `.json` file that is really JSON Lines is read as such.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..records import PaperRecord
from . import jsonl
from .registry import Format, ReportError, register
from .shapes import JSON_DECODER, JSON_ERRORS, json_error_reason, parse_json, record_from_mapping

_LIST_KEYS = ("papers", "records", "items", "data", "results")
_decoder = JSON_DECODER


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _array_items(text: str, start: int) -> Iterator[tuple[int, object]]:
    """Items of the JSON array opening at text[start] with the line each starts on."""
    pos = start + 1
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n":
            pos += 1
        if pos < n and text[pos] == "]":
            return
        item, end = _decoder.raw_decode(text, pos)
        yield _line_at(text, pos), item
        pos = end
        while pos < n and text[pos] in " \t\r\n":
            pos += 1
        if pos < n and text[pos] == ",":
            pos += 1
        elif pos < n and text[pos] == "]":
            return
        else:
            raise json.JSONDecodeError("expected ',' or ']' after an array item", text, pos)


def read(text: str, path: str, report: ReportError) -> Iterator[PaperRecord]:
    try:
        data = parse_json(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" and jsonl.sniff(text):
            yield from jsonl.read(text, path, report)
            return
        raise InputError(path, e.lineno, json_error_reason(e)) from None
    except JSON_ERRORS as e:
        raise InputError(path, None, json_error_reason(e)) from None
    start = len(text) - len(text.lstrip())
    if isinstance(data, dict):
        key = next((k for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if key is None:
            items = [(_line_at(text, start), data)]
        else:  # re-scan to learn the line of each record inside data[key]
            key_pos = text.find(f'"{key}"')
            try:
                items = list(_array_items(text, text.index("[", key_pos)))
                if len(items) != len(data[key]):
                    raise ValueError("array found is not the one under the key")
            except ValueError:  # JSONDecodeError is a ValueError
                items = [(_line_at(text, max(key_pos, 0)), obj) for obj in data[key]]
    elif isinstance(data, list):
        items = _array_items(text, start)
    else:
        raise InputError(path, 1, f"expected a list of paper records, got {type(data).__name__}")
    for line, obj in items:
        try:
            yield record_from_mapping(obj, path, line)
        except InputError as e:
            report(e)


def sniff(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")


FORMAT = register(Format("json", (".json",), read, sniff,
                         "JSON array of paper objects (or {\"papers\": [...]})"))
