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


# Pages as a new user writes or saves them (issue 12): every line is a paper's title or abstract,
# page chrome, or reported with its line; none becomes a paper or part of one silently.

def test_a_short_sentence_after_a_title_is_reported_and_the_abstract_stays_with_its_title(seed_papers):
    (t1, a1), (t2, a2) = seed_papers[:2]
    short = "In object detection, an intersection over union (IoU)"
    with pytest.raises(InputError) as e:
        read(f"{t1}\n\n{short}\n\n{a1}\n\n{t2}\n\n{a2}\n")
    assert e.value.line == 3 and "neither a title nor an abstract" in e.value.reason
    papers, report = read(f"{t1}\n\n{short}\n\n{a1}\n\n{t2}\n\n{a2}\n", skip=True)
    assert [(p.title, p.abstract) for p in papers] == [(t1, a1), (t2, a2)]
    assert [x.line for x in report.skipped] == [3]


def test_a_title_without_an_abstract_is_reported_with_its_line(seed_papers):
    (t1, _), (t2, a2) = seed_papers[:2]
    papers, report = read(f"{t1}\n\n{t2}\n\n{a2}\n\nA Title Left Alone At The End Of The Page\n", skip=True)
    assert [(p.title, p.abstract) for p in papers] == [(t2, a2)]
    assert [(x.line, x.reason.split(":")[0]) for x in report.skipped] == [
        (1, "title without an abstract"), (7, "title without an abstract")]


def test_a_long_title_ending_in_a_question_mark_is_not_glued_to_the_abstract_before_it(seed_papers):
    (t1, a1), (_, a2) = seed_papers[:2]
    long_title = ("Do Large Language Models Really Know What They Do Not Know When They Are Asked "
                  "About Facts They Have Never Seen Before?")
    for sep in ("\n\n", "\n"):
        papers, report = read(sep.join([t1, a1, long_title, a2]) + "\n")
        assert [(p.title, p.abstract) for p in papers] == [(t1, a1), (long_title, a2)]
        assert not report.skipped


def test_page_chrome_is_told_by_shape_and_place_not_by_a_fixed_list(seed_papers):
    (t1, a1), (t2, a2) = seed_papers[:2]
    head = ["Hugging Face", "Models", "Datasets", "Sign Up", "Trending Papers", "Mar 3, 2025",
            "Join our newsletter to get the best papers by e-mail!"]
    papers, report = read("\n\n".join(head + [t1, a1, "Load more papers", t2, a2]) + "\n")
    assert [(p.title, p.abstract) for p in papers] == [(t1, a1), (t2, a2)]
    assert not report.skipped and papers[0].listing_date == "Mar 3, 2025"
