"""What a build keeps in OUT for the next update and the next diff (OUT/build-state.pickle).

- the input records read (listing dates applied), so an update merges duplicates across
  old and new inputs exactly as a build of all of them would;
- each paper's observations (extract.observe_corpus), by paper key, so an update reads
  only the new papers (packed: extract.pack);
- the topics and their model, so new papers can join them and topic ids last;
- the papers' vectors, their model and nearest neighbours, so an update searches only
  from its new papers (link/neighbour_index.py);
- the key phrases' statistics (each phrase's document frequency), so an update scores its
  new papers' phrases against them and the earlier papers keep theirs (extract.PhraseFit);
- a snapshot of the graph, so an update says what changed without reading graph.json;
- the citations `graphkb enrich` added, so an update carries them over.

It is a pickle of the state without its biggest parts, then a pickle of each of them (`KEPT_APART`:
the observations, the topic model, the vectors and neighbours, the key phrases' statistics;
graphkb's own records and scikit-learn's topic model): read only by the graphkb version that
wrote it (manifest.json says which; see manifest.py), and only from a build folder you made. It is
written with the build, as part of the one set (outdir.py). A build that writes a folder keeps
those parts out of memory once it is done with them (`Spilled`, `spill`): the observations once
extraction has decided, the rest before the graph is made. At 100,000 papers they hold 1 GB
(observations 572 MB, vectors and neighbours 353 MB), which linking, the graph and the views
would otherwise be made beside.
"""
from __future__ import annotations

import mmap
import os
import pickle
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from . import __version__
from .changes import GraphSnapshot
from .errors import GraphkbError
from .graph import KnowledgeGraph
from .link.topic_lineage import TopicLineage
from .memory import gc_paused, release_freed
from .outdir import STATE_FILE
from .records import PaperRecord

if TYPE_CHECKING:
    from .extract import PhraseFit
    from .link.neighbour_index import NeighbourIndex
    from .link.topics import TopicModel

T = TypeVar("T")


@dataclass
class CarriedCitations:
    """What `graphkb enrich citations` added to a graph, to put back after an update."""

    cited_nodes: dict[str, dict] = field(default_factory=dict)  # cited-only Paper nodes: id -> properties
    cites: list[tuple[str, str, dict]] = field(default_factory=list)  # CITES: (source, target, properties)
    outside: dict[str, int] = field(default_factory=dict)  # paper id -> references_outside

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> CarriedCitations:
        carried = cls()
        for pid, d in kg.nodes("Paper"):
            if d.get("cited_only"):
                carried.cited_nodes[pid] = {k: v for k, v in d.items() if k != "label"}
            elif d.get("references_outside") is not None:
                carried.outside[pid] = d["references_outside"]
        carried.cites = [(u, v, {k: x for k, x in d.items() if k != "type"}) for u, v, d in kg.edges("CITES")]
        return carried

    def apply(self, kg: KnowledgeGraph) -> None:
        """Put the citations back into a rebuilt graph (onto the papers it still has)."""
        for pid, props in self.cited_nodes.items():
            if pid not in kg.g:
                kg.add_node("Paper", pid, **props)
        for pid, n in self.outside.items():
            if pid in kg.g:
                kg.g.nodes[pid]["references_outside"] = n
        for u, v, props in self.cites:
            if u in kg.g and v in kg.g:
                kg.add_edge("CITES", u, v, **props)


class Spilled:
    """A value pickled into an unnamed temporary file beside the build folder, kept there until
    the state's writer copies its bytes into the state (`copy_to`), in whichever of the build's
    processes writes it (each reads at its own offsets). The file goes when the last process
    holding it closes it, and leaves nothing behind if the build is cut short."""

    def __init__(self, value: object, folder: Path):
        try:
            folder.mkdir(parents=True, exist_ok=True)  # the build folder's parent, which the build makes anyway
            self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=".graphkb-state-")
            pickle.dump(value, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._file.flush()
        except OSError as e:  # a full disk, a folder that is a file, ...
            raise GraphkbError(f"{folder}: cannot keep the build state there while the graph is made "
                               f"({e.strerror or e})") from None
        self.size = self._file.tell()

    def copy_to(self, out: IO[bytes], chunk: int = 8 * 2**20) -> None:
        fd, offset = self._file.fileno(), 0
        while offset < self.size:
            data = os.pread(fd, min(chunk, self.size - offset), offset)
            if not data:
                raise OSError("the spilled part of the build state ended early")
            out.write(data)
            offset += len(data)

    def load(self) -> object:
        with mmap.mmap(self._file.fileno(), self.size, access=mmap.ACCESS_READ) as mapped:
            return pickle.loads(mapped)


def spill(value: T, folder: Path | None) -> T | Spilled:
    """`value` kept in a temporary file in `folder` (`value` itself without a folder, or when it is
    None). A dict is emptied, so that its memory goes even where the caller holds it; anything else
    goes when the caller's references do (`x = spill(x, folder)`). `release_freed` hands back the
    memory freed so far."""
    if folder is None or value is None:
        return value
    spilled = Spilled(value, folder)
    if isinstance(value, dict):
        value.clear()
    release_freed()
    return spilled


@dataclass
class BuildState:
    version: str
    records: list[PaperRecord]
    # each of these four may be kept in a file until the state is written (Spilled)
    observations: dict[str, tuple[bytes, ...]] | Spilled  # extract.paper_key(paper) -> its observations, packed
    lineage: TopicLineage | None
    topic_model: TopicModel | Spilled | None
    snapshot: GraphSnapshot | None  # None until taken (build._take_snapshot); a written state has it
    citations: CarriedCitations = field(default_factory=CarriedCitations)
    neighbours: NeighbourIndex | Spilled | None = None  # the vectors and nearest papers, for SIMILAR_TO to grow
    phrases: PhraseFit | Spilled | None = None  # the key phrases' statistics, which an update scores its papers with

    def write(self, path: Path) -> None:
        """The state without the parts KEPT_APART, then each of them (copied when spilled)."""
        with open(path, "wb") as fh:
            pickle.dump(replace(self, **dict.fromkeys(KEPT_APART)), fh, protocol=pickle.HIGHEST_PROTOCOL)
            for name in KEPT_APART:
                part = getattr(self, name)
                if isinstance(part, Spilled):
                    part.copy_to(fh)
                else:
                    pickle.dump(part, fh, protocol=pickle.HIGHEST_PROTOCOL)


KEPT_APART = ("observations", "topic_model", "neighbours", "phrases")  # in the state file's order


def read_state(out: Path) -> BuildState:
    """The state of build folder OUT (check the manifest first: it names the version)."""
    path = Path(out) / STATE_FILE
    try:
        with open(path, "rb") as fh, gc_paused():
            state = pickle.load(fh)
            if isinstance(state, BuildState) and state.observations is None:  # the parts kept apart follow
                for name in KEPT_APART:
                    setattr(state, name, pickle.load(fh))
    except FileNotFoundError:
        raise GraphkbError(f"{path}: not found: {out} was built without it; rebuild it with `graphkb build`") \
            from None
    except Exception as e:  # a truncated or foreign file: pickle raises many kinds
        raise GraphkbError(f"{path}: unreadable build state ({type(e).__name__}); rebuild with `graphkb build`") \
            from None
    if not isinstance(state, BuildState) or state.version != __version__:
        found = getattr(state, "version", "unknown")
        raise GraphkbError(f"{path}: written by graphkb {found}, this is graphkb {__version__}; "
                           "rebuild it with `graphkb build`")
    if not all(isinstance(part, bytes) for part in next(iter(state.observations.values()), ())):
        raise GraphkbError(f"{path}: written by an earlier graphkb {__version__}, which kept the observations "
                           "unpacked; rebuild it with `graphkb build`")
    return state
