"""Corpus-level linking: resolution, similarity, topics, inferred citations, shared entities."""
import pytest

from graphkb.link import similarity
from graphkb.link.citations import builds_on
from graphkb.link.resolve import resolve_entities
from graphkb.link.shared import shared_entities
from graphkb.link.similarity import similar_pairs
from graphkb.link.topics import distinct_terms, find_topics
from graphkb.link.vectors import vectorize
from graphkb.records import EntityMention, Evidence, Paper, PaperExtraction

EV = Evidence("s", 0, 1, "test")


def mention(name, kind="method", role="uses", long_form=None, confidence=0.8):
    return EntityMention(name, kind, role, confidence, EV, long_form)


def x(pid, methods=(), benchmarks=()):
    return PaperExtraction(pid, pid, tuple(methods), tuple(benchmarks))


def test_resolution_merges_acronym_long_form_case_hyphen_plural():
    entities = resolve_entities([
        x("a", [mention("GRPO", long_form="Group Relative Policy Optimization", role="proposes")]),
        x("b", [mention("Group Relative Policy Optimization")]),
        x("c", [mention("grpo"), mention("Transformers")]),
        x("d", [mention("Transformer"), mention("chain of thought")]),
        x("e", [mention("Chain-of-Thought")], [mention("GSM8K", "benchmark")]),
    ])
    by_name = {e.name: e for e in entities.values()}
    grpo = by_name["GRPO"]
    assert grpo.id == "method:grpo" and grpo.label == "Method"
    assert sorted(grpo.papers) == ["a", "b", "c"]
    assert "Group Relative Policy Optimization" in grpo.aliases and "grpo" in grpo.aliases
    assert grpo.proposers() == ["a"] and sorted(grpo.users()) == ["b", "c"]
    assert sorted(by_name["Transformers"].papers if "Transformers" in by_name
                  else by_name["Transformer"].papers) == ["c", "d"]
    cot = [e for e in entities.values() if "chain" in e.name.lower()]
    assert len(cot) == 1 and sorted(cot[0].papers) == ["d", "e"]
    assert by_name["GSM8K"].id == "benchmark:gsm8k"


def test_resolution_meets_names_as_papers_write_them_under_the_vocabulary_name():
    entities = resolve_entities([
        x("a", [mention("LSTMs")]),
        x("b", [mention("long short-term memory", long_form="long short-term memory")]),
        x("c", [mention("LSTM")]),
    ])
    (lstm,) = entities.values()
    assert lstm.name == "LSTM" and lstm.id == "method:lstm" and sorted(lstm.papers) == ["a", "b", "c"]
    assert {"LSTMs", "long short-term memory"} <= set(lstm.aliases)


def test_builds_on_and_shared(seed_papers):
    papers = {p: Paper(p, p, "", (), date=d) for p, d in
              (("a", "2024-01-01"), ("b", "2024-06-01"), ("old", "2023-01-01"))}
    entities = resolve_entities([
        x("a", [mention("Mobile-R1", role="proposes")], [mention("GUIDE", "benchmark", "proposes")]),
        x("b", [mention("Mobile-R1")], [mention("GUIDE", "benchmark")]),
        x("old", [mention("Mobile-R1")]),
    ])
    edges = builds_on(entities, papers)
    assert [(e.source, e.target, e.via) for e in edges] == [("b", "a", ("GUIDE", "Mobile-R1"))]
    pairs, skipped = shared_entities(entities, "Method")
    assert {(p.source, p.target, p.count) for p in pairs} == {("a", "b", 1), ("a", "old", 1), ("b", "old", 1)}
    pairs, skipped = shared_entities(entities, "Method", max_papers=2)
    assert pairs == [] and skipped == ["Mobile-R1"]


def test_similarity_is_topk_sparse_and_explained(sample_records, monkeypatch):
    from graphkb.ingest.dedupe import merge_duplicates
    papers = merge_duplicates(sample_records).papers
    vectors = vectorize(papers)
    pairs = similar_pairs(vectors, top_k=3, threshold=0.05, block=17)  # odd block size: chunking works
    assert pairs and all(p.source < p.target for p in pairs)
    assert len({(p.source, p.target) for p in pairs}) == len(pairs)
    assert all(0.05 <= p.score <= 1.0 and p.shared_terms for p in pairs)
    per_paper = {}
    for p in pairs:
        per_paper.setdefault(p.source, 0)
        per_paper[p.source] += 1
    # each paper contributes at most top_k, so no paper has more than top_k + (others choosing it)
    assert len(pairs) <= 3 * len(papers)
    # same result whatever the block size
    assert pairs == similar_pairs(vectors, top_k=3, threshold=0.05, block=512)
    # and whether the blocks are scored here or in forked workers
    monkeypatch.setattr(similarity, "PARALLEL_MIN_PAPERS", 0)
    assert pairs == similar_pairs(vectors, top_k=3, threshold=0.05, block=17, jobs=2)
    # and however many pairs' shared terms are found at a time
    monkeypatch.setattr(similarity, "SHARED_TERMS_PAIRS", 7)
    assert pairs == similar_pairs(vectors, top_k=3, threshold=0.05, block=17)
    # the two online continual learning papers are each other's neighbours
    titles = {p.id: p.title for p in papers}
    ocl = [p for p in pairs if "Continual" in titles[p.source] and "Continual" in titles[p.target]]
    assert ocl and any("continual" in " ".join(p.shared_terms) for p in ocl)


def test_the_approximate_search_finds_the_exact_neighbours_with_the_same_scores(sample_records):
    from graphkb.ingest.dedupe import merge_duplicates
    papers = merge_duplicates(sample_records).papers
    vectors = vectorize(papers)
    exact = {(p.source, p.target): p for p in similar_pairs(vectors, search="exact")}
    approximate = {(p.source, p.target): p for p in similar_pairs(vectors, search="approximate")}
    assert approximate == {(p.source, p.target): p for p in similar_pairs(vectors, search="approximate")}  # seeded
    shared = exact.keys() & approximate.keys()
    assert len(shared) >= 0.95 * len(exact)  # recall of the exact pairs
    assert all(abs(exact[k].score - approximate[k].score) <= 1e-4
               and exact[k].shared_terms == approximate[k].shared_terms for k in shared)


def test_which_similarity_search_a_build_uses(monkeypatch):
    from graphkb.errors import GraphkbError
    from graphkb.link import similarity_search as searches
    assert searches.similarity_search("auto", 1_000).name == "exact"
    assert searches.similarity_search("auto", searches.APPROXIMATE_FROM).name == "approximate"
    assert searches.similarity_search("exact", 10**6) == searches.Search("exact")
    monkeypatch.setattr(searches, "_approximate_search_available", lambda: False)  # pynndescent not installed
    fallback = searches.similarity_search("auto", 10**6)
    assert fallback.name == "exact" and "graphkb[scale]" in fallback.note
    with pytest.raises(GraphkbError, match=r"needs pynndescent: pip install 'graphkb\[scale\]'"):
        searches.similarity_search("approximate", 10)
    with pytest.raises(GraphkbError, match="unknown similarity search 'fast'"):
        searches.similarity_search("fast", 10)


def test_topics_cover_every_paper_with_named_clusters(sample_records):
    from graphkb.ingest.dedupe import merge_duplicates
    papers = merge_duplicates(sample_records).papers
    topics = find_topics(vectorize(papers))
    members = [pid for t in topics for pid, _ in t.members]
    assert sorted(members) == sorted(p.id for p in papers)  # each paper in exactly one topic
    assert len(topics) >= 5 and all(len(t.top_terms) == 10 and t.name for t in topics)
    assert [t.id for t in topics] == [f"topic:{i}" for i in range(1, len(topics) + 1)]
    assert find_topics(vectorize(papers[:1])) == []
    for t in topics:  # topic names do not repeat a word in another spelling
        keys = [term.replace("-", "").rstrip("s") for term in t.top_terms]
        assert len(keys) == len(set(keys)), t.top_terms


def test_big_corpora_get_the_same_kind_of_topics_from_the_faster_solver(sample_records, monkeypatch):
    from graphkb.ingest.dedupe import merge_duplicates
    from graphkb.link import topics as topics_module
    papers = merge_duplicates(sample_records).papers
    vectors = vectorize(papers)
    small_corpus_topics = find_topics(vectors)
    monkeypatch.setattr(topics_module, "MU_SOLVER_MIN_PAPERS", 2)  # as if the samples were big
    topics = find_topics(vectors)
    assert topics == find_topics(vectors)  # deterministic
    assert sorted(pid for t in topics for pid, _ in t.members) == sorted(p.id for p in papers)
    assert len(topics) >= 5 and all(len(t.top_terms) == 10 for t in topics)
    # the same themes come out: each topic shares top terms with one of the small-corpus topics
    for t in topics:
        assert max(len(set(t.top_terms) & set(u.top_terms)) for u in small_corpus_topics) >= 3, t.name


def test_very_big_corpora_get_topics_fitted_on_a_sample_and_every_paper_placed(sample_records, monkeypatch):
    from graphkb.ingest.dedupe import merge_duplicates
    from graphkb.link import topics as topics_module
    papers = merge_duplicates(sample_records).papers
    vectors = vectorize(papers)
    monkeypatch.setattr(topics_module, "MU_SOLVER_MIN_PAPERS", 2)
    whole_corpus_topics = find_topics(vectors)
    monkeypatch.setattr(topics_module, "TOPIC_SAMPLE_MIN_PAPERS", 2)  # as if the samples were very big
    monkeypatch.setattr(topics_module, "TOPIC_SAMPLE_SIZE", 160)  # of 235 papers
    topics = find_topics(vectors)
    assert topics == find_topics(vectors)  # the same sample every run
    members = [pid for t in topics for pid, _ in t.members]
    assert sorted(members) == sorted(p.id for p in papers)  # papers outside the sample placed too
    assert len(topics) >= 5 and all(len(t.top_terms) == 10 for t in topics)
    # the topics say what their papers are about as well as the fit on every paper does: the share
    # of a topic's papers that use one of its three top terms, on average over the topics
    text = {p.id: f"{p.title} {p.abstract}".lower() for p in papers}

    def coherence(found):
        return sum(sum(any(term in text[pid] for term in t.top_terms[:3]) for pid, _ in t.members) / len(t.members)
                   for t in found) / len(found)
    assert coherence(topics) >= 0.9 * coherence(whole_corpus_topics) > 0.5


def test_topic_terms_skip_spelling_variants_and_words_of_kept_phrases():
    ranked = ["llm", "llms", "continual learning", "pre-training", "learning", "pretraining", "agents",
              "agent", "continual", "forgetting"]
    assert distinct_terms(ranked, 10) == ("llm", "continual learning", "pre-training", "agents", "forgetting")
    assert distinct_terms(ranked, 2) == ("llm", "continual learning")


def test_a_well_ranked_phrase_takes_the_place_of_the_words_it_contains():
    assert distinct_terms(["continual", "forgetting", "continual learning", "online"], 3) == \
        ("continual learning", "forgetting", "online")
    assert distinct_terms(["reasoning", "mathematical", "search", "mathematical reasoning", "reward"], 5) == \
        ("mathematical reasoning", "search", "reward")
    # ranked below the first n_terms: the phrase is added, the word stays
    assert distinct_terms(["skill", "skills", "robots", "robot", "skill learning"], 3) == \
        ("skill", "robots", "skill learning")


# -- versions linked to their family ----------------------------------------------------------------

def test_variants_link_to_their_nearest_family_in_the_corpus():
    from graphkb.link.resolve import ResolvedEntity
    from graphkb.link.variants import shorter_names, variant_pairs
    assert list(shorter_names("Llama-3-70B-Instruct"))[:2] == ["Llama-3-70B", "Llama-3"]
    assert list(shorter_names("ViT-L/14")) == ["ViT-L", "ViT"]
    assert list(shorter_names("Llama 3.1")) == ["Llama"] and list(shorter_names("Qwen2.5")) == []
    names = {"m1": "Llama 3", "m2": "Llama-3-70B", "m3": "Llama-3-70B-Instruct", "m4": "Qwen2.5-Math",
             "m5": "Qwen2.5", "m6": "Self-Instruct", "b1": "MMLU-Pro"}
    ents = {i: ResolvedEntity(i, "Benchmark" if i.startswith("b") else "Method", n, []) for i, n in names.items()}
    ents["b2"] = ResolvedEntity("b2", "Benchmark", "MMLU", [])
    pairs = {(v.source, v.target) for v in variant_pairs(ents)}
    assert pairs == {("m2", "m1"), ("m3", "m2"), ("m4", "m5")}  # no family for Self-Instruct; benchmarks aside
    # an everyday word is a family only as the family writes it; a name in any case
    names = {"s": "SELF", "s1": "self-attention", "s2": "Self-Instruct", "f": "FLAN", "f1": "Flan-T5",
             "g": "Gemini", "g1": "Gemini Pro", "t": "STeP", "t1": "Step-APO"}
    ents = {i: ResolvedEntity(i, "Method", n, []) for i, n in names.items()}
    assert {(v.source, v.target) for v in variant_pairs(ents)} == {("f1", "f"), ("g1", "g")}


def test_build_writes_variant_of_edges():
    from graphkb.build import assemble_graph
    from graphkb.extract import extract_corpus
    papers = [Paper(id="a", title="Scaling", abstract="We fine-tune Llama-3-70B and compare it with Llama 3.",
                    sources=())]
    kg = assemble_graph(papers, extract_corpus(papers, jobs=1))
    names = {n: d["name"] for n, d in kg.nodes("Method")}
    edges = [(names[u], names[v]) for u, v, _ in kg.edges("VARIANT_OF")]
    assert edges == [("Llama-3-70B", "Llama 3")]


def test_builds_on_only_through_a_specific_name_with_one_proposer():
    papers = {p: Paper(p, p, "", (), date="2024-01-01") for p in ("a", "b", "c", "d")}
    proposed = EntityMention("Mobile-R1", "method", "proposes", 0.9, Evidence("We propose Mobile-R1.", 0, 21, "we"))
    used = EntityMention("Mobile-R1", "method", "uses", 0.8, Evidence("We build on Mobile-R1.", 0, 22, "uses"))
    entities = resolve_entities([
        x("a", [proposed, mention("chain-of-thought prompting", role="proposes"), mention("RLHF", role="proposes"),
                mention("Semantic Segmentation", role="proposes")]),
        x("b", [used, mention("chain-of-thought prompting"), mention("RLHF"), mention("Semantic Segmentation")]),
        x("c", [mention("Orca", role="proposes")]), x("d", [mention("Orca", role="proposes")]),
        x("a", [mention("Orca")]),
    ])
    (edge,) = builds_on(entities, papers)  # not via a family, a task, nor a name two papers claim
    assert (edge.source, edge.target, edge.via) == ("b", "a", ("Mobile-R1",))
    assert edge.evidence.sentence == "We build on Mobile-R1." and edge.proposal_sentence == "We propose Mobile-R1."


def test_builds_on_not_through_a_weak_claim():
    papers = {p: Paper(p, p, "", (), date="2024-01-01") for p in ("a", "b")}
    ours = EntityMention("PRM", "method", "proposes", 0.9, Evidence("Our implicit PRM wins.", 0, 22, "our-name"))
    entities = resolve_entities([x("a", [ours]), x("b", [mention("PRM")])])
    assert builds_on(entities, papers) == []


def test_concept_variants_meet_and_entities_are_not_concepts():
    from graphkb.link.concepts import concept_nodes
    from graphkb.records import Acronym, Keyphrase

    def kp(name):
        return Keyphrase(name, 1.0, EV)

    def paper(pid, names, acronyms=()):
        return PaperExtraction(pid, pid, concepts=tuple(kp(n) for n in names),
                               acronyms=tuple(Acronym(s, lf, EV) for s, lf in acronyms))
    extractions = [
        paper("a", ["fine-tuning", "PRMs", "Mobile-R1 agent", "chain-of-thought"],
              [("PRM", "process reward models")]),
        paper("b", ["finetuning", "process-reward model", "Mobile-R1 agent", "chain-of-thought"],
              [("PRM", "process-reward model")]),
        paper("c", ["Fine tuning", "process reward models"]),
    ]
    nodes = {c.name: {p for p, _, _ in c.papers} for c in concept_nodes(extractions, entity_names=["Mobile-R1 agent"])}
    assert len(nodes) == 2, nodes  # no Method as a Concept, nor a name the lexicon knows
    (tuning,) = [papers for name, papers in nodes.items() if "tuning" in name]
    (gan,) = [papers for name, papers in nodes.items() if "tuning" not in name]
    assert tuning == gan == {"a", "b", "c"}



def test_concepts_meet_in_any_word_order_and_general_phrases_are_none():
    from graphkb.link.concepts import concept_nodes
    from graphkb.records import Keyphrase

    def paper(pid, names):
        return PaperExtraction(pid, pid, concepts=tuple(Keyphrase(n, 1.0, EV) for n in names))
    extractions = [
        paper("a", ["language model pre-training", "unified framework", "MIND2WEB benchmark", "fine-tuning LLMs",
                    "trillion tokens", "training set", "closer look", "teacher models", "synthetic dataset"]),
        paper("b", ["pre-training language models", "unified framework", "MIND2WEB benchmark", "finetuning LLMs",
                    "trillion tokens", "training set", "closer look", "teacher models", "synthetic dataset"]),
    ]
    nodes = {c.name: {p for p, _, _ in c.papers}
             for c in concept_nodes(extractions, per_paper=20, entity_names=["Mind2Web"])}
    assert nodes == {"language model pre-training": {"a", "b"}, "fine-tuning LLMs": {"a", "b"},
                     "teacher models": {"a", "b"}, "synthetic dataset": {"a", "b"}}, nodes


def test_task_nodes_from_known_task_phrases_with_evidence():
    from graphkb.extract import extract_corpus
    from graphkb.link.tasks import task_nodes
    papers = [Paper(id="a", title="Faster segmenters", sources=(), abstract=(
                  "We study semantic segmentation of street scenes. Semantic segmentation needs dense labels; "
                  "our classification head is small.")),
              Paper(id="b", title="Semantic Segmentation with fewer labels", abstract="It works.", sources=())]
    (task,) = task_nodes(papers, extract_corpus(papers, jobs=1))  # not "classification": one word
    assert task.id == "task:semantic-segmentation" and task.name == "Semantic Segmentation"
    evidence = dict(task.papers)
    assert evidence["a"].sentence == "We study semantic segmentation of street scenes."
    assert evidence["b"].field == "title" and evidence["b"].sentence == "Semantic Segmentation with fewer labels"


def test_tasks_and_everyday_words_are_not_concepts():
    from graphkb.link.concepts import concept_nodes
    from graphkb.records import Keyphrase
    extractions = [PaperExtraction(p, p, concepts=tuple(Keyphrase(n, 1.0, EV) for n in
                                                        ("code generation", "sizes", "pseudo labels")))
                   for p in ("a", "b")]
    names = [c.name for c in concept_nodes(extractions, entity_names=["Code Generation"])]
    assert names == ["pseudo labels"]


def test_topics_fitted_by_multiplicative_updates_take_new_papers(sample_records, monkeypatch):
    """Big corpora's topics are fitted in float64 (float32 updates crawl through subnormal
    numbers); papers added later are read in the model's precision and join its topics."""
    from graphkb.ingest.dedupe import merge_duplicates
    from graphkb.link import topics as topic_models

    monkeypatch.setattr(topic_models, "MU_SOLVER_MIN_PAPERS", 100)  # the samples take the big-corpus path
    papers = merge_duplicates(sample_records).papers
    fitted, model = topic_models.fit_topics(vectorize(papers[:200]))
    assert model.nmf.solver == "mu" and model.nmf.components_.dtype == "float64"
    later = {p.id for p in papers[200:]}
    joined, unjoined = topic_models.join_topics(fitted, model, vectorize(papers), later)
    members = {pid for t in joined for pid, _ in t.members}
    assert later - set(unjoined) <= members and len(members & later) >= len(later) - len(unjoined) > 20


def test_an_index_grows_by_searching_only_from_new_and_changed_papers(sample_records):
    """Growing a neighbour index gives each paper the neighbours an exact search over the grown
    rows finds, and rows that are the fitted model's, without searching the kept papers again."""
    import dataclasses

    import numpy as np

    from graphkb.ingest.dedupe import merge_duplicates
    from graphkb.link.neighbour_index import KEPT_BEYOND, NeighbourIndex
    from graphkb.link.similarity import nearest, similarity_of
    from graphkb.link.vectors import transform
    papers = merge_duplicates(sample_records).papers
    base = NeighbourIndex.fit(vectorize(papers[:-12]), papers[:-12], None, top_k=3)
    assert base.neighbours.rows.shape == (len(papers) - 12, 3 + KEPT_BEYOND)
    changed = dataclasses.replace(papers[5], abstract="Continual learning of robot skills from demonstrations.")
    grown_papers = [*papers[:5], changed, *papers[6:]]
    grown = base.grow(grown_papers, None)
    assert grown.vectors.ids == [p.id for p in grown_papers] and grown.fitted_papers == len(papers) - 12
    # every row is what the fitted model makes of that paper, the changed one included
    text, joint = transform(base.vectors.model, grown_papers, None)
    assert (grown.vectors.joint != joint).nnz == 0 and (grown.vectors.text != text).nnz == 0
    assert (grown.vectors.joint[:5] != base.vectors.joint[:5]).nnz == 0
    assert (grown.vectors.joint[5] != base.vectors.joint[5]).nnz > 0
    # the neighbours are an exact search's over the grown rows
    exact = nearest(grown.vectors, 3 + KEPT_BEYOND, search="exact")
    top = 3
    assert np.array_equal(grown.neighbours.rows[:, :top], exact.rows[:, :top])
    assert np.allclose(grown.neighbours.scores[:, :top], exact.scores[:, :top], atol=1e-6)
    pairs = similarity_of(grown.vectors, grown.neighbours, top, 0.05)
    assert pairs and pairs == similarity_of(grown.vectors, exact, top, 0.05)
    assert {pid for p in pairs for pid in (p.source, p.target)} & {p.id for p in papers[-12:]}
    # a corpus smaller than the lists: the places left are empty
    tiny = NeighbourIndex.fit(vectorize(papers[:3]), papers[:3], None, top_k=3).grow(papers[:5], None)
    assert tiny.neighbours.rows.shape == (5, 3 + KEPT_BEYOND) and (tiny.neighbours.rows[:, 4:] == -1).all()
    assert np.array_equal(tiny.neighbours.rows[:, :4], nearest(tiny.vectors, 3 + KEPT_BEYOND, "exact").rows[:, :4])
    # the model is fitted again once the corpus has grown by a quarter
    assert base.refit_reason(len(papers) - 12 + 2, 3) is None
    assert "grew by" in base.refit_reason(len(papers) * 2, 3)
    assert "no vector model" in base.refit_reason(len(papers), 6)


def test_a_build_searches_approximately_in_a_child_while_it_fits_the_topics(samples_dir, monkeypatch, tmp_path):
    """With two processes the approximate search runs in a forked child beside the topics; the graph and
    the index kept for updates are those of the search run in turn, in this process."""
    import json
    import os

    from graphkb.build import BuildOptions, BuildReport, assemble_graph, read_papers
    from graphkb.engines import LocalEngine
    from graphkb.extract import extract_corpus

    searched_in = tmp_path / "searched in"

    def exact_in_place_of_nn_descent(m, k):  # the same plumbing, without numba's compilation
        searched_in.write_text(str(os.getpid()))
        return similarity._exact_neighbours(m, k, None, 1)
    monkeypatch.setattr(similarity, "_approximate_neighbours", exact_in_place_of_nn_descent)
    papers, _ = read_papers([samples_dir])
    extractions = extract_corpus(papers, jobs=1)
    results = {}
    for jobs in (1, 2):
        report = BuildReport()
        kg = assemble_graph(papers, extractions, BuildOptions(similar_search="approximate"), report,
                            engine=LocalEngine(jobs))
        results[jobs] = (json.dumps(kg.to_node_link(), sort_keys=True), report.neighbour_index.neighbours,
                         report.topic_lineage, int(searched_in.read_text()))
    (graph_1, found_1, topics_1, pid_1), (graph_2, found_2, topics_2, pid_2) = results[1], results[2]
    assert pid_1 == os.getpid() and pid_2 != os.getpid()
    assert graph_2 == graph_1 and '"SIMILAR_TO"' in graph_1 and '"IN_TOPIC"' in graph_1
    assert (found_2.rows == found_1.rows).all() and (found_2.scores == found_1.scores).all()
    assert topics_2 == topics_1


def test_the_entity_links_are_worked_out_while_the_child_searches(samples_dir, monkeypatch):
    """What needs neither vectors nor neighbours (entities, concepts, tasks, BUILDS_ON, shared entities)
    is worked out in this process once the child searching the neighbours has started, not before."""
    from graphkb import build
    from graphkb.engines import LocalEngine
    from graphkb.extract import extract_corpus

    happened = []
    alongside = build.alongside

    def search_alongside(here, there):
        happened.append("search started")
        return alongside(here, there)

    def resolve_and_say(extractions):
        happened.append("entities resolved")
        return resolve_entities(extractions)
    monkeypatch.setattr(build, "alongside", search_alongside)
    monkeypatch.setattr(build, "resolve_entities", resolve_and_say)
    monkeypatch.setattr(similarity, "_approximate_neighbours", lambda m, k: similarity._exact_neighbours(m, k, None, 1))
    papers, _ = build.read_papers([samples_dir])
    kg = build.assemble_graph(papers, extract_corpus(papers, jobs=1), build.BuildOptions(similar_search="approximate"),
                              engine=LocalEngine(2))
    assert happened == ["search started", "entities resolved"]
    assert kg.edge_counts()["SIMILAR_TO"] and kg.edge_counts()["USES"]


def test_a_big_corpus_has_its_similar_pairs_worked_out_in_a_child_while_the_graph_is_made(
        samples_dir, monkeypatch, tmp_path):
    """From SIMILAR_ALONGSIDE_MIN_PAPERS papers up, `graph_of` works out the SIMILAR_TO pairs in a forked
    child while it adds the papers and entities; the graph is the one made in turn, in this process."""
    import json
    import os

    from graphkb import build
    from graphkb.extract import extract_corpus

    worked_out_in = tmp_path / "worked out in"
    similarity_of = similarity.similarity_of

    def similarity_and_where(*args, **kwargs):
        worked_out_in.write_text(str(os.getpid()))
        return similarity_of(*args, **kwargs)
    monkeypatch.setattr(similarity, "similarity_of", similarity_and_where)
    monkeypatch.setattr(build, "default_jobs", lambda: 2)  # whatever CPUs the machine running the tests has
    papers, _ = build.read_papers([samples_dir])
    extractions = extract_corpus(papers, jobs=1)
    graphs, pids = {}, {}
    for threshold in (len(papers) + 1, len(papers)):  # in turn, then alongside
        monkeypatch.setattr(build, "SIMILAR_ALONGSIDE_MIN_PAPERS", threshold)
        kg = build.assemble_graph(papers, extractions, build.BuildOptions())
        graphs[threshold], pids[threshold] = json.dumps(kg.to_node_link()), int(worked_out_in.read_text())
    in_turn, beside = len(papers) + 1, len(papers)
    assert pids[in_turn] == os.getpid() and pids[beside] != os.getpid()
    assert graphs[beside] == graphs[in_turn] and '"SIMILAR_TO"' in graphs[in_turn]
