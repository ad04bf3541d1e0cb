from graphkb.ingest.dedupe import merge_duplicates
from graphkb.records import PaperRecord
from graphkb.text import slugify, stable_id, title_key


def rec(title, source, **kw):
    return PaperRecord(title=title, abstract=kw.pop("abstract", "x"), source=source, **kw)


def test_same_title_in_any_spelling_is_one_paper():
    result = merge_duplicates([
        rec(r'T\"ULU 3: Pushing Frontiers', "a.txt:1", listing_date="Mar 18"),
        rec("TÜLU 3: Pushing Frontiers", "b.txt:5", abstract="a longer abstract"),
        rec("tulu 3 - pushing frontiers", "c.txt:9"),
    ])
    (p,) = result.papers
    assert result.records == 3 and p.sources == ("a.txt:1", "b.txt:5", "c.txt:9")
    assert p.abstract == "a longer abstract" and p.listing_date == "Mar 18"
    assert p.id == stable_id(r'T\"ULU 3: Pushing Frontiers')


def test_arxiv_id_matches_across_titles_and_gives_the_id():
    result = merge_duplicates([
        rec("Qwen2.5 Technical Report", "a.json:1", arxiv_id="2412.15115"),
        rec("Qwen2.5 technical report (v2)", "b.json:1", arxiv_id="2412.15115"),
        rec("Qwen2.5 Technical Report", "c.txt:1"),  # no id: joins by title
    ])
    (p,) = result.papers
    assert p.id == "2412.15115" and p.url == "https://arxiv.org/abs/2412.15115"


def test_different_arxiv_ids_are_never_merged_even_with_one_title():
    result = merge_duplicates([
        rec("Introduction", "a.json:1", arxiv_id="2401.00001"),
        rec("Introduction", "a.json:2", arxiv_id="2401.00002"),
    ])
    assert [p.id for p in result.papers] == ["2401.00001", "2401.00002"]


def test_input_id_wins_and_order_is_first_seen():
    result = merge_duplicates([
        rec("B paper", "f:1"),
        rec("A paper", "f:2", id="W123", arxiv_id="2401.00003"),
        rec("A paper", "f:3"),
    ])
    assert [p.id for p in result.papers] == [stable_id("B paper"), "W123"]


def test_paper_ids_never_meet_entity_ids():
    """A record whose id looks like a method's or a topic's keeps its own namespace."""
    result = merge_duplicates([rec("A", "a.txt:1", id="method:grpo"), rec("B", "a.txt:2", id="topic:1"),
                               rec("C", "a.txt:3", id="paper:method:grpo"), rec("D", "a.txt:4", id="2401.1")])
    assert [p.id for p in result.papers] == ["paper:method:grpo", "paper:topic:1", "paper:paper:method:grpo",
                                             "2401.1"]


def test_a_corpus_whose_ids_look_like_entity_ids_builds(tmp_path):
    import json

    from graphkb.build import build

    papers = [{"id": "method:grpo", "title": "GRPO at scale", "abstract": "We train with GRPO on GSM8K."},
              {"id": "topic:1", "title": "More GRPO", "abstract": "We use GRPO and evaluate on GSM8K."},
              {"id": "author:x", "title": "A third", "abstract": "GRPO again, on GSM8K.", "authors": ["x"]}]
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in papers))
    kg, _ = build([path])
    assert {n for n, _ in kg.nodes("Paper")} == {"paper:method:grpo", "paper:topic:1", "paper:author:x"}
    assert kg.g.nodes["method:grpo"]["label"] == "Method" and kg.g.nodes["author:x"]["label"] == "Author"


def test_one_id_for_two_different_papers_is_reported_and_both_are_kept():
    import pytest

    from graphkb.errors import InputError
    from graphkb.ingest import ErrorReport
    records = [rec("Attention Is All You Need", "a.jsonl:1", id="p1"),
               rec("Deep Residual Learning", "a.jsonl:2", id="p1"),
               rec("attention is all you need", "b.jsonl:7", id="p1")]  # the same paper again
    with pytest.raises(InputError) as e:
        merge_duplicates(records)
    assert str(e.value).startswith("a.jsonl:2: same id 'p1' as a.jsonl:1, different paper")
    report = ErrorReport(skip=True)
    result = merge_duplicates(records, report)
    assert [(p.title, p.sources) for p in result.papers] == [
        ("Attention Is All You Need", ("a.jsonl:1", "b.jsonl:7")), ("Deep Residual Learning", ("a.jsonl:2",))]
    assert result.papers[0].id == "p1" and result.papers[1].id == stable_id("Deep Residual Learning")
    assert [str(x).split(":")[:2] for x in report.skipped] == [["a.jsonl", "2"]]


def test_one_arxiv_id_with_a_revised_title_is_still_one_paper():
    result = merge_duplicates([rec("Old Title", "a:1", id="2401.00001", arxiv_id="2401.00001"),
                               rec("New Title", "b:1", id="2401.00001", arxiv_id="2401.00001")])
    assert [p.id for p in result.papers] == ["2401.00001"]


def test_titles_in_other_scripts_never_share_a_key_or_merge():
    titles = ["Обучение с подкреплением", "Глубокое обучение", "深度学习的新方法", "强化学习综述",
              "τ-bench", "σ-bench", "がくしゅう", "かくしゆう"]
    keys = {title_key(t) for t in titles}
    assert len(keys) == len(titles) and "" not in keys
    result = merge_duplicates([rec(t, f"f:{i}") for i, t in enumerate(titles)])
    assert [p.title for p in result.papers] == titles and len({p.id for p in result.papers}) == len(titles)
    # the same title in another normal form or case is still one paper
    assert title_key("ГЛУБОКОЕ ОБУЧЕНИЕ") == title_key("Глубокое обучение")
    assert title_key("Ｔｕｌｕ ３") == title_key("tülu 3")


def test_names_in_any_script_have_distinct_slugs_and_an_empty_slug_never_happens():
    names = ["Сергей Иванов", "Анна Петрова", "王伟", "李娜", "Łukasz Kaiser", "???", "!!!"]
    slugs = [slugify(n, max_words=12) for n in names]
    assert len(set(slugs)) == len(names) and all(slugs)
    assert slugs[0] == "сергей-иванов" and slugs[4] == "łukasz-kaiser"
    assert slugify("Müller") == "muller"
