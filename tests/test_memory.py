"""The collector policy: the graphkb program freezes what its bulk steps keep; a library caller
keeps the usual collector (frozen cyclic garbage would never be freed)."""
from __future__ import annotations

import gc
import subprocess
import sys

from graphkb.memory import gc_paused


def _python(script: str, *args) -> str:
    """What `script` prints, run by a fresh Python process (with `args` as sys.argv[1:])."""
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_library_caller_keeps_the_usual_collector():
    before = gc.get_freeze_count()
    with gc_paused():
        kept = [{"id": i} for i in range(10_000)]
    assert gc.isenabled() and gc.get_freeze_count() == before and len(kept) == 10_000


def test_the_graphkb_program_freezes_what_its_steps_keep(tmp_path, samples_dir):
    """`python -m graphkb` (and the `graphkb` script) run a command as a process that ends with
    it: the graph and records a build keeps are frozen, and the build is whole."""
    script = ("import gc, sys\n"
              "import graphkb.cli as cli\n"
              "command = cli.main\n"
              "def measured(**options):  # the command, with the freeze counts around it\n"
              "    print('FROZEN', gc.get_freeze_count())\n"
              "    command.main(standalone_mode=False, **options)\n"
              "    print('FROZEN', gc.get_freeze_count())\n"
              "cli.main = measured\n"
              "sys.argv = ['graphkb', 'build', sys.argv[1], '-o', sys.argv[2], '-q', '--no-views']\n"
              "cli.run_command()\n")
    printed = _python(script, samples_dir, tmp_path / "out")
    at_start, at_end = (int(line.split()[1]) for line in printed.splitlines() if line.startswith("FROZEN"))
    assert at_start > 0 and at_end > at_start + 100_000  # the imports, then the build's records and graph
    assert (tmp_path / "out" / "graph.json").stat().st_size > 100_000


def test_a_step_of_the_program_frees_its_cyclic_garbage_before_freezing_what_it_keeps():
    """A networkx graph is a cycle with its views: a step's working graphs are garbage the collector
    must free on the way out, not freeze for good."""
    script = ("import gc, weakref\n"
              "import networkx as nx\n"
              "from graphkb.memory import ends_with_command, gc_paused\n"
              "ends_with_command()\n"
              "with gc_paused():\n"
              "    working = nx.MultiDiGraph([(i, i + 1) for i in range(1000)])\n"
              "    working.edges  # the cached edge view holds the graph: a cycle\n"
              "    gone = weakref.ref(working)\n"
              "    del working\n"
              "    kept = [{'id': i} for i in range(10_000)]\n"
              "print(gone() is None, gc.get_freeze_count() > 10_000, len(kept))\n")
    assert _python(script).split() == ["True", "True", "10000"]


def test_a_build_in_the_program_leaves_no_garbage_frozen(tmp_path, samples_dir):
    """Every step of a whole build with its views, as the program runs it: what was garbage when a
    step froze (steps marked garbage_cycles=False are frozen unwalked) is at most a few objects,
    while the graph and report are still held (without the collections: 75,000 objects)."""
    script = ("import gc, sys\n"
              "from graphkb import memory\n"
              "memory.ends_with_command()\n"
              "from graphkb import build\n"
              "kg, report = build.build([sys.argv[1]], out=sys.argv[2])\n"
              "gc.collect()  # what is not frozen\n"
              "gc.unfreeze()\n"
              "print(gc.collect(), len(kg))\n")
    frozen_garbage, nodes = map(int, _python(script, samples_dir, tmp_path / "out").split())
    assert nodes > 1000 and frozen_garbage < 1000


def test_a_page_leaves_its_working_graphs_to_reference_counting(tmp_path, samples_dir):
    """The HTML view runs with the collector paused: its working graphs and items must go when each
    view is made, not wait for a collection (igraph's first import, inside the layout, left cyclic
    tracebacks that held every frame below it; a networkx graph is a cycle with its views)."""
    script = ("import gc, sys\n"
              "import networkx as nx\n"
              "from graphkb.build import build\n"
              "from graphkb.htmlview import render_page\n"
              "kg, _ = build([sys.argv[1]])\n"
              "gc.collect()\n"
              "gc.disable()\n"
              "gc.set_debug(gc.DEBUG_SAVEALL)\n"
              "page = render_page(kg)\n"
              "gc.collect()\n"
              "graphs = [g for g in gc.garbage if isinstance(g, nx.Graph)]\n"
              "frames = [f for f in gc.garbage if type(f).__name__ == 'frame' and 'graphkb' in f.f_code.co_filename]\n"
              "print(len(page.views), len(graphs), len(frames), 'igraph' in sys.modules)\n")
    assert _python(script, samples_dir).split() == ["2", "0", "0", "True"]


def test_relationships_of_a_shape_share_their_property_names():
    """Each relationship's properties are a dict that keeps only its values (the names are its
    shape's: its type and property names): the graph takes less memory a relationship than
    networkx's own add_edge, whose dicts each hold their names, even after relationships of the
    same type with 40 other names (a class shared by a whole type fills its 30 names with them),
    and the properties are equal to a plain dict's in every other way."""
    import json
    import tracemalloc

    import networkx as nx

    from graphkb.graph import KnowledgeGraph

    papers = 2_000
    kg, plain = KnowledgeGraph(), nx.MultiDiGraph()
    for i in range(papers):
        kg.add_node("Paper", f"paper:{i}", title=f"Paper {i}")
        plain.add_node(f"paper:{i}", label="Paper", title=f"Paper {i}")
    kg.add_node("Method", "method:grpo", name="GRPO")
    plain.add_node("method:grpo", label="Method", name="GRPO")
    kg.add_node("Method", "method:ppo", name="PPO")
    for i in range(40):
        kg.add_edge("USES", f"paper:{i}", "method:ppo", **{f"name{i}": i})
    props = dict(role="uses", confidence=0.8, sentence="We use GRPO.", start=0, end=12, rule="uses-verb",
                 field="abstract")

    def cost(add) -> int:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for i in range(papers):
                add(f"paper:{i}")
            return tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    ours = cost(lambda paper: kg.add_edge("USES", paper, "method:grpo", **props))
    networkx = cost(lambda paper: plain.add_edge(paper, "method:grpo", key="USES", type="USES", **props))
    assert ours < 0.9 * networkx, (ours / papers, networkx / papers)
    kg.add_edge("SIMILAR_TO", "paper:0", "paper:1", score=0.5)
    uses = [d for _, target, d in kg.edges("USES") if target == "method:grpo"]
    assert all(type(d) is dict and d == {"type": "USES", **props} for d in uses)
    assert json.dumps(uses[0]) == json.dumps({"type": "USES", **props})
    assert list(next(d for _, _, d in kg.edges("SIMILAR_TO"))) == ["type", "score"]


def test_linked_pairs_share_their_type_names():
    """The dict of a linked pair's relationships (networkx's `_succ[u][v]`) keeps only its values: a
    graph of pairs linked once each takes less than half the memory a pair of networkx's own
    add_edge, also when other pairs began with other types, and a pair's second type is kept in its
    order."""
    import tracemalloc

    import networkx as nx

    from graphkb.graph import KnowledgeGraph

    papers = 2_000
    kg, plain = KnowledgeGraph(), nx.MultiDiGraph()
    for i in range(papers):
        kg.add_node("Paper", f"paper:{i}", title=f"Paper {i}")
        plain.add_node(f"paper:{i}", label="Paper", title=f"Paper {i}")
    for i in range(0, papers, 2):  # pairs that began with other types, some with two
        kg.add_edge("SIMILAR_TO", f"paper:{i}", f"paper:{i + 1}", score=0.5)
        kg.add_edge("BUILDS_ON", f"paper:{i + 1}", f"paper:{i}", via=["X"])
        kg.add_edge("SHARES_BENCHMARK", f"paper:{i + 1}", f"paper:{i}", count=1, names=["MMLU"])

    def cost(add) -> int:
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for i in range(papers - 2):
                add(f"paper:{i}", f"paper:{i + 2}")
            return tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    ours = cost(lambda u, v: kg.add_edge("SHARES_METHOD", u, v, count=1))
    networkx = cost(lambda u, v: plain.add_edge(u, v, key="SHARES_METHOD", type="SHARES_METHOD", count=1))
    assert ours < 0.5 * networkx, (ours / papers, networkx / papers)  # 0.42; 0.55 with a dict of its own
    kg.add_edge("SIMILAR_TO", "paper:0", "paper:2", score=0.25)
    assert list(kg.g._succ["paper:0"]["paper:2"]) == ["SHARES_METHOD", "SIMILAR_TO"]
    assert kg.g._succ["paper:1"]["paper:0"] == {"BUILDS_ON": {"type": "BUILDS_ON", "via": ["X"]},
                                               "SHARES_BENCHMARK": {"type": "SHARES_BENCHMARK", "count": 1,
                                                                    "names": ["MMLU"]}}
    assert kg.g._pred["paper:2"]["paper:0"] is kg.g._succ["paper:0"]["paper:2"]


def test_a_built_graph_holds_each_sentence_and_list_of_shared_names_once(sample_graph):
    """The evidence of many relationships is often one sentence, and many pairs of papers share the
    same names (or terms): the graph holds one string, one list, for each (sentences, rules, fields and
    mentions too), and one object for each offset and each weight, confidence or score (their values
    and types are unchanged)."""
    kg, _ = sample_graph
    sentences, texts, names, numbers, offsets, terms = {}, {}, {}, {}, {}, {}
    shared_names = evidence = 0
    for _, _, d in kg.edges():
        for key in ("weight", "confidence", "score"):
            x = d.get(key)
            if type(x) is float and x:
                assert numbers.setdefault(x, x) is x
        if "evidence" in d:
            evidence += 1
            s = d["evidence"]["sentence"]
            assert sentences.setdefault(s, s) is s
            for s in (d["evidence"]["rule"], d["evidence"]["field"], d.get("mention", "")):
                assert texts.setdefault(s, s) is s
            assert list(d["evidence"]) == ["sentence", "start", "end", "rule", "field"]
            for offset in (d["evidence"]["start"], d["evidence"]["end"]):
                assert type(offset) is int and offsets.setdefault(offset, offset) is offset
        if d["type"].startswith("SHARES_"):
            shared_names += 1
            n = d["names"]
            assert type(n) is list and names.setdefault(tuple(n), n) is n
        if d["type"] == "SIMILAR_TO":
            n = d["shared_terms"]
            assert type(n) is list and terms.setdefault(tuple(n), n) is n
    assert evidence > len(sentences) and shared_names > len(names)  # some are shared


def test_values_held_once_keep_their_type_sign_and_order():
    """What graph_of holds once (build._HeldOnce): equal texts, offsets, floats and lists of names or
    terms become one object, but an int never becomes an equal float, nor 0.0 its negative, and a
    list keeps its order."""
    from graphkb.build import _HeldOnce
    from graphkb.records import Evidence

    held = _HeldOnce()
    first = held.evidence(Evidence("We use " + "GRPO.", 300, 312, "uses-verb"))
    second = held.evidence(Evidence("".join(["We use ", "GRPO."]), int("300"), int("312"), "uses-verb"))
    assert first == second == {"sentence": "We use GRPO.", "start": 300, "end": 312, "rule": "uses-verb",
                               "field": "abstract"}
    assert first["sentence"] is second["sentence"] and first["start"] is second["start"]
    assert held.number(0.5) is held.number(float("0.5"))
    assert type(held.number(1.0)) is float and type(held.number(1)) is int
    assert str(held.number(0.0)) == "0.0" and str(held.number(-0.0)) == "-0.0"
    terms = held.names(("policy", "reward"))
    assert terms == ["policy", "reward"] and held.names(("policy", "reward")) is terms
    assert held.names(("reward", "policy")) == ["reward", "policy"]


def test_similar_papers_with_the_same_shared_terms_hold_one_list(tmp_path):
    """The samples' SIMILAR_TO terms are all different; papers written alike share theirs."""
    import json

    from graphkb.build import build

    abstract = ("We train a reward model for policy optimization and evaluate the reward model on "
                "mathematical reasoning benchmarks with chain-of-thought prompting.")
    corpus = tmp_path / "alike.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{i}", "title": f"Reward models for reasoning, part {i}",
                                          "abstract": abstract}) + "\n" for i in range(5)), encoding="utf-8")
    kg, _ = build([corpus])
    terms = [d["shared_terms"] for _, _, d in kg.edges("SIMILAR_TO")]
    assert len(terms) > len({tuple(t) for t in terms}) > 0
    held = {}
    assert all(held.setdefault(tuple(t), t) is t for t in terms)
