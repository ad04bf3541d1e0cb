from graphkb.extract import extract_corpus, extraction_record, run_extractor
from graphkb.extract.concepts import ConceptExtractor
from graphkb.extract.prepared import prepare
from graphkb.extract.repositories import find_repositories, normalise_url
from graphkb.extract.sentences import split_sentences
from graphkb.keys import phrase_key
from graphkb.records import Paper


def papers_of(seed_papers):
    return [Paper(id=f"p{i}", title=t, abstract=a, sources=()) for i, (t, a) in enumerate(seed_papers)]


def test_concepts_are_ranked_key_phrases_with_evidence(seed_papers):
    papers = papers_of(seed_papers)
    ranked = run_extractor(ConceptExtractor(top_k=10), [prepare(p) for p in papers])
    concepts = dict(zip([p.id for p in papers], ranked))
    mobile = [k.name for k in concepts["p0"]]
    assert len(mobile) == 10
    assert "task-level rewards" in mobile[:5]
    scores = [k.score for k in concepts["p0"]]
    assert scores == sorted(scores, reverse=True)
    for k in concepts["p0"]:
        text = papers[0].title if k.evidence.field == "title" else papers[0].abstract
        assert text[k.evidence.start:k.evidence.end] == k.evidence.sentence
        assert k.name.lower().split()[0] in k.evidence.sentence.lower()
    # discourse words and generic acronyms never stand as concepts
    assert not {"we propose", "paper", "llms", "results"} & {n.lower() for n in mobile}


def test_phrase_key_meets_variants():
    assert phrase_key(["Fine-tuning"]) == phrase_key(["fine", "tuning"])
    assert phrase_key(["task-level", "rewards"]) == phrase_key(["Task-Level", "Reward"])


def test_repositories_from_urls():
    text = ("We will open source all resources, including the dataset, benchmark, model weight, and "
            "codes: https://mobile-r1.github.io/Mobile-R1/. The open models can be accessed through "
            "https://github.com/THUDM and https://huggingface.co/THUDM. See arxiv.org/abs/2401.00001.")
    urls = [r.url for r in find_repositories(split_sentences(text))]
    assert urls == ["https://mobile-r1.github.io/Mobile-R1", "https://github.com/THUDM",
                    "https://huggingface.co/THUDM"]
    assert normalise_url("HTTPS://GitHub.com/x/y).") == "https://github.com/x/y"


def test_extraction_record_matches_the_contract(seed_papers):
    papers = papers_of(seed_papers)
    rec = extraction_record(extract_corpus(papers)[0])
    assert set(rec) >= {"id", "title", "methods", "benchmarks", "concepts", "repositories"}
    assert rec["id"] == "p0"
    for kind in ("methods", "benchmarks", "concepts", "repositories"):
        for entity in rec[kind]:
            assert {"name", "sentence", "start", "end", "rule"} <= set(entity)
    assert rec["repositories"][0]["name"] == "https://mobile-r1.github.io/Mobile-R1"
    assert all(0 < m["confidence"] <= 1 and m["role"] in ("proposes", "uses") for m in rec["methods"])


def test_concepts_are_noun_phrases_not_verb_fragments():
    from graphkb.extract.concepts import ConceptExtractor
    from graphkb.extract.prepared import can_head_noun_phrase, is_verb_or_adverb, prepare
    from graphkb.records import Paper
    assert is_verb_or_adverb("surpasses") and is_verb_or_adverb("mostly") and not is_verb_or_adverb("learning")
    assert not can_head_noun_phrase("robust") and can_head_noun_phrase("segmentation")
    assert can_head_noun_phrase("DataComp")  # a name the word lists do not know
    pp = prepare(Paper(id="p", title="Token budgets", sources=(), abstract=(
        "Our compact model surpasses GPT-4 on reasoning tokens mostly. Researchers innovate with robust "
        "constrained output feedback controllers.")))
    (phrases,) = run_extractor(ConceptExtractor(top_k=20), [pp])
    names = [k.name for k in phrases]
    assert not any(w in n.split() for n in names for w in ("surpasses", "mostly", "innovate"))
    assert all(n.split()[-1] not in ("robust", "constrained") for n in names)
    assert "output feedback controllers" in names or "robust constrained output feedback controllers" in names


def test_generic_nouns_stand_inside_key_phrases_but_not_alone():
    pp = prepare(Paper(id="p", title="Control of large scale systems", sources=(), abstract=(
        "We design a robust output feedback model predictive control law with a state estimator. "
        "The model is evaluated on decentralized integral controllability and manipulated variables.")))
    (phrases,) = run_extractor(ConceptExtractor(top_k=30), [pp])
    names = {k.name for k in phrases}
    assert "state estimator" in names  # "state" does not cut the phrase
    assert any("model predictive control" in n for n in names)
    assert not names & {"model", "design", "state"}  # a generic noun alone is no theme
    # a participle used as an adjective stays in the phrase; a verb form opening a run does not
    assert "decentralized integral controllability" in names and "manipulated variables" in names


def test_key_phrases_leave_out_verbs_qualifiers_and_words_said_once():
    pp = prepare(Paper(id="p", title="Scribe: multicast trees", sources=(), abstract=(
        "Scribe supports the construction of multicast trees. We study light-harvesting complexes "
        "with conventional methods and a detailed mathematical model. Mangroves matter. "
        "The multicast trees and the mathematical model scale.")))
    (phrases,) = run_extractor(ConceptExtractor(top_k=30), [pp])
    names = {k.name for k in phrases}
    assert "scribe supports" not in names  # a verb before its object ends no phrase
    assert "light-harvesting complexes" in names and not any(n.startswith("study") for n in names)
    assert "mathematical model" in names and "detailed mathematical model" not in names
    assert not any(n.startswith("conventional") for n in names)
    assert "mangroves" not in names  # one word, said once: no theme of the paper
    assert "scribe" in names  # a title word is
