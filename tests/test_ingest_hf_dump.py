"""The Hugging Face Daily Papers page reader, on real page text from the seeds."""
import pytest

from graphkb.errors import InputError
from graphkb.ingest import ErrorReport, hf_dump, read_inputs


def read(text, skip=False):
    report = ErrorReport(skip=skip)
    return list(hf_dump.read(text, "page.txt", report)), report


def page(seed_papers, blank_lines=True, chrome=True):
    sep = "\n\n" if blank_lines else "\n"
    head = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
            "byAK and the research community", "Jul 31"] if chrome else []
    body = [x for title, abstract in seed_papers for x in (title, abstract)]
    return sep.join(head + body) + "\n"


@pytest.mark.parametrize("blank_lines", [True, False], ids=["blank-lines", "no-blank-lines"])
def test_both_layouts_give_the_same_papers(seed_papers, blank_lines):
    papers, _ = read(page(seed_papers, blank_lines))
    assert [(p.title, p.abstract) for p in papers] == seed_papers
    assert all(p.listing_date == "Jul 31" for p in papers)
    assert papers[0].title.startswith("Mobile-R1: Towards Interactive Reinforcement Learning")


def test_chrome_glued_to_the_first_title_is_dropped(seed_papers):
    title, abstract = seed_papers[0]
    text = ("new\nGet trending papers in your email inbox!\n"
            f"Subscribe{title}\n{abstract}\n")
    papers, _ = read(text)
    assert [p.title for p in papers] == [title]
    text = f"newGet trending papers in your email inbox!SubscribeDaily PapersJul 31{title}\n{abstract}"
    papers, _ = read(text)
    assert [p.title for p in papers] == [title] and papers[0].listing_date == "Jul 31"


def test_real_seed_pages_have_no_chrome_left(sample_records):
    titles = {r.title for r in sample_records}
    for chrome in hf_dump.CHROME:
        assert chrome not in titles
    assert not any(t in titles for t in ("Jul 31", "Aug 6", "Mar 18"))
    assert {r.listing_date for r in sample_records} == {"Jul 31", "Aug 6", "Mar 18"}
    assert all(len(r.abstract) > 200 for r in sample_records)


def test_titles_are_cleaned(sample_records):
    titles = {r.title for r in sample_records}
    assert "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training" in titles
    assert not any("\\" in t or "$" in t for t in titles)


def test_abstract_before_any_title_is_a_bad_record(seed_papers):
    title, abstract = seed_papers[0]
    with pytest.raises(InputError) as e:
        read(f"{abstract}\n\n{title}\n\n{abstract}\n")
    assert (e.value.path, e.value.line) == ("page.txt", 1)
    papers, report = read(f"{abstract}\n\n{title}\n\n{abstract}\n", skip=True)
    assert [p.title for p in papers] == [title] and len(report.skipped) == 1


def test_gzipped_page_reads_like_the_plain_one(tmp_path, seed_papers):
    import gzip
    plain = tmp_path / "page.txt"
    plain.write_text(page(seed_papers), encoding="utf-8")
    gz = tmp_path / "page2.txt.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    a, b = read_inputs([plain]), read_inputs([gz])
    assert [(r.title, r.abstract) for r in a] == [(r.title, r.abstract) for r in b]
    assert b[0].source.startswith("page2.txt.gz:")
