"""What a load changes: the graph's rows compared with what the database holds, in Python.

The loader reads every node of each graphkb label (its id, whether graphkb created it,
its properties) and graphkb's own relationships of each group (endpoint ids and
properties), and this module decides, per label and per relationship group:

- create: in the graph, not in the database;
- update: in both, but graphkb's properties differ (the row then carries a null for each of
  graphkb's properties the graph no longer has, which removes it);
- delete: graphkb's, in the database, no longer in the graph;
- unchanged: in both, the same.

graphkb's properties on a label or type are the schema's (`rows.schema_keys`) and any
other the graph's rows carry; any other property on a graphkb node or relationship is
someone else's and is never compared, changed or removed. A node of a graphkb label that
graphkb did not create, with an id the graph has, is a conflict: the uniqueness constraint
makes it the graph's node, but graphkb does not take over nodes it did not create, so the
loader refuses (see `conflict_message`). Nothing here talks to a server.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .rows import RelKey, schema_keys

EXAMPLES = 3  # conflicting ids a message shows


@dataclass(frozen=True)
class Changes:
    """How many nodes or relationships of one label or type a load creates, updates, deletes,
    leaves as they are, and keeps (graphkb's nodes no longer in the graph that someone else's
    relationships hold)."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept: int = 0

    def __add__(self, other: Changes) -> Changes:
        return Changes(self.created + other.created, self.updated + other.updated,
                       self.deleted + other.deleted, self.unchanged + other.unchanged, self.kept + other.kept)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class GroupPlan:
    """The rows a load sends for one label or relationship group."""

    create: list[dict] = field(default_factory=list)
    update: list[dict] = field(default_factory=list)
    delete: list[dict] = field(default_factory=list)  # {"id"} or {"src", "dst"}
    deleted: int = 0  # what `delete` removes (a pair's duplicates are one row)
    unchanged: int = 0
    kept: int = 0
    conflicts: list[str] = field(default_factory=list)  # nodes: ids held by nodes graphkb did not create

    @property
    def writes(self) -> list[dict]:
        """The rows the MERGE statement gets: new ones, then changed ones."""
        return self.create + self.update

    def changes(self) -> Changes:
        return Changes(len(self.create), len(self.update), self.deleted, self.unchanged, self.kept)

    def keep(self, ids: set[str]) -> None:
        """Do not delete these nodes (someone else's relationships hold them)."""
        if ids:
            before = len(self.delete)
            self.delete = [row for row in self.delete if row["id"] not in ids]
            self.kept += before - len(self.delete)
            self.deleted -= before - len(self.delete)


@dataclass
class SyncPlan:
    """Per label and per relationship group, what a load changes."""

    nodes: dict[str, GroupPlan]
    relationships: dict[RelKey, GroupPlan]

    def node_changes(self) -> dict[str, Changes]:
        return {label: plan.changes() for label, plan in self.nodes.items()}

    def relationship_changes(self) -> dict[str, Changes]:
        """Per relationship type (the groups of a type added up)."""
        out: dict[str, Changes] = {}
        for key, plan in self.relationships.items():
            out[key.type] = out.get(key.type, Changes()) + plan.changes()
        return out

    @property
    def conflicts(self) -> dict[str, list[str]]:
        return {label: plan.conflicts for label, plan in self.nodes.items() if plan.conflicts}


def graphkb_keys(name: str, rows: Iterable[dict]) -> frozenset[str]:
    """graphkb's properties on a label or relationship type: the schema's and any the rows carry."""
    return schema_keys(name) | {key for row in rows for key in row["props"]}


def changed_row(row: dict, stored: dict, keys: frozenset[str]) -> dict | None:
    """The row to send when the database's element differs from the graph's on graphkb's properties
    (`keys`): the graph's properties, and a null for each of graphkb's that the graph no longer has.
    None when they agree. Properties outside `keys` are not graphkb's: never compared, never sent.

    Values must also be of the same types: 1, 1.0 and True are equal in Python, not in a database.
    This runs once per row of the graph, so it stays in C (views, map, type) where it can.
    """
    props = row["props"]
    if props.items() <= stored.items() and len(keys.intersection(stored)) == len(props):
        theirs = list(map(stored.__getitem__, props))
        types = list(map(type, props.values()))
        if types == list(map(type, theirs)) and (list not in types or all(
                list(map(type, a)) == list(map(type, b)) for a, b in zip(props.values(), theirs) if type(a) is list)):
            return None
    removed = {key: None for key in keys.intersection(stored) if key not in props}
    return {**row, "props": {**props, **removed}} if removed else row


def diff_nodes(label: str, rows: list[dict], stored: Iterable[tuple[str, bool, dict]]) -> GroupPlan:
    """Compare one label's rows with its nodes in the database: (id, created by graphkb, properties)."""
    keys = graphkb_keys(label, rows)
    ours: dict[str, dict] = {}
    theirs: set[str] = set()
    for node_id, owned, props in stored:
        if owned:
            ours[node_id] = props
        else:
            theirs.add(node_id)
    plan = GroupPlan()
    for row in rows:
        props = ours.pop(row["id"], None)
        if props is None:
            (plan.conflicts.append(row["id"]) if row["id"] in theirs else plan.create.append(row))
        elif (changed := changed_row(row, props, keys)) is not None:
            plan.update.append(changed)
        else:
            plan.unchanged += 1
    plan.delete = [{"id": node_id} for node_id in sorted(ours)]
    plan.deleted = len(plan.delete)
    return plan


def diff_relationships(key: RelKey, rows: list[dict], stored: Iterable[tuple[str, str, dict]]) -> GroupPlan:
    """Compare one group's rows with graphkb's relationships of the group: (source id, target id,
    properties). Several of graphkb's between the same two nodes (left by a load cut short, or by
    two loads at once) are all deleted and the graph's one created again."""
    keys = graphkb_keys(key.type, rows)
    ours: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for src, dst, props in stored:
        ours[(src, dst)].append(props)
    plan = GroupPlan()
    for row in rows:
        found = ours.pop((row["src"], row["dst"]), None)
        if not found:
            plan.create.append(row)
        elif len(found) > 1:
            plan.delete.append({"src": row["src"], "dst": row["dst"]})
            plan.deleted += len(found)
            plan.create.append(row)
        elif (changed := changed_row(row, found[0], keys)) is not None:
            plan.update.append(changed)
        else:
            plan.unchanged += 1
    for (src, dst), found in sorted(ours.items()):
        plan.delete.append({"src": src, "dst": dst})
        plan.deleted += len(found)
    return plan


def conflict_message(where: str, conflicts: dict[str, list[str]]) -> str:
    """One line: which nodes are in the way, why graphkb stops, and what to do."""
    total = sum(len(ids) for ids in conflicts.values())
    label, ids = next(iter(conflicts.items()))
    examples = ", ".join(repr(i[:80]) for i in ids[:EXAMPLES])
    return (f"{where}: {total:,} node{'s' if total != 1 else ''} with graphkb's labels and ids of this graph "
            f"{'were' if total != 1 else 'was'} not created by graphkb (e.g. {label} {examples}), and graphkb "
            "never changes nodes it did not create; nothing was written. If graphkb loaded them before it "
            "marked what it creates, load once with --wipe (it deletes every node with graphkb's labels, "
            "and their relationships); else delete or relabel them")
