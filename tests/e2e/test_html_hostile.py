"""A small hand-made graph with hostile text, dates and links: escaping, tooltips, paper links, date filter."""
from __future__ import annotations

import pytest
from offline_browser import assert_clean

from graphkb.export.html import write_html
from graphkb.graph import KnowledgeGraph
from graphkb.htmlview import HtmlOptions

HOSTILE = 'Costs $5 & <b>more</b>: </script><img src=x onerror="window.pwned=1"> "quoted" \'too\' $\\alpha$'
# (the astral characters: the page marks names by UTF-16 offsets, which they shift)
SENTENCE = 'We propose \U0001d53e and \U0001f680 <GRPO-X> </script><svg onload="window.pwned=2"> & win.'


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title=HOSTILE, abstract=SENTENCE + " More text.", date="2024-01-15",
                arxiv_id="2401.00001")
    kg.add_node("Paper", "p2", title="Second paper", abstract="We evaluate on Bench$.", date="2024-03-02",
                url="https://example.org/p2")
    kg.add_node("Paper", "p3", title="Undated paper", abstract="Nothing.", url="javascript:window.pwned=3")
    kg.add_node("Method", "method:grpox", name="GRPO-X <i>", aliases=['Group <Relative> "Policy"'], paper_count=2)
    kg.add_node("Benchmark", "benchmark:bench", name="Bench$", paper_count=1)
    kg.add_node("Topic", "topic:1", name="t<1> & co", top_terms=["a<b", "c"], size=2)
    evidence = {"sentence": SENTENCE, "start": 0, "end": len(SENTENCE), "rule": "we-propose", "field": "abstract"}
    kg.add_edge("PROPOSES", "p1", "method:grpox", evidence=evidence, confidence=0.9, mention="GRPO-X")
    kg.add_edge("USES", "p2", "method:grpox", evidence=evidence, confidence=0.7, mention="GRPO-X")
    kg.add_edge("EVALUATED_ON", "p2", "benchmark:bench", evidence=evidence, confidence=0.8)
    kg.add_edge("SIMILAR_TO", "p1", "p2", score=0.42, shared_terms=["<x>"])
    kg.add_edge("SIMILAR_TO", "p2", "p3", score=0.12, shared_terms=["y"])
    kg.add_edge("IN_TOPIC", "p1", "topic:1", weight=0.5)
    kg.add_edge("IN_TOPIC", "p2", "topic:1", weight=0.4)
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    write_html(kg, path, HtmlOptions(view="full"))
    return path


def hover_tooltip(visit, point) -> str:
    visit.page.mouse.move(*point)
    tooltip = visit.page.locator(".gk-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.inner_text()


def test_hostile_text_is_shown_as_text_and_runs_nothing(hostile_page, open_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert "</script><img" not in html and "<svg onload" not in html
    visit = open_page(hostile_page)
    assert_clean(visit)  # an injected <img src=x> would have been a request
    assert visit.js("window.pwned") is None
    assert visit.js("document.querySelectorAll('[onerror], [onload]').length") == 0
    hover_tooltip(visit, visit.node_point("p1"))
    assert visit.js("document.querySelector('.gk-tooltip .gk-tip-title').textContent") == HOSTILE
    (x1, y1), (x2, y2) = visit.node_point("p1"), visit.node_point("method:grpox")
    visit.page.mouse.move(5, 5)
    edge_tip = hover_tooltip(visit, ((x1 + x2) / 2, (y1 + y2) / 2))
    assert SENTENCE in edge_tip and "we-propose" in edge_tip
    assert "t<1> & co" in visit.page.locator("#topic-filter").inner_text()


def test_hover_shows_the_tooltip(hostile_page, open_page):
    visit = open_page(hostile_page)
    text = hover_tooltip(visit, visit.node_point("p1"))
    assert HOSTILE in text
    assert "GRPO-X <i>" in text and "2024-01-15" in text and "t<1> & co" in text
    visit.screenshot("hostile-tooltip")
    assert_clean(visit)


def test_papers_link_to_arxiv_and_hugging_face_or_their_url_and_never_to_script(hostile_page, open_page):
    visit = open_page(hostile_page)
    links = visit.page.locator("#details a")
    for node, hrefs in (("p1", ["https://arxiv.org/abs/2401.00001", "https://huggingface.co/papers/2401.00001"]),
                        ("p2", ["https://example.org/p2"])):
        visit.page.mouse.click(*visit.node_point(node))
        assert visit.js("network.getSelectedNodes()") == [node]
        assert [a.get_attribute("href") for a in links.all()] == hrefs
        assert {a.get_attribute("rel") for a in links.all()} == {"noopener noreferrer"}
    visit.page.mouse.click(*visit.node_point("p3"))
    assert visit.js("network.getSelectedNodes()") == ["p3"]
    assert links.count() == 0
    assert_clean(visit)


def test_a_papers_evidence_marks_the_names_as_text(hostile_page, open_page):
    visit = open_page(hostile_page)
    visit.page.mouse.click(*visit.node_point("p2"))
    evidence = visit.page.locator("#details ul.evidence li")
    assert evidence.count() == 1  # one sentence, though it backs two links
    assert evidence.inner_text() == SENTENCE
    assert evidence.locator("mark").all_inner_texts() == ["GRPO-X"]
    visit.screenshot("hostile-evidence")
    assert visit.js("window.pwned") is None
    assert_clean(visit)


def test_the_as_of_slider_shows_the_graph_as_of_a_date(hostile_page, open_page):
    visit = open_page(hostile_page)
    everything = visit.visible_node_ids()
    slider = visit.page.locator("#as-of")
    slider.fill("0")
    assert visit.page.locator("#as-of-value").inner_text() == "2024-01-15"
    assert visit.page.locator("#date-to").input_value() == "2024-01-15"
    assert visit.visible_node_ids() == everything - {"p2", "benchmark:bench"}  # undated p3 stays
    slider.fill("1")
    assert visit.visible_node_ids() == everything
    assert_clean(visit)


def test_date_range_hides_papers_outside_it_and_what_only_they_link_to(hostile_page, open_page):
    visit = open_page(hostile_page)
    everything = visit.visible_node_ids()
    assert visit.page.locator("#date-from").input_value() == "2024-01-15"
    assert visit.page.locator("#date-to").input_value() == "2024-03-02"
    visit.page.locator("#date-from").fill("2024-02-01")
    assert visit.visible_node_ids() == everything - {"p1"}  # undated p3 stays
    visit.page.locator("#date-to").fill("2024-02-10")
    assert visit.visible_node_ids() == {"p3"}
    visit.page.locator("#date-from").fill("2024-01-01")
    visit.page.locator("#date-to").fill("2024-03-02")
    assert visit.visible_node_ids() == everything
    assert_clean(visit)
