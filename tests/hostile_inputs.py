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


# --- a seeded fuzzer: the same inputs on every run, for the fuzz test and benchmarks/fuzz_inputs.py

RECORD_FIELDS = ("id", "title", "abstract", "summary", "authors", "authors_parsed", "date", "published",
                 "publishedAt", "update_date", "year", "url", "categories", "arxiv_id", "versions", "paper")
HF_FIELDS = ("id", "title", "summary", "authors", "publishedAt")
# characters that mean something to one reader or another
_STRUCTURAL = ['"', "'", ",", "\t", "\n", "\r", "{", "}", "[", "]", ":", "\\", "\u2028", "\u0085", "\x00",
               "\ufeff", "``", "$", "(", ")", "A.", "\ud800", "é", "深",
               # and as JSON writes them: an escaped lone surrogate, a number or a value in place
               "\\ud800", "5", "9" * 5000, "[" * 100_000, "true", "null", '{"name": 5}', "2401.01234"]


def base_records(n: int = 4) -> list[dict]:
    return [{"id": f"p{i}", "title": f"Paper Number {i} About Topic {i}",
             "abstract": f"We propose Method{i}, evaluated on Bench{i}. "
                         "Group Relative Policy Optimization (GRPO) helps.",
             "authors": [f"Author {i}"], "date": "2025-07-31"} for i in range(n)]


def field_cases() -> list[tuple[str, str, object]]:
    """(shape, field, value): every JSON value of JSON_VALUES in every field of both record shapes."""
    return ([("generic", f, v) for f in RECORD_FIELDS for v in JSON_VALUES.values()]
            + [("hf", f, v) for f in HF_FIELDS for v in JSON_VALUES.values()])


def record_with(shape: str, field: str, value) -> dict:
    if shape == "hf":
        paper = {"id": "2401.00001", "title": "A Paper", "summary": "We use GRPO."}
        paper[field] = value
        return {"paper": paper}
    return {**base_records(1)[0], field: value}


def _format_files(records: list[dict]) -> dict[str, str]:
    """The same records in every input format."""
    import csv
    import io
    import json
    files = {"r.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
             "r.json": json.dumps({"papers": records}, ensure_ascii=False, indent=1)}
    for name, delimiter in (("r.csv", ","), ("r.tsv", "\t")):
        out = io.StringIO()
        w = csv.writer(out, delimiter=delimiter)
        w.writerow(["id", "title", "abstract", "authors", "date"])
        for r in records:
            w.writerow([r["id"], r["title"], r["abstract"], "; ".join(r["authors"]), r["date"]])
        files[name] = out.getvalue()
    files["r.txt"] = "new\n\nSubscribe\n\nJul 31\n\n" + "".join(
        f"{r['title']}\n\n{r['abstract']} " + "More words in this abstract. " * 8 + "\n\n" for r in records)
    return files


def mutate(text: str, rng) -> str:
    """One to three edits of the kinds that break readers: a character inserted, a span deleted,
    a line duplicated or dropped, the text truncated."""
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(5)
        pos = rng.randrange(len(text) + 1)
        if op == 0:
            unit = rng.choice(_STRUCTURAL)
            text = text[:pos] + unit * (rng.choice((1, 1, 2, 50)) if len(unit) < 100 else 1) + text[pos:]
        elif op == 1:
            text = text[:pos] + text[pos + rng.randint(1, 40):]
        elif op in (2, 3):
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines[i:i + 1] = [lines[i]] * 2 if op == 2 else []
            text = "\n".join(lines)
        else:
            text = text[:max(1, pos)]
    return text


# JSON values no json.dumps writes: a 5,000-digit number, nesting 100,000 deep, an exponent
_RAW_VALUES = ("9" * 5000, "[" * 100_000, "1e999", "-0", "2401.01230")


def _value_mutation(name: str, rng) -> str:
    """A JSON or JSONL file, valid JSON, with one field of one record set to a hostile value."""
    import json
    records = base_records()
    record = rng.choice(records)
    field = rng.choice(RECORD_FIELDS)
    raw = rng.random() < 0.2
    record[field] = "@@RAW@@" if raw else rng.choice(list(JSON_VALUES.values()))
    if name.endswith(".jsonl"):
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    else:
        text = json.dumps({"papers": records}, ensure_ascii=False, indent=1)
    return text.replace('"@@RAW@@"', rng.choice(_RAW_VALUES))


def mutated_files(seed: int, n: int) -> list[tuple[str, str]]:
    """`n` (file name, text) pairs: each format's file with seeded mutations of its text or,
    for JSON and JSONL, of one value."""
    import random
    rng = random.Random(seed)
    originals = sorted(_format_files(base_records()).items())
    out = []
    for name, text in (rng.choice(originals) for _ in range(n)):
        if name.endswith((".json", ".jsonl")) and rng.random() < 0.5:
            out.append((name, _value_mutation(name, rng)))
        else:
            out.append((name, mutate(text, rng)))
    return out


def pathological_abstracts(seed: int, n: int, size: int = 20_000) -> list[str]:
    """Texts made of runs of the pathological units, mixed."""
    import random
    rng = random.Random(seed)
    units = list(PATHOLOGICAL_UNITS.values())
    out = []
    for _ in range(n):
        parts, length = [], 0
        while length < size:
            part = pathological_text(rng.choice(units), rng.choice((10, 100, 2_000)))
            parts.append(part)
            length += len(part)
        out.append("".join(parts)[:size])
    return out


def outcome(run) -> str:
    """"ok", "input error" (a one-line error: what bad input must give), or the name of the
    exception that escaped (a failure)."""
    from graphkb.errors import GraphkbError
    try:
        run()
    except GraphkbError:
        return "input error"
    except Exception as e:  # noqa: BLE001  (any other exception is what we are counting)
        return type(e).__name__
    return "ok"
