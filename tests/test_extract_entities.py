"""Method and benchmark extraction on real sentences from the seed pages."""
import pytest

from graphkb.extract import run_extractor
from graphkb.extract.acronyms import find_acronyms
from graphkb.extract.candidates import name_token_source
from graphkb.extract.entities import EntityExtractor
from graphkb.extract.names import strip_name_suffix
from graphkb.extract.prepared import prepare
from graphkb.extract.sentences import split_sentences
from graphkb.keys import entity_key
from graphkb.records import Paper


def extract(title, abstract, *more):
    papers = [Paper(id=f"p{i}", title=t, abstract=a, sources=()) for i, (t, a) in
              enumerate([(title, abstract), *more])]
    methods, benchmarks, acronyms = run_extractor(EntityExtractor(), [prepare(p) for p in papers])[0]
    return ({m.name: m for m in methods}, {b.name: b for b in benchmarks}, acronyms)


def test_acronym_definitions_both_orders():
    s = ("benefiting from reinforcement learning, such as Group Relative Policy Optimization (GRPO). "
         "DPO (Direct Preference Optimization) is simpler.")
    found = {(a.short, a.long) for a in find_acronyms(s)}
    assert found == {("GRPO", "Group Relative Policy Optimization"),
                     ("DPO", "Direct Preference Optimization")}
    assert find_acronyms("we present the online prototype learning (OnPro) framework")[0].long == \
        "online prototype learning"
    assert find_acronyms("results (Table 1) improve by 5% (p < 0.05)") == []
    # a long form never reaches back across an earlier bracket
    found = find_acronyms("variants of our future-self-training (FST) framework through peeping at the future "
                          "both deeply (FST-D) and widely (FST-W).")
    assert [(a.short, a.long) for a in found] == [("FST", "future-self-training")]


def test_proposed_name_in_title_and_used_method(seed_papers):
    title, abstract = seed_papers[0]  # Mobile-R1
    methods, benchmarks, acronyms = extract(title, abstract)
    assert methods["Mobile-R1"].role == "proposes"
    grpo = methods["GRPO"]
    assert grpo.role == "uses" and grpo.long_form == "Group Relative Policy Optimization"
    ev = grpo.evidence
    assert ev.field == "abstract" and abstract[ev.start:ev.end] == ev.sentence
    assert "Group Relative Policy Optimization (GRPO)" in ev.sentence
    assert ("GRPO", "Group Relative Policy Optimization") in {(a.short, a.long) for a in acronyms}
    # "VLM-Based" is not a name, and VLM is a family of models, not a method
    assert not any("Based" in n or n == "VLM" for n in methods)


def test_known_names_keep_the_spelling_of_the_paper():
    abstract = ("On Penn Treebank our model beats RNNs and LSTMs. We train the network with "
                "stochastic gradient descent.")
    methods, _, _ = extract("Some Report", abstract)
    assert {"RNNs", "LSTMs", "stochastic gradient descent"} <= set(methods)
    # the long form alone names it; with the acronym written too, the acronym does
    methods, _, _ = extract("Some Report", "We use stochastic gradient descent (SGD). SGD is fast.")
    assert "SGD" in methods and methods["SGD"].long_form == "stochastic gradient descent"


def test_benchmark_lists_and_dataset_nouns():
    abstract = ("Evaluations show that GLM-4 closely rivals GPT-4 in terms of general metrics such as "
                "MMLU, GSM8K, MATH, BBH, GPQA, and HumanEval. We also release TravelPlanner, a new "
                "benchmark for planning, and evaluate on the ZebraLogic dataset.")
    methods, benchmarks, _ = extract("Some Report", abstract)
    assert {"MMLU", "GSM8K", "MATH", "BBH", "GPQA", "HumanEval", "ZebraLogic"} <= set(benchmarks)
    assert benchmarks["TravelPlanner"].role == "proposes"
    assert {"GLM-4", "GPT-4"} <= set(methods)
    assert "math" not in {n.lower() for n in methods}


def test_names_with_digits_hyphens_and_latex():
    abstract = ("TÜLU 3 builds on Llama 3.1 base models and beats Qwen2.5-7B, GPT-4o-mini and "
                "ResNet-50 baselines. We propose Step-KTO, a training framework, and compare "
                "it with Complex-Edit.")
    methods, _, _ = extract("Step-KTO: Optimizing Mathematical Reasoning", abstract)
    assert {"Llama 3.1", "Qwen2.5-7B", "GPT-4o-mini", "ResNet-50", "Step-KTO", "Complex-Edit"} <= set(methods)
    assert methods["Step-KTO"].role == "proposes"


def test_x_based_and_x_like_phrases_are_not_names():
    assert strip_name_suffix("VLM-Based") == ("VLM", "based")
    assert strip_name_suffix("ResNet-like") == ("ResNet", "like")
    assert strip_name_suffix("Mobile-R1") == ("Mobile-R1", None)
    methods, _, _ = extract("A Study", "We propose a novel ResNet-like architecture and a "
                                       "Transformer-based decoder with CLIP-style training.")
    assert {"ResNet", "Transformer", "CLIP"} <= set(methods)
    assert not any(n.endswith(("-like", "-based", "-style")) for n in methods)


@pytest.mark.parametrize("token,in_title,is_name", [
    ("GRPO", True, True), ("ResNet-50", True, True), ("Qwen2.5", True, True), ("GPT-4o", True, True),
    ("Mobile-R1", True, True), ("Step-KTO", False, True), ("LoRA", True, True), ("7B", False, False),
    ("3.5K", False, False), ("Open-World", True, False), ("Text-to-Image", True, False),
    ("sim0.01", False, False), ("learning", False, False), ("2D", False, False),
])
def test_name_shapes(token, in_title, is_name):
    """The shapes the candidate finder takes for names (in a title, title-cased compounds such as
    Open-World are words, not names)."""
    assert (name_token_source(token, sentence_initial=False, in_title=in_title) == "token") is is_name


def test_entity_key_meets_spellings():
    assert entity_key("GPT-4") == entity_key("GPT4") == entity_key("gpt 4")
    assert entity_key("chain-of-thought") == entity_key("Chain of Thought")
    assert entity_key("Transformers") == entity_key("Transformer")
    assert entity_key("LLMs") == entity_key("LLM")
    assert entity_key("Qwen 2.5") == entity_key("Qwen2.5") != entity_key("Qwen2")


def test_task_acronyms_are_not_methods():
    methods, _, _ = extract("Therapy Bots", "We study cognitive behavioral therapy (CBT) training with "
                                           "machine comprehension (MC) systems.")
    assert "CBT" not in methods and "MC" not in methods


def test_corpus_votes_type_a_name_everywhere():
    # "LiveBench" is a benchmark by its "dataset" cue in one paper; in the other it is bare
    methods, benchmarks, _ = extract(
        "A", "We fine-tune our model and report LiveBench results.",
        ("B", "The LiveBench dataset contains fresh questions."))
    assert "LiveBench" in benchmarks and "LiveBench" not in methods


def test_sentences_keep_offsets_and_abbreviations():
    text = "We use GRPO (e.g. for RL). It works on 3.5K videos, i.e. a lot. Results improve by 5.2%."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["We use GRPO (e.g. for RL).", "It works on 3.5K videos, i.e. a lot.",
                                           "Results improve by 5.2%."]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    # a space lost between sentences (seen in the Jul 31 page), but not inside names or e.g.
    text = "the best instruction-following assistant.Based on MT-Bench, e.g.The ASP.NET app wins."
    assert [s.text for s in split_sentences(text)] == [
        "the best instruction-following assistant.", "Based on MT-Bench, e.g.The ASP.NET app wins."]


@pytest.mark.parametrize("jobs", [2, 3])
def test_worker_processes_give_what_one_process_gives(sample_records, monkeypatch, jobs):
    """The forked workers and this process each read a share of the papers; the observations
    come back in input order and the extraction is the one of a single process."""
    import graphkb.extract as extract
    from graphkb.extract import extract_corpus, extraction_record
    from graphkb.ingest.dedupe import merge_duplicates

    monkeypatch.setattr(extract, "PARALLEL_MIN_CHARS", 0)  # the sample pages are under the threshold
    papers = merge_duplicates(sample_records).papers[:120]
    alone = [extraction_record(x) for x in extract_corpus(papers, jobs=1)]
    shared = [extraction_record(x) for x in extract_corpus(papers, jobs=jobs)]
    assert [x["id"] for x in shared] == [p.id for p in papers]
    assert shared == alone
    # and the observations a build keeps, packed where they are made, decide the same
    observed = extract.observe_corpus(papers, jobs=jobs)
    assert all(isinstance(part, bytes) for obs in observed for part in obs)
    assert [extraction_record(x) for x in extract.decide_corpus(papers, observed)] == alone


def test_deciding_unpickles_each_papers_observation_as_it_reads_it(sample_records, monkeypatch):
    """Packed observations are unpickled a paper at a time in each of a decision's passes and let
    go at once (extract.Unpacked): never the whole corpus's at once, whose dropped parts left
    holes the allocator kept. The decisions are those of the observations as objects."""
    import pickle
    import types
    import weakref

    import graphkb.extract as extract
    from graphkb.extract import extract_corpus, extraction_record
    from graphkb.extract.concepts import PhraseObservation
    from graphkb.ingest.dedupe import merge_duplicates

    papers = merge_duplicates(sample_records).papers[:80]
    observed = extract.observe_corpus(papers, jobs=1)
    alive: list[weakref.ref] = []
    most = [0]

    def loads(data):
        value = pickle.loads(data)
        if isinstance(value, PhraseObservation):
            alive[:] = [r for r in alive if r() is not None]
            alive.append(weakref.ref(value))
            most[0] = max(most[0], len(alive))
        return value
    monkeypatch.setattr(extract, "pickle", types.SimpleNamespace(loads=loads, dumps=pickle.dumps,
                                                                 HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL))
    decided = [extraction_record(x) for x in extract.decide_corpus(papers, observed)]
    assert 0 < most[0] <= 3, most[0]  # the one read, and the loops' names for the ones before
    assert decided == [extraction_record(x) for x in extract_corpus(papers, jobs=1)]
