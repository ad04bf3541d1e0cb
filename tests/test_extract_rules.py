"""Each extraction rule on real sentences (mostly from the seed pages), positive and negative."""
import pytest

from graphkb.extract import run_extractor
from graphkb.extract.candidates import CandidateFinder, _announced_name, name_token_source
from graphkb.extract.concepts import ConceptExtractor
from graphkb.extract.cues import BENCHMARK, METHOD, score_candidates
from graphkb.extract.entities import EntityExtractor
from graphkb.extract.lexicon import default_lexicon
from graphkb.extract.prepared import prepare
from graphkb.extract.tasks import task_phrases
from graphkb.records import Paper

FINDER = CandidateFinder(default_lexicon())


def paper(title, abstract="", pid="p"):
    return Paper(id=pid, title=title, abstract=abstract, sources=())


def candidates(sentence, title=False):
    """The scored candidates of one sentence, by surface."""
    pp = prepare(paper(sentence, "") if title else paper("T", sentence))
    ps = pp.sentences[0] if title else pp.sentences[1]
    cands, _ = FINDER.find(ps)
    score_candidates(ps.text, cands)
    return {c.surface: c for c in cands}


def entities(title, abstract, *more):
    papers = [prepare(paper(t, a, f"p{i}")) for i, (t, a) in enumerate([(title, abstract), *more])]
    methods, benchmarks, _ = run_extractor(EntityExtractor(), papers)[0]
    return {m.name: m for m in methods}, {b.name: b for b in benchmarks}


# -- name shapes -----------------------------------------------------------------------------

@pytest.mark.parametrize("token", ["GRPO", "ResNet-50", "Qwen2.5", "GPT-4o", "Mobile-R1", "Step-KTO",
                                   "vLLM", "mT5", "In-BoXBART", "GLM-4-9B", "LoRA"])
def test_name_shaped_tokens(token):
    assert name_token_source(token, sentence_initial=False, in_title=False) == "token"


@pytest.mark.parametrize("token", ["7B", "3.5K", "sim0.01", "FC512", "C96", "MikeSchuster1", "W.N",
                                   "UniversityofCalifornia", "ABOUT", "QΛQT", "learning", "Online"])
def test_not_names(token):
    assert name_token_source(token, sentence_initial=False, in_title=False) is None


def test_capitalised_compounds_are_names_in_prose_not_in_titles():
    assert name_token_source("Complex-Edit", sentence_initial=False, in_title=False) == "token"
    assert name_token_source("Open-World", sentence_initial=False, in_title=True) is None
    assert name_token_source("Mamba", sentence_initial=False, in_title=False) == "rare-word"
    assert name_token_source("Mamba", sentence_initial=True, in_title=False) is None


def test_versions_and_model_sizes():
    found = candidates("T\u00dcLU 3, which builds on Llama 3.1 base models, achieves results surpassing "
                       "the instruct versions of Llama 3.1, Qwen 2.5, Mistral, and even closed models such "
                       "as GPT-4o-mini and Claude 3.5-Haiku.")
    assert {"Llama 3.1", "Qwen 2.5", "GPT-4o-mini", "Mistral"} <= set(found)
    assert found["Claude 3.5-Haiku"].lexicon_kind == METHOD  # a version of a known family, as written
    found = candidates("We compare against LLaMA-3.1-405B-Instruct and Qwen2.5-7B in Subsection 2.1 "
                       "as in NIPS 2012.")
    assert {"LLaMA-3.1-405B-Instruct", "Qwen2.5-7B"} <= set(found)
    assert found["Qwen2.5-7B"].lexicon_kind == METHOD and found["Qwen2.5-7B"].display == "Qwen2.5-7B"
    assert not any(s.startswith(("Subsection", "NIPS")) for s in found)


@pytest.mark.parametrize("sentence,name", [
    ("We fine-tune CLIP ViT-L/14 on it.", "ViT-L/14"), ("We scale UL2 20B further.", "UL2 20B"),
    ("It beats Llama 3 70B.", "Llama 3 70B"), ("We release GLM-4-9B today.", "GLM-4-9B"),
    ("Techniques such as Self-Instruct (Wang et al., 2023) help.", "Self-Instruct"),
    ("We use Llama-3-70B-Instruct.", "Llama-3-70B-Instruct")])
def test_names_keep_their_versions_and_sizes(sentence, name):
    assert name in candidates(sentence)


def test_no_junk_suffixes_and_datasets_with_slashes():
    found = candidates("Our GLM-4 1 models summarise CNN/DailyMail articles.")
    assert "GLM-4" in found and "GLM-4 1" not in found
    assert found["CNN/DailyMail"].lexicon_kind == BENCHMARK


def test_x_based_and_x_like_yield_x_only():
    found = candidates("We propose a ResNet-like encoder with a Transformer-based decoder and "
                       "VLM-Based agents.")
    assert {"ResNet", "Transformer"} <= set(found) and "VLM" not in found  # VLM: a model family
    assert found["Transformer"].suffix == "based" and found["Transformer"].votes[METHOD] > 0
    assert not any(s.endswith(("-like", "-based", "-Based")) for s in found)


# -- lexicon ------------------------------------------------------------------------------------

def test_lexicon_case_rules():
    found = candidates("We report accuracy on MATH and GSM8K, although the math is hard.")
    assert found["MATH"].lexicon_kind == BENCHMARK
    assert "math" not in found
    title = candidates("Knowledge Distillation with Chain-of-Thought Prompting", title=True)
    assert title["Knowledge Distillation"].lexicon_kind == METHOD
    assert title["Chain-of-Thought Prompting"].display == "chain-of-thought prompting"


def test_names_with_a_digit_or_a_rare_word_match_in_any_case():
    found = candidates("We reach 1.27 bits/char on text8 and results on the Penn TreeBank.")
    assert found["text8"].lexicon_kind == BENCHMARK and found["Penn TreeBank"].lexicon_kind == BENCHMARK
    found = candidates("Natural questions arise; the adam optimiser and the math are not names here.")
    assert not any(c.lexicon_kind for c in found.values())  # common words keep their case rule


def test_names_as_prose_writes_them():
    found = candidates("We evaluated our model on Market 1501 and on the CNN and Daily Mail news data.")
    assert found["Market 1501"].display == "Market-1501"
    assert found["CNN and Daily Mail"].lexicon_kind == BENCHMARK and "CNN" not in found


def test_a_derived_name_is_known_only_as_the_vocabulary_writes_it():
    lexicon = default_lexicon()
    assert lexicon.kind_of("Caffe") == BENCHMARK  # by key, the dataset CaFFe
    assert lexicon.kind_of_token("Caffe") is None and lexicon.kind_of_token("CaFFe") == BENCHMARK
    assert lexicon.kind_of_token("Procgen") == BENCHMARK  # no English word: "ProcGen" in another case
    assert lexicon.kind_of_token("Mini-ImageNet") == lexicon.kind_of_token("miniImageNet") == BENCHMARK


# -- context cues ---------------------------------------------------------------------------------

def test_dataset_cues():
    found = candidates("Evaluations show that GLM-4 closely rivals or outperforms GPT-4 in terms of general "
                       "metrics such as MMLU, GSM8K, MATH, BBH, GPQA, and HumanEval.")
    assert found["GPT-4"].votes[METHOD] > found["GPT-4"].votes[BENCHMARK]
    found = candidates("HAST is evaluated on the TweetEval dataset and the ZebraLogic benchmark.")
    assert found["TweetEval"].votes[BENCHMARK] >= 3 and found["ZebraLogic"].votes[BENCHMARK] >= 3


def test_lists_share_their_cue():
    found = candidates("We evaluate on CrossTask, COIN and ZebraLogic.")
    assert all(found[n].votes[BENCHMARK] >= 2.5 for n in ("CrossTask", "COIN", "ZebraLogic"))


def test_words_listed_with_known_names_are_names_of_the_list():
    found = candidates("Our models match results on graph benchmarks: the Cora, Citeseer and Pubmed datasets.")
    assert found["Cora"].source == "list-member" and found["Cora"].votes[BENCHMARK] >= 2.5
    found = candidates("We compare with Set5, Set14, B100 and the Urban100 images.")
    assert found["B100"].votes[BENCHMARK] > 0
    found = candidates("It competes with models such as Claude 3 Opus and LLaMA-3.1-405B-Instruct.")
    assert "Opus" not in found  # a word of the name before it, not a member
    found = candidates("Moreover, GPT-4 and Gemini answer.")
    assert "Moreover" not in found


def test_lists_in_a_run_of_capitalised_words_and_camel_case_names():
    found = candidates("DeepID2 achieves new state-of-the-art on LFW and YouTube Faces benchmarks.")
    assert found["YouTube Faces"].votes[BENCHMARK] >= 2.5 and "LFW" in found
    found = candidates("We propose a protocol that involves Hyperparameter Tuning and Evaluation phases.")
    assert "Hyperparameter Tuning" not in found
    found = candidates("We achieve state of the art results on the bAbI dataset and on miniImageNet.")
    assert found["bAbI"].votes[BENCHMARK] >= 2.5 and found["miniImageNet"].lexicon_kind == BENCHMARK


@pytest.mark.parametrize("sentence,name,kind", [
    ("We address these challenges with AlpacaFarm, a simulator that enables research.", "AlpacaFarm", BENCHMARK),
    ("This work introduces Skill-Mix, a new evaluation to measure ability to combine skills.", "Skill-Mix",
     BENCHMARK),
    ("Additionally, we construct WebGen-Instruct, a training set consisting of 6,667 instructions.",
     "WebGen-Instruct", BENCHMARK),
    ("In this work, we propose BigNAS, an approach that challenges the conventional wisdom.", "BigNAS", METHOD),
])
def test_an_appositive_types_the_name_before_it(sentence, name, kind):
    found = candidates(sentence)[name]
    other = METHOD if kind == BENCHMARK else BENCHMARK
    assert found.votes[kind] > found.votes[other]


def test_a_dataset_noun_after_an_acronym_types_it_and_its_long_form():
    found = candidates("We introduce the PowerPoint Task Completion (PPTC) benchmark to assess LLMs.")
    assert found["PPTC"].votes[BENCHMARK] >= 3 and found["PowerPoint Task Completion"].votes[BENCHMARK] >= 3
    _, benchmarks = entities("PPTC Benchmark: Evaluating Large Language Models for PowerPoint Task Completion",
                             "We release the data and evaluation system of PPTC.")
    assert benchmarks["PPTC Benchmark"].role == "proposes"


@pytest.mark.parametrize("sentence,name,rule", [
    ("To address these challenges, we introduce an approach called Mobile-R1, which employs "
     "interactive multi-turn reinforcement learning.", "Mobile-R1", "named"),
    ("As an initial step, we propose a novel algorithm, dubbed Curriculum Designer (CD), that designs "
     "and ranks curricula.", "Curriculum Designer", "named"),
    ("We introduce HAST, a new and effective self-training strategy.", "HAST", None),
    ("In this paper, we introduce an innovative iterative training framework called Self-Lengthen "
     "that leverages only the intrinsic knowledge of LLMs.", "Self-Lengthen", "named"),
])
def test_proposing_cues(sentence, name, rule):
    found = candidates(sentence)
    assert found[name].proposes
    if rule:
        assert found[name].rule == rule


def test_using_a_known_method_is_not_proposing_it():
    found = candidates("We apply LoRA and GRPO to fine-tune our agent.")
    assert not found["LoRA"].proposes and not found["GRPO"].proposes
    assert found["LoRA"].votes[METHOD] > 0


def test_outperforms_and_based_on_vote_method():
    found = candidates("Our model outperforms MathGenie and builds on AlphaZero.")
    assert found["MathGenie"].rule == "outperforms" and found["MathGenie"].votes[METHOD] >= 2
    assert found["AlphaZero"].votes[METHOD] >= 1.5


# -- phrases ------------------------------------------------------------------------------------

def test_technique_noun_phrases():
    found = candidates("We train deep networks with stochastic pooling on large training data.")
    assert "stochastic pooling" in found and found["stochastic pooling"].source == "phrase"
    assert not any("training data" in s for s in found)  # "training" is not the head there
    found = candidates("The original training and a single machine suffice.")
    assert not any(s in found for s in ("original training", "single machine"))


# -- titles ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("title,name", [
    ("Mobile-R1: Towards Interactive Reinforcement Learning for VLM-Based Mobile Agent", "Mobile-R1"),
    ("Qwen2.5 Technical Report", "Qwen2.5"),
    ("The Reactor: A fast and sample-efficient Actor-Critic agent", "Reactor"),
    ("A Joint Many-Task Model: Growing a Neural Network for Multiple NLP Tasks", "Joint Many-Task Model"),
    ("Full-Resolution Residual Networks for Semantic Segmentation in Street Scenes",
     "Full-Resolution Residual Networks"),
    ("Photographic Image Synthesis with Cascaded Refinement Networks", "Cascaded Refinement Networks"),
    ("Convolutional Kernel Networks", "Convolutional Kernel Networks"),
    ("Skill-it! A Data-Driven Skills Framework", "Skill-it"),
    ("Proposer-Agent-Evaluator(PAE): Autonomous Skill Discovery", "Proposer-Agent-Evaluator"),
])
def test_titles_announce_names(title, name):
    start, end, _ = _announced_name(title)
    assert title[start:end] == name


@pytest.mark.parametrize("title", [
    "Learning to Learn: How to Continuously Teach Humans and Machines",
    "Towards a Neural Statistician",
    "An Emulator for Fine-Tuning Large Language Models using Small Language Models",
    "Revisiting the Superficial Alignment Hypothesis",
    "Unlock the Power: Competitive Distillation for Multi-Modal Large Language Models",
])
def test_titles_that_announce_no_name(title):
    assert _announced_name(title) is None


def test_title_name_is_proposed_as_a_whole():
    methods, benchmarks = entities("Shopping MMLU: A Massive Multi-Task Online Shopping Benchmark",
                                   "We evaluate models on MMLU.")
    assert benchmarks["Shopping MMLU"].role == "proposes"
    assert benchmarks["MMLU"].role == "uses"
    methods, _ = entities("GUIDE: A Guideline-Guided Dataset for Instructional Video Comprehension",
                          "We present the GUIDE dataset.")
    assert "GUIDE" not in methods


# -- acronyms and their long forms ----------------------------------------------------------------

def test_a_named_long_form_proposes_its_acronym():
    methods, _ = entities("Curriculum Design", "As an initial step, we propose a novel algorithm, dubbed "
                          "Curriculum Designer (CD), that designs and ranks curricula. CD works well.")
    assert methods["CD"].role == "proposes" and methods["CD"].long_form == "Curriculum Designer"


def test_acronym_and_long_form_are_one_entity():
    methods, _ = entities("Product-based Neural Networks for User Response Prediction",
                          "In this paper, we propose a Product-based Neural Networks (PNN) with an embedding "
                          "layer. Our experimental results demonstrate that PNNs consistently outperform the "
                          "state-of-the-art models.")
    assert "PNN" in methods and methods["PNN"].role == "proposes"
    assert methods["PNN"].long_form == "Product-based Neural Networks"
    assert "Product-based Neural Networks" not in methods


# -- concepts and tasks ---------------------------------------------------------------------------

def test_long_title_is_read_as_text():
    paragraph = ("Complex Langevin (CL) dynamics provides an approach to circumvent the sign problem in "
                 "numerical simulations of lattice field theories with a complex Boltzmann weight. "
                 "In recent years a number of stimulating results has been obtained.") * 2
    pp = prepare(paper(paragraph))
    assert len(pp.sentences) > 1 and not any(ps.is_title for ps in pp.sentences)
    (keyphrases,) = run_extractor(ConceptExtractor(top_k=5), [pp])
    assert "sign problem" in [k.name for k in keyphrases] or \
        "lattice field theories" in [k.name for k in keyphrases]


def test_task_phrases():
    pp = prepare(paper("Full-Resolution Residual Networks for Semantic Segmentation in Street Scenes",
                       "Semantic image segmentation is an essential component of autonomous driving."))
    tasks = dict(task_phrases(pp))
    assert tasks["segmentation"] == 2 and tasks["semantic segmentation"] == 1
    assert "semantic image segmentation" in tasks
    assert not any(t.endswith(("networks", "component")) for t in tasks)


# -- who proposes what ------------------------------------------------------------------------------

def test_a_known_name_the_paper_introduces_is_proposed():
    methods, _ = entities("Qwen2.5 Technical Report", "In this report, we introduce Qwen2.5, a comprehensive "
                          "series of large language models. We compare with Llama 3.")
    assert methods["Qwen2.5"].role == "proposes" and methods["Llama 3"].role == "uses"
    methods, _ = entities("ChatGLM: A Family of Large Language Models", "We present ChatGLM, trained with SFT.")
    assert methods["ChatGLM"].role == "proposes"
    methods, _ = entities("Efficient tuning", "We propose a method that uses LoRA and GPT-4 as a judge.")
    assert methods["LoRA"].role == "uses" and methods["GPT-4"].role == "uses"


def test_tasks_are_never_proposed():
    for title, abstract in (("Readers", "We introduce Visual Question Answering, a new study of readers."),
                            ("Semantic Segmentation: a study", "We study it.")):
        methods, benchmarks = entities(title, abstract)
        assert all(m.role != "proposes" for m in [*methods.values(), *benchmarks.values()])


@pytest.mark.parametrize("title,name", [
    ("CodeCoT and Beyond: Learning to Program and Test like a Developer", "CodeCoT"),
    ("Step-Video-T2V Technical Report: The Practice, Challenges, and Future", "Step-Video-T2V"),
    ("AlphaMath Almost Zero: process Supervision without process", "AlphaMath"),
])
def test_titles_announce_the_name_without_trailing_words(title, name):
    start, end, _ = _announced_name(title)
    assert title[start:end] == name


@pytest.mark.parametrize("title", [
    "A Deep Learning Framework for Lifelong Machine Learning",
    "A Multi-Level Framework for Accelerating Training Transformer Models",
    "A Careful Examination of Large Behavior Models for Multitask Dexterous Manipulation",
    "Physics of Language Models: Part 3.1, Knowledge Storage and Extraction",
    "Stacking Your Transformers: A Closer Look at Model Growth",
    "Super(ficial)-alignment: Strong Models May Deceive Weak Models",
])
def test_titles_that_describe_instead_of_naming(title):
    assert _announced_name(title) is None


def test_names_that_extend_a_proposed_name_are_its_own_versions():
    methods, _ = entities("Qwen2.5 Technical Report", "We introduce Qwen2.5. The open-weight Qwen2.5-72B-Instruct "
                          "and Qwen2.5-Math models outperform Llama-3-405B-Instruct.")
    assert {n for n, m in methods.items() if m.role == "proposes"} == {"Qwen2.5", "Qwen2.5-72B-Instruct",
                                                                       "Qwen2.5-Math"}


@pytest.mark.parametrize("title,name", [("Crystal: Illuminating LLM Abilities on Language and Code", "Crystal"),
                                        ("Baichuan Alignment Technical Report", "Baichuan Alignment")])
def test_a_titled_word_or_a_report_names_what_the_paper_proposes(title, name):
    start, end, _ = _announced_name(title)
    assert title[start:end] == name


def test_glued_person_names_are_not_methods():
    found = candidates("Written by ZonghengYang 1 and YonghuiWu with ResNet and AlphaZero baselines.")
    assert not any(s.startswith(("ZonghengYang", "YonghuiWu")) for s in found)
    assert {"ResNet", "AlphaZero"} <= set(found)


def test_words_capitalised_to_spell_an_acronym_are_not_names():
    found = candidates("We propose ARTE (Aligning TeacheR with StudenT PreferencEs) and compare with BoX and STeP.")
    assert not {"TeacheR", "StudenT", "PreferencEs"} & set(found)
    assert {"BoX", "STeP"} <= set(found)  # short names made of a word stay names


def test_a_known_name_written_in_full_keeps_its_long_form():
    found = candidates("It utilizes Monte Carlo Tree Search guided by rewards.")
    (c,) = [c for c in found.values() if c.display == "MCTS"]
    assert c.long_form == "Monte Carlo Tree Search"


def test_a_parameter_count_or_tuning_suffix_makes_a_model():
    found = candidates("We evaluate UL2 20B and Llama-3-8B-Instruct on LAION-5B.")
    assert found["UL2 20B"].votes[METHOD] >= 3 and found["Llama-3-8B-Instruct"].votes[METHOD] >= 3
    assert found["LAION-5B"].votes[METHOD] < found["LAION-5B"].votes[BENCHMARK]  # samples, not parameters


@pytest.mark.parametrize("sentence,name", [
    ("Our approach, Warm-start RL (WSRL), mitigates forgetting.", "Warm-start RL"),
    ("Our trained LLM, SFR-Iterative-DPO, achieves strong results.", "SFR-Iterative-DPO"),
    ("A deep compression autoencoder, Video-VAE, is designed for video generation.", "Video-VAE"),
    ("Our methods include a novel method we call Reinforcement Learning with Verifiable Rewards (RLVR).",
     "Reinforcement Learning with Verifiable Rewards"),
])
def test_more_ways_of_saying_the_paper_introduces_a_name(sentence, name):
    assert candidates(sentence)[name].proposes


def test_our_model_outperforming_a_known_one_does_not_propose_it():
    found = candidates("Our model, trained briefly, outperforms GPT-4 and uses LoRA.")
    assert not found["GPT-4"].proposes and not found["LoRA"].proposes


def test_a_known_word_inside_a_long_form_belongs_to_that_name():
    found = candidates("We propose Sensitive Neuron Dropout (SeND), a training protocol.")
    assert "Dropout" not in found and found["SeND"].long_form == "Sensitive Neuron Dropout"
    found = candidates("We study the Open Pretrained Transformers (OPT) models.")
    assert "Transformers" not in found
    # a proper name inside one is still a mention: "the extended Cohn-Kanade dataset (CK +)"
    assert "Cohn-Kanade" in candidates("We evaluate on the extended Cohn-Kanade dataset (CKP) only.")


def test_a_titled_model_or_system_long_form_names_one_thing():
    methods, _ = entities("Some Report", "The process spans three stages: Prompt Augmentation System (PAS) and "
                          "Supervised Fine-Tuning (SFT). Machine comprehension (MC) is hard. Recommender systems (RS) "
                          "are common.")
    assert "PAS" in methods and "MC" not in methods and "RS" not in methods


def test_three_capitalised_words_ending_in_a_method_noun_are_a_name():
    methods, _ = entities("Some Report", "Preference data are optimized through Iterative Preference Optimization.")
    assert "Iterative Preference Optimization" in methods


def test_libraries_and_the_transformer_in_prose_are_methods():
    methods, _ = entities("Some Report", "Frameworks such as TensorFlow and PyTorch train a transformer-based model.")
    assert {"TensorFlow", "PyTorch", "transformer"} <= set(methods)


@pytest.mark.parametrize("token,is_name", [("Once-for-All", True), ("Plan-and-Solve", True), ("Zero-shot-CoT", True),
                                           ("English-to-German", False), ("Image-to-Video", False)])
def test_capitalised_compounds_with_small_words(token, is_name):
    assert (name_token_source(token, False, False) == "token") is is_name


@pytest.mark.parametrize("sentence,name,proposes", [
    ("In this work, we propose applying LBL at the level of a global batch.", "LBL", False),
    ("We propose an evaluation protocol that involves Hyperparameter Tuning and Evaluation phases.",
     "Hyperparameter Tuning and Evaluation", False),
    ("We start from analysing the importance of guidance, inspiring the design of a simple Learngene approach.",
     "Learngene", False),
    ("We train the proposed LapSRN with deep supervision.", "LapSRN", True),
    ("To address these challenges, we introduce an exact unlearning framework -- Sequence-aware Sharded "
     "Sliced Training (S3T), designed to enhance deletion.", "Sequence-aware Sharded Sliced Training", True),
])
def test_what_a_proposing_verb_governs(sentence, name, proposes):
    assert candidates(sentence)[name].proposes is proposes


def test_the_resulting_model_is_the_papers_and_an_existing_one_is_not():
    found = candidates("When comparing the resulting model Orca-3 to Mistral-7b-Instruct, we observe gains.")
    assert found["Orca-3"].proposes
    found = candidates("Existing UniMs are designed to simultaneously learn both understanding and generation.")
    assert not found["UniMs"].proposes


def test_a_title_head_ending_in_a_rare_name_announces_it():
    assert _announced_name("Revisiting Text-to-Image Evaluation with Gecko: On Metrics and Human Ratings") == \
        (41, 46, "title-via")
    _, benchmarks = entities("Revisiting Text-to-Image Evaluation with Gecko: On Metrics and Human Ratings", "We test.")
    assert benchmarks["Gecko"].role == "proposes"
    # a subtitle's tail, or a common word, is not the paper's name
    assert _announced_name("Self-driven Grounding: LLM Agents with Automatical Language-aligned Skill Learning") is None
    assert _announced_name("Learning to Ground Instructional Articles in Videos through Narrations") is None


def test_a_name_after_dubbed_keeps_its_small_words():
    found = candidates("Thus, we propose ARTE, dubbed Aligning TeacheR with StudenT PreferencEs, a framework.")
    assert found["Aligning TeacheR with StudenT PreferencEs"].proposes


def test_a_later_verb_of_the_same_subject_and_its_list_of_names():
    found = candidates("Furthermore, we develop a reasoning-bootstrapping based data collection pipeline to create a "
                       "GUI-Critic-Train and a GUI-Critic-Test, filling existing gaps in GUI critic data.")
    assert found["GUI-Critic-Train"].proposes and found["GUI-Critic-Test"].proposes
    found = candidates("To address the problem, we introduce a novel task, Partial labeling and Long-Tailed "
                       "Multi-Label Classification (PLT-MLC), to jointly consider two environments.")
    assert not found["PLT-MLC"].proposes  # a task


def test_a_known_name_after_in_this_paper_we_present_is_proposed():
    found = candidates("In this paper, we present 3DMatch, a data-driven model that learns a local descriptor.")
    assert found["3DMatch"].proposes and found["3DMatch"].votes[METHOD] > found["3DMatch"].votes[BENCHMARK]


def test_a_known_dataset_name_the_paper_defines_as_a_task_names_the_task():
    _, benchmarks = entities("Graph VQA", "This paper improves visual question answering (VQA) with graphs. "
                             "A key challenge in VQA is joint reasoning.")
    assert "VQA" not in benchmarks
    _, benchmarks = entities("Graph VQA", "We study visual question answering (VQA) on the VQA dataset.")
    assert "VQA" in benchmarks


def test_a_name_modifying_a_noun_is_not_what_the_paper_is_on():
    found = candidates("We show the performance of AlphaZero on an Elo scale.")
    assert "Elo" not in found or found["Elo"].votes[BENCHMARK] == 0
    found = candidates("We evaluate it on the Stanford NLI entailment task and on the ZebraLogic benchmark.")
    assert found["Stanford NLI"].votes[BENCHMARK] == 0 and found["ZebraLogic"].votes[BENCHMARK] >= 3
    found = candidates("On the ImageNet-64 generation benchmark, Uni-Instruct achieves a new state of the art.")
    assert found["ImageNet-64"].votes[BENCHMARK] > 0
    methods, benchmarks = entities("Graph encoders", "We study reentrancies in AMR-to-text generation.")
    assert "AMR-to-text" not in methods and "AMR-to-text" not in benchmarks  # a word of the task's name


def test_a_comma_after_a_singular_dataset_noun_ends_a_clause_not_a_list():
    assert candidates("On the validation set, LDCF outperforms ACF.")["LDCF"].votes[BENCHMARK] == 0
    assert candidates("We use three datasets, FooBar and BazQux.")["FooBar"].votes[BENCHMARK] >= 3
    assert candidates("A benchmark, such as FooBar, helps.")["FooBar"].votes[BENCHMARK] >= 3


def test_where_something_is_available_is_no_benchmark():
    assert candidates("Our VQA demo is available on CloudCV (http://cloudcv.org/vqa).")["CloudCV"].votes[BENCHMARK] == 0
    found = candidates("We focus on the 2016 Top Chess Engine Championship (TCEC) world-champion Stockfish.")
    assert found["TCEC"].votes[BENCHMARK] == 0  # it modifies "world-champion"


def test_words_of_a_heading_in_capitals_are_not_names():
    found = candidates("Harbin, China SINGLE IMAGE SUPER-RESOLUTION WITH DILATED CONVOLUTION is hard for CNN models.")
    assert not {"SINGLE", "IMAGE", "SUPER-RESOLUTION", "DILATED"} & set(found) and "CNN" in found
    assert "WIDER" in candidates("We evaluate on the WIDER FACE validation dataset.")


def test_long_hyphenated_model_names_with_versions_are_names():
    assert name_token_source("SFR-Iterative-DPO-LLaMA-3-8B-R", False, False) == "token"
    assert name_token_source("Qwen2.5-Coder-32B-Instruct", False, False) == "token"
    assert name_token_source("TechnicalReportMSR-TR-2016-71", False, False) is None  # glued words


def test_what_a_thing_proposed_is_of_is_not_proposed():
    found = candidates("We present the workflow of Online Iterative Reinforcement Learning from Human Feedback (RLHF).")
    assert not any(c.proposes for c in found.values())

