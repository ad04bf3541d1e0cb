"""A small dated corpus in the Hugging Face daily-papers API shape (`publishedAt`), over six months:
GRPO rises, PPO fades, DPO holds its share. PLAN is the ground truth the tests compare with.

Each paper uses one method and evaluates on one benchmark; besides the 30 dated papers, one
paper has no date and one only a year (a generic record), both using GRPO: neither counts in
timelines or trends.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

# month -> the method of each of its papers
PLAN: dict[str, list[str]] = {
    "2025-01": ["PPO", "PPO", "PPO", "PPO", "DPO"],
    "2025-02": ["PPO", "PPO", "PPO", "DPO", "DPO"],
    "2025-03": ["PPO", "PPO", "GRPO", "DPO", "DPO"],
    "2025-04": ["PPO", "GRPO", "GRPO", "DPO", "DPO"],
    "2025-05": ["GRPO", "GRPO", "GRPO", "DPO", "DPO"],
    "2025-06": ["GRPO", "GRPO", "GRPO", "GRPO", "DPO"],
}
MONTHS = list(PLAN)
_TOPICS = {"math word problems": "GSM8K", "code generation": "HumanEval", "theorem proving": "MiniF2F",
           "dialogue agents": "MT-Bench", "tool use": "ToolBench"}


def _paper(n: int, method: str, topic: str) -> dict:
    return {"id": f"2501.{n:05d}", "title": f"Study {n} of {method} for {topic}",
            "summary": f"We train a language model for {topic} with {method}. Experiments on {_TOPICS[topic]} "
                       f"show that {method} improves accuracy over a supervised baseline by a wide margin.",
            "authors": [{"name": f"Author {n}"}]}


def records() -> list[dict]:
    """The corpus, one JSON object per paper (Hugging Face API shape, plus two generic records)."""
    out, n = [], 0
    topics = list(_TOPICS)
    for month, methods in PLAN.items():
        for i, method in enumerate(methods):
            n += 1
            day = f"{month}-{3 + 5 * i:02d}"
            paper = {**_paper(n, method, topics[(i + n) % len(topics)]), "publishedAt": f"{day}T12:00:00.000Z"}
            out.append({"paper": paper, "publishedAt": f"{day}T13:00:00.000Z", "numComments": 0})
    undated = _paper(n + 1, "GRPO", "tool use")
    out.append({"paper": undated})
    year_only = _paper(n + 2, "GRPO", "code generation")
    out.append({"id": year_only["id"], "title": year_only["title"], "abstract": year_only["summary"], "date": "2025"})
    return out


def write(folder: Path) -> Path:
    path = Path(folder) / "dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    return path


def expected_months(method: str) -> dict[str, int]:
    """PLAN's papers per month for a method (months with papers only)."""
    return {m: c for m in MONTHS if (c := Counter(PLAN[m])[method])}


def expected_dates(method: str) -> list[str]:
    """The dates of a method's dated papers, as records() gives them."""
    found = defaultdict(list)
    for month, methods in PLAN.items():
        for i, m in enumerate(methods):
            found[m].append(f"{month}-{3 + 5 * i:02d}")
    return sorted(found[method])
