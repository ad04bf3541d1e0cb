"""graph.parquet: the graph as one columnar table, a compact copy of graph.json that loads fast.

One row per node, then one per relationship, in graph.json's order. A row's columns are its
node-link keys (`id`, `label`; `source`, `target`, `key`, `type`) and properties; a
dict-valued property (a relationship's evidence) takes a column per part (`evidence.sentence`,
`evidence.start`, ...). What a node or relationship does not have is null: the graph holds no
None values (KnowledgeGraph drops them). Each column is typed from its values: string, int64,
double or boolean, or a list of one of them. A column whose values mix types (an int beside a
float would come back as a float) is kept as JSON text, so every value reads back as written.
The file's metadata (`graphkb`) says which rows are nodes and what each column holds.

Parquet stores each column by itself, dictionary-encoded and compressed: a label, a rule or an
evidence sentence repeated over thousands of rows is kept once per row group. At 20,000 papers
the file is 20 MB where graph.json is 221 MB, and it is read without parsing text (see
benchmarks/README.md). pyarrow is imported here only, and only when a file is written or read.
"""
from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

import networkx as nx
import numpy as np

from .errors import GraphkbError
from .graph import KnowledgeGraph, chunks, edge_problem, node_problem, number_of_edges, pair_dict, write_node_link
from .memory import gc_paused

if TYPE_CHECKING:
    from .delta import GraphDelta

_METADATA_KEY = b"graphkb"
_LAYOUT_VERSION = 1
_ENDS = frozenset({"id", "source", "target", "key"})  # node-link keys, not properties
_ROWS_PER_GROUP = 65_536  # rows encoded and written at a time: bounded memory beside the graph
# rows decoded at a time when reading: the streamed Turtle of 100k papers peaks at 641 MB in
# batches of 8,192 rows, 1,052 MB in batches of a row group, in the same time (a load too)
_ROWS_PER_BATCH = 8_192


def _scalar_type(kinds: set[type]):
    """The Arrow type of values all of one Python type, or None (bool is not int here)."""
    import pyarrow as pa
    if len(kinds) != 1:
        return None
    return {str: pa.string(), bool: pa.bool_(), int: pa.int64(), float: pa.float64()}.get(next(iter(kinds)))


class _Column:
    """One column of the table: the property it holds (`key`, and `part` of a dict value) and the
    Python types seen in it (and in its lists' items), which give its Arrow type."""

    def __init__(self, index: int, key: str, part: str | None = None):
        self.index, self.key, self.part = index, key, part
        self.kinds: set[type] = set()
        self.item_kinds: set[type] = set()

    @property
    def name(self) -> str:
        return self.key if self.part is None else f"{self.key}.{self.part}"

    def see_kinds(self, kinds: set[type], nested: Iterable) -> None:
        """Its values' types, and its dict and list values (whose lists' items are typed too)."""
        self.kinds = kinds
        for value in nested:
            if type(value) is list:
                self.item_kinds.update(map(type, value))

    def arrow_type(self):
        """Its Arrow type, or None: kept as JSON text."""
        import pyarrow as pa
        if self.kinds == {list}:
            item = _scalar_type(self.item_kinds) if self.item_kinds else pa.string()
            return pa.list_(item) if item is not None else None
        return _scalar_type(self.kinds)

    def describe(self) -> dict:
        return {"name": self.name, "key": self.key, "part": self.part, "json": self.arrow_type() is None}


def _record_kinds(items: Iterable[tuple[str, object]], kinds: dict[str, set[type]], nested: dict[str, list]) -> None:
    """Add each (key, value)'s type to kinds[key], and keep its dict and list values in nested[key]."""
    for key, value in items:
        kind = type(value)
        found = kinds.get(key)
        if found is None:
            found = kinds[key] = set()
        found.add(kind)
        if kind is dict or kind is list:
            nested.setdefault(key, []).append(value)


class _Columns:
    """The table's columns, in order of first appearance, with the types of their values."""

    def __init__(self, kg: KnowledgeGraph):
        self.columns: dict[str, _Column] = {}
        self.place: dict[str, int] = {}  # a property's column
        self.part_place: dict[str, dict[str, int]] = {}  # a dict-valued property's column for each part
        self._scan(kg)

    def _add(self, key: str, part: str | None = None) -> _Column:
        column = _Column(len(self.columns), key, part)
        self.columns[column.name] = column
        return column

    def _scan(self, kg: KnowledgeGraph) -> None:
        """See every value of `kg`, from the graph's own dicts: each key's types (one set insertion
        a value), then the parts of its dict values and the items of its lists."""
        g = kg.g
        kinds: dict[str, set[type]] = {"id": set(map(type, g._node)), "source": set(), "target": set(), "key": set()}
        nested: dict[str, list] = {}  # the dict and list values of each key

        def see(data: dict, element) -> None:
            if not _ENDS.isdisjoint(data):
                raise GraphkbError(f"{element!r} has a property named {sorted(_ENDS & data.keys())[0]!r}, "
                                   "which graph.parquet (and graph.json) keep for ids and ends")
            _record_kinds(data.items(), kinds, nested)

        for node, data in g._node.items():
            see(data, node)
        sources, targets, keys = kinds["source"], kinds["target"], kinds["key"]
        for source, neighbours in g._succ.items():
            sources.add(type(source))
            for target, keyed in neighbours.items():
                targets.add(type(target))
                for key, data in keyed.items():
                    keys.add(type(key))
                    see(data, (source, target, key))
        for key, key_kinds in kinds.items():
            if dict in key_kinds:
                if key_kinds != {dict}:
                    raise GraphkbError(f"property {key!r} is a dict on some nodes or relationships and not on others")
                part_kinds: dict[str, set[type]] = {}
                part_nested: dict[str, list] = {}
                for value in nested[key]:
                    _record_kinds(value.items(), part_kinds, part_nested)
                self.part_place[key] = {}
                for part, found in part_kinds.items():
                    column = self._add(key, part)
                    self.part_place[key][part] = column.index
                    column.see_kinds(found, part_nested.get(part, ()))
                continue
            column = self._add(key)
            self.place[key] = column.index
            column.see_kinds(key_kinds, nested.get(key, ()))

    def fill(self, values: list[list], row: int, data: dict) -> None:
        """Put a row's values in their columns' places."""
        place = self.place
        for key, value in data.items():
            i = place.get(key)
            if i is not None:
                values[i][row] = value
            else:
                parts = self.part_place[key]
                for part, item in value.items():
                    values[parts[part]][row] = item


def _schema(kg: KnowledgeGraph, table: _Columns, nodes: int):
    """The file's Arrow schema, its layout in the metadata."""
    import pyarrow as pa
    columns = list(table.columns.values())
    layout = {"version": _LAYOUT_VERSION, "nodes": nodes, "graph": kg.node_link_attributes(),
              "columns": [c.describe() for c in columns]}
    return pa.schema([pa.field(c.name, c.arrow_type() or pa.string()) for c in columns],
                     metadata={_METADATA_KEY: json.dumps(layout, ensure_ascii=False).encode()})


def _arrays(table: _Columns, schema, chunk: list[tuple[tuple, tuple, dict]]) -> list:
    """A row group's columns, from its rows: (the places of the row's ends, its ends, its properties)."""
    import pyarrow as pa
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    values = [[None] * len(chunk) for _ in table.columns]
    fill = table.fill
    for row, (ends, given, data) in enumerate(chunk):
        for i, value in zip(ends, given):
            values[i][row] = value
        fill(values, row, data)
    arrays = []
    for column_values, field, column in zip(values, schema, table.columns.values()):
        if column.arrow_type() is None:
            column_values = [None if v is None else dumps(v) for v in column_values]
        try:
            arrays.append(pa.array(column_values, type=field.type))
        except (pa.ArrowException, OverflowError) as e:  # an int beyond 64 bits
            raise GraphkbError(f"property {field.name!r}: cannot be written to Parquet: {e}") from None
    return arrays


def _rows(table: _Columns, nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, str, dict]]):
    """Each element as `_arrays` takes it."""
    node_ends = (table.columns["id"].index,)
    edge_ends = tuple(table.columns[name].index for name in ("source", "target", "key"))
    return chain(((node_ends, (node,), data) for node, data in nodes),
                 ((edge_ends, (u, v, k), data) for u, v, k, data in edges))


def write_parquet(kg: KnowledgeGraph, out: BinaryIO) -> str:
    """Write `kg` as graph.parquet to a binary stream; returns what was written.

    Two passes over the graph's own dicts: one finds the columns and their types, the other
    fills them a row group at a time (each value put in its column's place; no row dicts)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    with gc_paused():
        table = _Columns(kg)
        nodes, edges = kg.json_order()
        schema = _schema(kg, table, len(nodes))
        with pq.ParquetWriter(out, schema, compression="zstd") as writer:
            for chunk in chunks(_rows(table, nodes, edges), _ROWS_PER_GROUP):
                writer.write_table(pa.Table.from_arrays(_arrays(table, schema, chunk), schema=schema))
    return f"{len(nodes):,} nodes, {number_of_edges(kg.g):,} relationships"


class EarlierParquetMismatch(Exception):
    """The earlier graph.parquet is not the file of the graph a delta was taken against, or its
    columns are not those of the new graph."""


def splice_parquet(kg: KnowledgeGraph, delta: GraphDelta, earlier: bytes, out: BinaryIO) -> str:
    """graph.parquet of `kg` from the earlier build's (its bytes) and what changed: the rows of the
    same elements taken from the earlier file, the others made; the bytes `write_parquet` writes.
    The columns and their types are those of the whole new graph; an earlier file with others
    (a property that appeared, or a type that changed) cannot lend its rows."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq
    with gc_paused():
        table = _Columns(kg)
        now = delta.now
        schema = _schema(kg, table, len(now.nodes))
        old = pq.read_table(io.BytesIO(earlier))
        if old.num_rows != delta.earlier_nodes + delta.earlier_edges or not old.schema.equals(schema):
            raise EarlierParquetMismatch("its rows or columns are not those of the graph")
        fresh_nodes = np.flatnonzero(delta.node_from < 0)
        fresh_edges = np.flatnonzero(delta.edge_from < 0)
        fresh = list(_rows(table, (now.nodes[i] for i in fresh_nodes.tolist()),
                           (now.edges[j] for j in fresh_edges.tolist())))
        made = [pa.Table.from_arrays(_arrays(table, schema, chunk), schema=schema)
                for chunk in chunks(fresh, _ROWS_PER_GROUP)]
        # each new row: an earlier row, or (after them) a row made here
        take = np.concatenate([delta.node_from, np.where(delta.edge_from >= 0, delta.edge_from + delta.earlier_nodes,
                                                         -1)])
        made_rows = np.flatnonzero(take < 0)
        take[made_rows] = old.num_rows + np.arange(len(made_rows))
        whole = pa.concat_tables([old.replace_schema_metadata(schema.metadata), *made]).take(take)
        with pq.ParquetWriter(out, schema, compression="zstd") as writer:
            for start in range(0, whole.num_rows, _ROWS_PER_GROUP):
                writer.write_table(whole.slice(start, _ROWS_PER_GROUP))
    return f"{len(now.nodes):,} nodes, {len(now.edges):,} relationships"


def _open(path: Path):
    """The ParquetFile at `path` and its graphkb layout; errors name the file and what is wrong."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        parquet = pq.ParquetFile(path)
        metadata = parquet.schema_arrow.metadata or {}
        layout = json.loads(metadata[_METADATA_KEY])
        layout["columns"], layout["nodes"] = list(layout["columns"]), int(layout["nodes"])
    except FileNotFoundError:
        raise GraphkbError(f"{path}: not found (run `graphkb build` first)") from None
    except (pa.ArrowException, OSError) as e:
        raise GraphkbError(f"{path}: not a Parquet file: {e}") from None
    except (KeyError, TypeError, ValueError):
        raise GraphkbError(f"{path}: not a graph.parquet file (no graphkb layout in its metadata)") from None
    if layout.get("version") != _LAYOUT_VERSION:
        raise GraphkbError(f"{path}: graph.parquet layout {layout.get('version')!r}, this graphkb reads "
                           f"{_LAYOUT_VERSION} (rebuild, or export graph.json with the graphkb that wrote it)")
    return parquet, layout


def read_rows(path: str | Path, keys: Collection[str] | None = None, skip_nodes: bool = False,
              types: Collection[str] | None = None) -> tuple[dict, int, Iterator[tuple[int, tuple, dict]]]:
    """The graph attributes of a graph.parquet, its number of nodes, and its rows one at a time
    (a batch of rows read at a time; the nodes' rows first): (row number from 1, ends, data), ends
    (id,) for a node and (source, target, key) for a relationship, data its properties with keys
    in graph.json's order (sorted; a dict value's parts in the order they were written).

    keys: only these properties are read (the others' columns are not decoded at all).
    skip_nodes: only the relationships' rows (the row groups that hold nothing else are not read).
    types: only the relationships of these types (the others are not decoded)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    path = Path(path)
    parquet, layout = _open(path)
    order = sorted((c for c in layout["columns"] if c["key"] not in _ENDS and (keys is None or c["key"] in keys)),
                   key=lambda c: c["key"])
    names = [*(c["name"] for c in layout["columns"] if c["key"] in _ENDS), *(c["name"] for c in order)]
    if types is not None and "type" not in names:
        names.append("type")
    wanted = None if types is None else pa.array(sorted(types), pa.string())
    node_count = layout["nodes"]
    groups, start = list(range(parquet.metadata.num_row_groups)), 0  # start: the first group's first row
    if skip_nodes:
        while groups and start + parquet.metadata.row_group(groups[0]).num_rows <= node_count:
            start += parquet.metadata.row_group(groups.pop(0)).num_rows

    def rows() -> Iterator[tuple[int, tuple, dict]]:
        first = start  # the batch's first row
        for batch in parquet.iter_batches(batch_size=_ROWS_PER_BATCH, row_groups=groups, columns=names):
            size = batch.num_rows
            first_edge = min(max(node_count - first, 0), size)
            if first_edge and not skip_nodes:
                part = batch.slice(0, first_edge)
                ids = part.column("id").to_pylist()
                if None in ids:
                    raise GraphkbError(f"{path}: row {first + ids.index(None) + 1}: a node without an id")
                yield from zip(range(first + 1, first + first_edge + 1), zip(ids), _row_dicts(part, order))
            if first_edge < size:
                part = batch.slice(first_edge)
                numbers = range(first + first_edge + 1, first + size + 1)
                if wanted is not None:
                    kept = pc.indices_nonzero(pc.is_in(part.column("type"), value_set=wanted))
                    part, numbers = part.take(kept), [numbers[i] for i in kept.to_pylist()]
                ends = zip(*(part.column(name).to_pylist() for name in ("source", "target", "key")))
                yield from zip(numbers, ends, _row_dicts(part, order))
            first += size
    return layout.get("graph") or {}, node_count, rows()


def _row_dicts(batch, order: list[dict]) -> list[dict]:
    """The properties of each row of a batch, from the columns of `order` (in its order)."""
    data = [{} for _ in range(batch.num_rows)]
    for column in order:
        _fill_rows(data, batch.column(column["name"]), column)
    return data


def read_parquet(path: str | Path) -> nx.MultiDiGraph:
    """The MultiDiGraph a graph.parquet holds, as KnowledgeGraph.load builds it from graph.json:
    the same nodes, relationships, data and order. Errors name the file and what is wrong."""
    path = Path(path)
    graph, _, rows = read_rows(path)
    g = nx.MultiDiGraph()
    g.graph.update(graph)
    nodes, succ, pred = g._node, g._succ, g._pred
    with gc_paused(garbage_cycles=False):
        for row_number, ends, data in rows:
            if len(ends) == 1:
                node = ends[0]
                nodes[node] = data
                succ[node], pred[node] = {}, {}
                continue
            source, target, key = ends
            if source not in succ or target not in succ:
                missing = source if source not in succ else target
                raise GraphkbError(f"{path}: row {row_number}: a relationship to or from {missing!r}, "
                                   "which is not a node")
            keyed = succ[source].get(target)
            if keyed is None:
                keyed = succ[source][target] = pred[target][source] = pair_dict(key)
            elif key in keyed:
                raise GraphkbError(f"{path}: row {row_number}: a second {key} relationship "
                                   f"from {source!r} to {target!r}")
            keyed[key] = data
    return g


def checked_rows(path: str | Path, keys: Collection[str] | None = None
                 ) -> tuple[dict, int, Iterator[tuple[int, tuple, dict]]]:
    """`read_rows` for a reader that never builds the graph: each node's and relationship's label,
    type and ends checked as KnowledgeGraph.load checks them (the nodes' labels kept for that), an
    error naming the file and row. A relationship repeated in the file is not caught (loading
    refuses it). keys: as read_rows' (the label and type are always read)."""
    path = Path(path)
    graph, node_count, rows = read_rows(path, None if keys is None else {*keys, "label", "type"})

    def checked() -> Iterator[tuple[int, tuple, dict]]:
        labels: dict = {}
        for row_number, ends, data in rows:
            if row_number <= node_count:
                problem = node_problem(ends[0], data)
                labels[ends[0]] = data.get("label")
            else:
                problem = edge_problem(*ends, data, labels)
            if problem:
                raise GraphkbError(f"{path}: row {row_number}: {problem}")
            yield row_number, ends, data
    return graph, node_count, checked()


def checked_nodes(path: str | Path, keys: Collection[str] | None = None) -> Iterator[tuple[str, dict]]:
    """The nodes (id, data) of a graph.parquet, with only the properties `keys` (default: all; the
    label always), each checked as a load checks it; the relationships' rows are not read."""
    _, node_count, rows = read_rows(path, None if keys is None else {*keys, "label"})
    for row_number, (node,), data in islice(rows, node_count):
        problem = node_problem(node, data)
        if problem:
            raise GraphkbError(f"{path}: row {row_number}: {problem}")
        yield node, data


def elements(path: str | Path, keys: Collection[str] | None = None
             ) -> tuple[dict, int, Iterator[tuple[str, dict]], Iterator[tuple[str, str, str, dict]]]:
    """The graph attributes, number of nodes, nodes (id, data) and relationships (source, target,
    key, data) of a graph.parquet, in graph.json's order, checked (`checked_rows`; `keys` as its),
    a batch of rows at a time: the nodes are to be read before the relationships."""
    graph, node_count, rows = checked_rows(path, keys)
    return (graph, node_count, ((node, data) for _, (node,), data in islice(rows, node_count)),
            ((source, target, key, data) for _, (source, target, key), data in rows))


def write_json_from_parquet(path: str | Path, out: TextIO) -> str:
    """Write the graph.json of a graph.parquet a batch of rows at a time, without building the graph:
    what is held is one batch of rows and the nodes' labels, whatever the graph's size."""
    path = Path(path)
    graph, node_count, nodes, edges = elements(path)
    with gc_paused():
        write_node_link(out, graph, ({**data, "id": node} for node, data in nodes),
                        ({**data, "source": u, "target": v, "key": k} for u, v, k, data in edges))
    return f"{node_count:,} nodes (streamed from {path.name})"


def _fill_rows(rows: list[dict], array, column: dict) -> None:
    """Put one column's values of a batch into its rows' dicts (only the rows that have one)."""
    import pyarrow.compute as pc
    if array.null_count == len(array):
        return
    if array.null_count:
        present = pc.indices_nonzero(pc.is_valid(array))
        places, values = present.to_pylist(), array.take(present).to_pylist()
    else:
        places, values = range(len(array)), array.to_pylist()
    if column["json"]:
        values = [json.loads(v) for v in values]
    key, part = column["key"], column["part"]
    if part is None:
        for place, value in zip(places, values):
            rows[place][key] = value
        return
    for place, value in zip(places, values):
        found = rows[place].get(key)
        if found is None:
            rows[place][key] = {part: value}
        else:
            found[part] = value
