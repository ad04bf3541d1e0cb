"""graphkb: map research literature as a knowledge graph of papers, methods, benchmarks and concepts."""

__version__ = "0.1.0"
