"""Corpus-level linking. What other packages use of it (the rest is the build's, module by module):
entity timelines, computed again when `graphkb enrich citations` adds papers, and read by `graphkb trends`."""
from .trends import corpus_months, counted_date, month_of, set_timelines

__all__ = ["corpus_months", "counted_date", "month_of", "set_timelines"]
