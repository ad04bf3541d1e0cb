"""Shared fixtures: the real sample dumps, small inputs cut from them, and a built sample graph."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkb.build import build
from graphkb.ingest import read_inputs

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_records():
    return read_inputs([SAMPLES])


@pytest.fixture(scope="session")
def seed_papers(sample_records):
    """A handful of real (title, abstract) pairs from the Jul 31 page."""
    jul31 = [r for r in sample_records if "jul31" in r.source]
    return [(r.title, r.abstract) for r in jul31[:6]]


@pytest.fixture(scope="session")
def sample_graph():
    kg, report = build([SAMPLES])
    return kg, report


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, sample_graph):
    """The sample graph as `graphkb build` writes it: graph.json, then graph.ttl beside it."""
    from graphkb.export import EXPORTERS

    out = tmp_path_factory.mktemp("sample-build")
    kg, _ = sample_graph
    for name in ("json", "rdf"):
        EXPORTERS[name].export(kg, out / EXPORTERS[name].filename)
    return out


@pytest.fixture
def api():
    """A local server replaying recorded API responses (see tests/api_server.py); every base URL
    of graphkb.fetch points at it, so no test touches the internet."""
    from api_server import RecordedApi, serve

    recorded = RecordedApi()
    server = serve(recorded)
    with pytest.MonkeyPatch.context() as mp:
        for variable in ("GRAPHKB_HF_API_URL", "GRAPHKB_ARXIV_API_URL", "GRAPHKB_OPENALEX_URL", "GRAPHKB_S2_API_URL"):
            mp.setenv(variable, recorded.url + ("/api/query" if "ARXIV" in variable else ""))
        for variable in ("S2_API_KEY", "OPENALEX_API_KEY", "GRAPHKB_MAILTO"):
            mp.delenv(variable, raising=False)
        yield recorded
    server.shutdown()
    server.server_close()
