"""The sample papers split into a build's inputs and a day's, for the tests of `graphkb update`."""
from __future__ import annotations

import json
from pathlib import Path


def write_base_and_day(root: Path, sample_records, day: int = 20) -> set[str]:
    """root/base.jsonl (all the sample papers but the last `day`) and root/day.jsonl (those); the day's ids."""
    rows = [{"id": f"p{i}", "title": r.title, "abstract": r.abstract} for i, r in enumerate(sample_records)]
    rows = list({r["title"]: r for r in rows}.values())
    for name, part in (("base.jsonl", rows[:-day]), ("day.jsonl", rows[-day:])):
        (root / name).write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    return {r["id"] for r in rows[-day:]}
