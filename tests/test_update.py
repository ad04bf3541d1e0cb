"""`graphkb update`, `graphkb diff` and manifest.json on the real sample pages: an update gives the
papers, entities and links of a rebuild, keeps ids, keeps topic ids honest, and says exactly what
is new; bad build folders are refused with one clear line."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from xml.etree import ElementTree as ET

import pytest
from cli_support import run
from sample_days import write_base_and_day

from graphkb.build import build, read_papers, update
from graphkb.buildstate import read_state
from graphkb.graph import KnowledgeGraph
from graphkb.link.topic_lineage import TopicLineage, carry_ids
from graphkb.link.topics import Topic

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def pages(samples_dir):
    return [samples_dir / f"hf-daily-papers-{day}.txt" for day in ("jul31", "aug06", "mar18")]


@pytest.fixture(scope="module")
def grown(tmp_path_factory, pages):
    """A build of two pages; the same build updated with the third page; a rebuild of all three."""
    root = tmp_path_factory.mktemp("grown")
    base, updated, rebuilt = root / "base", root / "updated", root / "rebuilt"
    build(pages[:2], out=base, views=False)
    shutil.copytree(base, updated)
    _, report, changes = update(updated, pages[2:])
    build(pages, out=rebuilt, views=False)
    return base, updated, rebuilt, report, changes


def _content(out, besides=(), labels_besides=()):
    """Every node and relationship of graph.json but the topics (which an update places
    differently), the nodes of `labels_besides` and the relationships of the types `besides`."""
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"] if n["label"] not in ("Topic", *labels_besides)}
    edges = sorted(json.dumps({k: v for k, v in e.items() if k != "key"}, sort_keys=True)
                   for e in data["edges"] if e["type"] not in ("IN_TOPIC", *besides))
    return nodes, edges


def test_update_equals_a_rebuild_of_all_inputs(grown):
    base, updated, rebuilt, report, _ = grown
    nodes, edges = _content(updated)
    assert (nodes, edges) == _content(rebuilt)
    assert len(nodes) > len(_content(base)[0])
    assert report.new_papers == 72 and report.papers == 235


def test_update_keeps_every_id_and_paper(grown):
    base, updated, _, _, _ = grown
    before, after = KnowledgeGraph.load(base), KnowledgeGraph.load(updated)
    after_nodes = dict(after.nodes())
    for node_id, data in before.nodes("Paper"):
        assert after_nodes[node_id]["title"] == data["title"]
    # entities of the base graph are the same entities after the update, under the same ids
    kept = [n for label in ("Method", "Benchmark", "Task") for n, _ in before.nodes(label)]
    missing = [n for n in kept if n not in after_nodes]
    assert len(missing) <= len(kept) // 100, missing  # a corpus-level retyping may move a rare name


def test_new_papers_join_the_existing_topics_under_their_ids(grown):
    base, updated, _, report, _ = grown
    before, after = KnowledgeGraph.load(base), KnowledgeGraph.load(updated)
    topic_before = {u: v for u, v, _ in before.edges("IN_TOPIC")}
    topic_after = {u: v for u, v, _ in after.edges("IN_TOPIC")}
    if any("topics fitted again" in n for n in report.notes):
        # a refit: each id kept names a topic holding a majority of its earlier papers
        for tid in set(topic_after.values()) & set(topic_before.values()):
            earlier = [p for p, t in topic_before.items() if t == tid]
            assert sum(topic_after[p] == tid for p in earlier) * 2 > len(earlier)
    else:
        assert all(topic_after[p] == t for p, t in topic_before.items())
    names_before = {t: d["name"] for t, d in before.nodes("Topic")}
    new_ids = set(topic_after.values()) - set(names_before)
    assert all(int(t.split(":")[1]) > max(int(x.split(":")[1]) for x in names_before) for t in new_ids)


@pytest.fixture(scope="module")
def joined(tmp_path_factory, sample_records):
    """The sample papers as JSONL: a build of all but the last 20, then an update with those 20."""
    root = tmp_path_factory.mktemp("joined")
    new_ids = write_base_and_day(root, sample_records)
    build([root / "base.jsonl"], out=root / "base", views=False)
    shutil.copytree(root / "base", root / "updated")
    _, report, _ = update(root / "updated", [root / "day.jsonl"])
    build([root / "base.jsonl", root / "day.jsonl"], out=root / "rebuilt", views=False)
    return root / "base", root / "updated", report, new_ids, root / "rebuilt"


def test_a_small_update_joins_the_existing_topics(joined):
    base, updated, report, new_ids, _ = joined
    assert not any("topics fitted again" in n for n in report.notes), report.notes
    before, after = KnowledgeGraph.load(base), KnowledgeGraph.load(updated)
    topic_before = {u: v for u, v, _ in before.edges("IN_TOPIC")}
    topic_after = {u: v for u, v, _ in after.edges("IN_TOPIC")}
    assert all(topic_after[p] == t for p, t in topic_before.items())  # old papers stay where they were
    joined_ids = {p for p in topic_after if p in new_ids}
    assert len(joined_ids) >= 15 and {topic_after[p] for p in joined_ids} <= set(topic_before.values())
    names = {t: (d["name"], d["top_terms"]) for t, d in before.nodes("Topic")}
    assert {t: (d["name"], d["top_terms"]) for t, d in after.nodes("Topic")} == names
    sizes = {t: d["size"] for t, d in after.nodes("Topic")}
    assert sizes == {t: sum(1 for v in topic_after.values() if v == t) for t in sizes}
    assert sum(sizes.values()) == len(topic_before) + len(joined_ids)


def test_a_small_update_searches_similar_papers_only_from_its_new_ones(joined):
    """Under 25% growth an update keeps the build's vectors and neighbours: SIMILAR_TO is what an
    exact search over its rows gives, old papers' rows are the build's, and everything else
    is the rebuild's."""
    from graphkb.link.neighbour_index import KEPT_BEYOND
    from graphkb.link.similarity import nearest, similarity_of

    base, updated, report, new_ids, rebuilt = joined
    assert not any("SIMILAR_TO searched again" in n for n in report.notes), report.notes
    before, index = read_state(base).neighbours, read_state(updated).neighbours
    assert index.fitted_papers == len(before.vectors.ids) < len(index.vectors.ids)
    assert set(index.vectors.ids) - set(before.vectors.ids) == new_ids
    row = {pid: i for i, pid in enumerate(index.vectors.ids)}
    old = [i for i, pid in enumerate(before.vectors.ids) if index.fingerprints[row[pid]] == before.fingerprints[i]]
    assert len(old) > len(before.vectors.ids) // 2  # most old papers keep their rows (others changed key phrases)
    assert (index.vectors.joint[[row[before.vectors.ids[i]] for i in old]] != before.vectors.joint[old]).nnz == 0
    exact = similarity_of(index.vectors, nearest(index.vectors, 5 + KEPT_BEYOND, "exact"), 5, 0.1)
    got = {(u, v): d for u, v, d in KnowledgeGraph.load(updated).edges("SIMILAR_TO")}
    assert got.keys() == {(s.source, s.target) for s in exact}
    assert all(abs(got[s.source, s.target]["score"] - s.score) <= 1e-4 for s in exact)
    assert any(u in new_ids or v in new_ids for u, v in got)
    # the rest is the rebuild's but the key phrases (scored with the build's statistics, see the
    # next test); SIMILAR_TO, scored with the build's vocabulary, mostly too
    besides = {"besides": ("SIMILAR_TO", "MENTIONS"), "labels_besides": ("Concept",)}
    assert _content(updated, **besides) == _content(rebuilt, **besides)
    rebuilt_pairs = {(u, v) for u, v, _ in KnowledgeGraph.load(rebuilt).edges("SIMILAR_TO")}
    assert len(got.keys() & rebuilt_pairs) >= 0.8 * len(rebuilt_pairs)
    mentions = [{(u, v) for u, v, _ in KnowledgeGraph.load(folder).edges("MENTIONS")} for folder in (updated, rebuilt)]
    assert len(mentions[0] & mentions[1]) >= 0.95 * len(mentions[1])


def test_a_small_update_keeps_the_earlier_papers_key_phrases_and_scores_the_new_ones_against_them(joined):
    """Between refits the key phrases' statistics are the build's: an earlier paper keeps its
    phrases and weights, and a new paper gets those it would get added alone to the build."""
    base, updated, report, new_ids, rebuilt = joined
    assert not any("key phrases scored again" in n for n in report.notes), report.notes
    fit, kept = read_state(base).phrases, read_state(updated).phrases
    assert len(fit.papers) == len(read_state(base).observations)
    assert (kept.papers, kept.numbers, kept.df.tolist()) == (fit.papers, fit.numbers, fit.df.tolist())
    before, after, again = (KnowledgeGraph.load(folder) for folder in (base, updated, rebuilt))

    def weights(kg, papers):
        return {(u, kg.g.nodes[v]["name"]): d["weight"] for u, v, d in kg.edges("MENTIONS") if u in papers}
    old_papers = {pid for pid, _ in before.nodes("Paper")}
    kept, rescored = weights(after, old_papers), weights(again, old_papers)
    same = sum(kept.get(k) == w for k, w in weights(before, old_papers).items())
    assert same >= 0.9 * len(weights(before, old_papers))  # a concept may gain a paper, a name, a node
    assert sum(rescored.get(k) == w for k, w in weights(before, old_papers).items()) < same
    assert {u for u, _ in weights(after, new_ids)} == {u for u, _ in weights(again, new_ids)}


def test_key_phrases_scored_with_an_earlier_builds_statistics(sample_records):
    """extract.decide_with_phrases: the papers the statistics counted keep their phrases; each
    other paper gets the phrases of a corpus of the counted papers and itself."""
    from graphkb.extract import decide_corpus, decide_with_phrases, observe_corpus, paper_key
    from graphkb.ingest.dedupe import merge_duplicates

    papers = merge_duplicates(sample_records).papers[:60]
    observed = observe_corpus(papers, jobs=1)
    keys = [paper_key(p) for p in papers]
    before, fit = decide_with_phrases(papers[:50], observed[:50], keys[:50], None)
    assert fit.papers == frozenset(keys[:50]) and len(fit.numbers) == len(fit.df)
    after, counted = decide_with_phrases(papers, observed, keys, fit)
    assert counted is None
    assert [x.concepts for x in after[:50]] == [x.concepts for x in before]
    for i in range(50, 60):
        alone, _ = decide_with_phrases([*papers[:50], papers[i]], [*observed[:50], observed[i]],
                                       [*keys[:50], keys[i]], None)
        assert after[i].concepts == alone[-1].concepts
    assert [x.concepts for x in decide_corpus(papers, observed)] != [x.concepts for x in after]


def test_an_update_that_grows_the_corpus_by_a_quarter_searches_again(grown):
    *_, report, _ = grown
    assert any("SIMILAR_TO searched again: the corpus grew by 44%" in n for n in report.notes), report.notes
    assert any("key phrases scored again: the corpus grew by 44%" in n for n in report.notes), report.notes


def _topic(number, *papers):
    return Topic(f"topic:{number}", f"t{number}", (f"t{number}",), tuple((p, 1.0) for p in papers))


def test_a_topic_id_never_names_two_different_topics():
    earlier = TopicLineage((_topic(1, "a", "b", "c"), _topic(2, "d", "e", "f")), fitted_papers=6, next_number=3)
    fitted = [_topic(1, "d", "e", "f", "g"), _topic(2, "a", "b"), _topic(3, "c", "h")]
    topics, renamed, next_number = carry_ids(fitted, earlier)
    assert [t.id for t in topics] == ["topic:2", "topic:1", "topic:3"]
    assert renamed == {"topic:1": "topic:2", "topic:2": "topic:1", "topic:3": "topic:3"} and next_number == 4
    # topic:3 ends; its successor is a new topic, and topic:3 is never given again
    later = TopicLineage(tuple(topics), fitted_papers=8, next_number=next_number)
    refitted = [_topic(1, "a", "b", "c", "d", "e", "f"), _topic(2, "g", "h")]
    topics, _, next_number = carry_ids(refitted, later)
    assert [t.id for t in topics] == ["topic:4", "topic:5"] and next_number == 6
    # a split: neither half holds a majority of topic:1's papers, so both halves are new topics
    split = [_topic(1, "a", "b"), _topic(2, "c", "d")]
    topics, _, _ = carry_ids(split, TopicLineage((_topic(1, "a", "b", "c", "d"),), 4, 2))
    assert [t.id for t in topics] == ["topic:2", "topic:3"]


def test_the_digest_lists_exactly_the_new_papers_and_first_seen_entities(grown, pages):
    base, updated, _, _, changes = grown
    old_papers, _ = read_papers(pages[:2])
    all_papers, _ = read_papers(pages)
    expected_new = {p.id for p in all_papers} - {p.id for p in old_papers}
    data = json.loads((updated / "changes.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in data["new_papers"]} == expected_new
    assert data["papers"] == {"before": len(old_papers), "after": len(all_papers)}
    before, after = KnowledgeGraph.load(base), KnowledgeGraph.load(updated)
    labels = ("Method", "Benchmark", "Task")
    first_seen = {n for label in labels for n, _ in after.nodes(label)} - \
        {n for label in labels for n, _ in before.nodes(label)}
    assert {e["id"] for e in data["first_seen"]} == first_seen
    proposers = {v: sorted(u for u, w, _ in after.edges("PROPOSES") if w == v) for v in first_seen}
    assert all(e["proposed_by"] == proposers[e["id"]] for e in data["first_seen"])
    builds_on = {(u, v) for u, v, _ in after.edges("BUILDS_ON")} - {(u, v) for u, v, _ in before.edges("BUILDS_ON")}
    assert {(x["source"], x["target"]) for x in data["new_links"]} == builds_on
    # the digest a person reads names each new paper and each first-seen method
    text = (updated / "digest.md").read_text(encoding="utf-8")
    titles = {p.id: p.title for p in all_papers}
    listed = [pid for pid in expected_new if titles[pid] in text]
    assert len(listed) >= min(len(expected_new), 20)
    for e in data["first_seen"][:5]:
        assert f"**{e['name']}**" in text
    assert changes.new_papers and set(changes.new_papers) == expected_new


def test_the_feed_is_atom_with_one_entry_per_new_paper(grown):
    _, updated, _, _, changes = grown
    feed = ET.parse(updated / "digest.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}updated") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(changes.new_papers) + 1
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert {changes.after.papers[p].title for p in changes.new_papers} <= titles


def test_manifest_names_every_input_with_its_hash_and_the_counts(grown, pages):
    _, updated, _, _, _ = grown
    manifest = json.loads((updated / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "update" and manifest["graphkb"]
    assert [(e["path"], e["update"]) for e in manifest["inputs"]] == \
        [(str(p.resolve()), n) for p, n in zip(pages, (0, 0, 1))]
    for entry, page in zip(manifest["inputs"], pages):
        assert entry["sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
        assert entry["bytes"] == page.stat().st_size
    kg = KnowledgeGraph.load(updated)
    assert manifest["counts"]["nodes"] == dict(sorted(kg.node_counts().items()))
    assert manifest["counts"]["relationships"] == dict(sorted(kg.edge_counts().items()))
    assert manifest["updates"][0]["new_papers"] == 72
    assert {"read", "extract", "link"} <= set(manifest["seconds"])


def test_an_input_already_in_the_build_is_not_read_again(grown, pages, tmp_path):
    _, updated, _, _, _ = grown
    out = tmp_path / "again"
    shutil.copytree(updated, out)
    result = run("update", out, pages[0])
    assert result.exit_code == 0, result.output
    assert "already in the build" in result.output and "0 new papers" in result.output
    assert "nothing new to add" in result.output
    assert _content(out) == _content(updated)
    # nothing was rewritten: the folder holds the same files, with the same bytes, untouched since
    assert {f.name: f.read_bytes() for f in out.iterdir()} == {f.name: f.read_bytes() for f in updated.iterdir()}
    stamps = {f.name: f.stat().st_mtime_ns for f in out.iterdir()}
    assert run("update", out, *pages).exit_code == 0
    assert {f.name: f.stat().st_mtime_ns for f in out.iterdir()} == stamps


def test_diff_of_two_builds_writes_the_same_changes(grown, tmp_path):
    base, updated, _, _, _ = grown
    result = run("diff", base, updated, "-o", tmp_path / "d", "--json")
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "d" / "changes.json").read_text(encoding="utf-8"))
    stored = json.loads((updated / "changes.json").read_text(encoding="utf-8"))
    assert json.loads(result.output) == written
    assert written["new_papers"] == stored["new_papers"] and written["first_seen"] == stored["first_seen"]
    assert (tmp_path / "d" / "digest.md").read_text(encoding="utf-8").startswith("# What's new in")


def test_diff_of_builds_read_from_graph_parquet_is_the_same(grown, tmp_path):
    """Two folders whose graphs are read from graph.parquet are compared from their columns (no
    graph built): the same changes.json, digest and feed entries as from the graphs."""
    base, updated, _, _, _ = grown
    expected = run("diff", base, updated, "-o", tmp_path / "from-graphs")
    assert expected.exit_code == 0, expected.output
    folders = []
    for source in (base, updated):
        folder = tmp_path / "parquet" / source.name
        folder.mkdir(parents=True)
        assert run("export", "parquet", source, "-o", folder / "graph.parquet").exit_code == 0
        folders.append(folder)
    result = run("diff", *folders, "-o", tmp_path / "from-columns")
    assert result.exit_code == 0, result.output
    assert result.output == expected.output and "new papers" in result.output
    for name in ("changes.json", "digest.md"):
        assert (tmp_path / "from-columns" / name).read_bytes() == (tmp_path / "from-graphs" / name).read_bytes()

    def entries(folder):  # the feed without its timestamps
        text = (folder / "digest.xml").read_text(encoding="utf-8")
        return re.sub(r"<updated>[^<]*</updated>|:digest:[^<]*<", "", text)
    assert entries(tmp_path / "from-columns") == entries(tmp_path / "from-graphs")


def _files(out):
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _unpack_observations(path):
    """The state as graphkb kept it before observations were packed."""
    import pickle
    with open(path, "rb") as fh:  # the state, then its observations
        state, observations = pickle.load(fh), pickle.load(fh)
    state.observations = {key: tuple(map(pickle.loads, obs)) for key, obs in observations.items()}
    path.write_bytes(pickle.dumps(state))


@pytest.mark.parametrize("damage, message", [
    (lambda out: (out / "manifest.json").unlink(), "manifest.json: not found"),
    (lambda out: (out / "manifest.json").write_text("{\n  oops", encoding="utf-8"), "manifest.json:2: not a manifest"),
    (lambda out: (out / "manifest.json").write_text(
        (out / "manifest.json").read_text(encoding="utf-8").replace('"graphkb": "', '"graphkb": "0.0.0-'),
        encoding="utf-8"), "was built by graphkb 0.0.0-"),
    (lambda out: (out / "build-state.pickle").write_bytes(b"\x80\x05junk"), "unreadable build state"),
    (lambda out: (out / "build-state.pickle").unlink(), "build-state.pickle: not found"),
    (lambda out: _unpack_observations(out / "build-state.pickle"), "kept the observations unpacked"),
])
def test_a_bad_build_folder_is_refused_and_left_as_it_was(grown, pages, tmp_path, damage, message):
    out = tmp_path / "out"
    shutil.copytree(grown[0], out)
    damage(out)
    before = _files(out)
    result = run("update", out, pages[2])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert _files(out) == before


def test_update_of_a_folder_that_is_not_a_build(tmp_path, pages):
    result = run("update", tmp_path / "nothing", pages[2])
    assert result.exit_code == 1 and "not a build folder" in result.output


def test_the_state_keeps_each_papers_observations_packed_and_an_update_adds_the_new_ones(joined):
    base, updated, _, new_ids, rebuilt = joined
    before, after, everything = (read_state(folder).observations for folder in (base, updated, rebuilt))
    assert len(after) == len(before) + len(new_ids) == len(everything)
    assert all(isinstance(part, bytes) for obs in after.values() for part in obs)
    assert all(after[key] == before[key] for key in before)  # kept as the build packed them
    assert after == everything  # as a build of all the papers observes them
