"""Fixtures for the real parts the end-to-end tests use.

- A real Bolt server: ArcadeDB (arcadedb-embedded) started once per session. Each test that
  writes gets a database of its own (`fresh_target`); the samples graph is loaded once into
  `samples_target` for the query-pack tests.
- Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, each page opened
  from a file with every other request blocked and recorded.
"""
from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from offline_browser import CHROMIUM, LAUNCH_ARGS, Visit, offline_visit
from playwright.sync_api import Browser, sync_playwright

from graphkb.graphdb.connection import Neo4jTarget, connect
from graphkb.graphdb.loader import Neo4jLoader
from graphkb.graphdb.server import LocalBoltServer

PASSWORD = "graphkb-tests"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    server = LocalBoltServer(tmp_path_factory.mktemp("arcadedb"), password=PASSWORD)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def endpoint(bolt_server):
    return bolt_server.endpoint


def _new_database(server: LocalBoltServer, hint: str) -> Neo4jTarget:
    name = re.sub(r"[^a-z0-9]", "", hint.lower())[:24] + str(next(_names))
    server.create_database(name)
    return server.endpoint.target(database=name)


@pytest.fixture
def fresh_target(bolt_server, request) -> Neo4jTarget:
    """An empty database of this test's own on the session's server."""
    return _new_database(bolt_server, request.node.name)


@pytest.fixture(scope="session")
def samples_graph(sample_graph):
    return sample_graph[0]


@pytest.fixture(scope="session")
def samples_target(bolt_server, samples_graph) -> Neo4jTarget:
    """A database holding the samples graph, loaded once through the loader."""
    target = _new_database(bolt_server, "samples")
    with connect(target) as connection:
        Neo4jLoader(connection).load(samples_graph)
    return target


@pytest.fixture(scope="session")
def samples_out(tmp_path_factory, samples_graph):
    """A build folder (graph.json) of the samples graph, for the CLI commands that read one."""
    out = tmp_path_factory.mktemp("samples-out")
    samples_graph.save(out / "graph.json")
    return out


@pytest.fixture(scope="session")
def dated_graph(sample_records, tmp_path_factory):
    """The sample papers as dated JSONL records (each page's listing day), built into a graph.

    The Daily Papers pages carry no year, so the samples graph has no dates; this one
    gives the date-based queries something to answer.
    """
    from graphkb.build import build

    page_dates = {"jul31": "2024-07-31", "aug06": "2024-08-06", "mar18": "2025-03-18"}
    records = {}
    for r in sample_records:
        page = next(key for key in page_dates if key in r.source)
        records.setdefault(r.title.lower(), {"title": r.title, "abstract": r.abstract,
                                             "date": page_dates[page]})
    path = tmp_path_factory.mktemp("dated") / "dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records.values()), encoding="utf-8")
    kg, _ = build([path])
    return kg


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(path) -> Visit: the file opened in a fresh context, every other request blocked."""
    contexts = []

    def open_(path: Path) -> Visit:
        ctx, visit = offline_visit(browser, path)
        contexts.append(ctx)
        visit.page.goto(visit.url, wait_until="load")
        visit.page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)
        return visit

    yield open_
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def cited_graph():
    """Papers a..e with CITES as `graphkb enrich citations` adds them: some from Semantic Scholar
    with contexts and intents, some from OpenAlex without; a and b cite each other."""
    from graphkb.graph import KnowledgeGraph

    kg = KnowledgeGraph()
    for pid in "abcde":
        kg.add_node("Paper", pid, title=f"Paper {pid.upper()}", abstract="x", arxiv_id=f"2501.0000{'abcde'.index(pid)}",
                    sources=["t:1"])
    kg.g.nodes["a"]["references_outside"] = 4
    s2 = {"citation_source": "semantic-scholar"}
    kg.add_edge("CITES", "a", "b", contexts=["We follow B (2024).", "B's recipe is used."],
                intents=["background", "methodology"], **s2)
    kg.add_edge("CITES", "b", "a", contexts=["A, concurrently, ..."], intents=["background"], **s2)
    kg.add_edge("CITES", "a", "c", citation_source="openalex")
    kg.add_edge("CITES", "d", "a", contexts=["As in A."], **s2)
    kg.add_edge("CITES", "e", "d", citation_source="openalex")
    return kg
