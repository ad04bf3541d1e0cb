"""The vocabularies derived from Papers with Code: shipped with attribution, filtered, and weaker
than the hand-written lists where they disagree."""
from importlib import resources

import pytest

from graphkb.extract.lexicon import default_lexicon

LEXICON = default_lexicon()
DERIVED = ("pwc_methods.txt", "pwc_method_papers.tsv", "pwc_datasets.txt", "pwc_tasks.txt")


@pytest.mark.parametrize("filename", DERIVED)
def test_derived_lists_keep_licence_and_attribution(filename):
    first = (resources.files("graphkb.extract") / "lexicons" / filename).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and "CC BY-SA 4.0" in first and "Papers with Code" in first


def test_names_known_only_from_the_field_are_found():
    hits = {h.name: h.kind for h in LEXICON.find("We train a Wasserstein GAN on Cityscapes and SUN RGB-D.")}
    assert hits.get("WGAN") == "method"
    assert hits.get("SUN RGB-D") == "benchmark"
    assert LEXICON.is_derived("SUN RGB-D") and not LEXICON.is_derived("GPT-4")


@pytest.mark.parametrize("junk", ["How do I speak with someone at Expedia?", "N/A", "Hand", "Cars", "Weather",
                                  "Training and", "MSD"])
def test_spam_generic_words_and_short_acronyms_are_filtered(junk):
    assert LEXICON.kind_of(junk) is None


def test_tasks_and_introducing_papers():
    assert LEXICON.is_task("Question Answering") and LEXICON.is_task("semantic segmentation")
    assert not LEXICON.is_task("GPT-4")
    assert LEXICON.introducing_paper("WGAN") == "Wasserstein GAN"
    assert LEXICON.introducing_paper("GPT-4") is None


@pytest.mark.parametrize("text, found", [
    ("a Llama-Guard filter", set()), ("GPT-4-based agents", {"GPT-4"}), ("via GPT-4o.", {"GPT-4o"}),
    ("the GPT-4-Turbo API", {"GPT-4-Turbo"}), ("not xGPT-4 here", set())])
def test_a_lexicon_name_is_matched_whole(text, found):
    assert {h.name for h in LEXICON.find(text)} == found


def test_the_introducing_paper_in_the_corpus_is_the_proposer():
    from graphkb.extract import extract_corpus
    from graphkb.link.resolve import resolve_entities
    from graphkb.records import Paper
    papers = [Paper(id="wgan", title="Wasserstein GAN", abstract="We introduce a new algorithm for training GANs.",
                    sources=()),
              Paper(id="user", title="Stable image models",
                    abstract="We propose WGAN, trained on CIFAR-10, and compare it with DCGAN.", sources=())]
    (wgan,) = [e for e in resolve_entities(extract_corpus(papers, jobs=1)).values() if e.name == "WGAN"]
    assert wgan.proposers() == ["wgan"] and wgan.users() == ["user"]
    assert [m.role for m in wgan.papers["user"]] == ["uses"]  # its "we propose WGAN" is not believed


def test_an_introducing_paper_that_does_not_name_it_still_proposes_it():
    from graphkb.link.resolve import resolve_entities
    from graphkb.records import EntityMention, Evidence, PaperExtraction
    used = EntityMention("WGAN", "method", "uses", 0.8, Evidence("We train a WGAN.", 0, 16, "lexicon"))
    extractions = [PaperExtraction("p1", "Wasserstein GAN"), PaperExtraction("p2", "Faces", methods=(used,))]
    (wgan,) = resolve_entities(extractions).values()
    assert wgan.proposers() == ["p1"] and wgan.users() == ["p2"]
    (mention,) = wgan.papers["p1"]
    assert mention.evidence.rule == "pwc-introduced" and mention.evidence.sentence == "Wasserstein GAN"
