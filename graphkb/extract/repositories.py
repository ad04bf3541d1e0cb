"""Code and project URLs given in a paper's text (GitHub, GitLab, project pages, model hubs)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Evidence, RepositoryLink
from .sentences import Sentence

_URL_RE = re.compile(
    r"(?:https?://|www\.|(?<![\w.@/])(?=(?:github|gitlab|bitbucket)\.(?:com|org)/))[^\s<>\"'`]+", re.I)
_TRAILING = ".,;:!?)]}>'\"”’"
# Links to papers and identifiers are citations, not code.
_NOT_CODE_HOSTS = ("arxiv.org", "doi.org", "dx.doi.org", "aclanthology.org", "openreview.net")


def normalise_url(url: str) -> str:
    """`HTTPS://GitHub.com/THUDM/` -> `https://github.com/THUDM`: scheme and host lowercased,
    trailing punctuation and slashes dropped."""
    url = url.rstrip(_TRAILING)
    while url.count("(") < url.count(")") and url.endswith(")"):
        url = url[:-1]
    if not re.match(r"^https?://", url, re.I):
        url = "https://" + url
    m = re.match(r"^(https?)://([^/]+)(.*)$", url, re.I)
    if not m:
        return url
    scheme, host, path = m.group(1).lower(), m.group(2).lower(), m.group(3)
    return f"{scheme}://{host}{path}".rstrip("/")


def host_of(url: str) -> str:
    return re.sub(r"^https?://", "", url).split("/", 1)[0].removeprefix("www.")


def _may_hold_url(text: str) -> bool:
    """No URL without a slash or www.: the common case, decided without the regex."""
    return "/" in text or "www." in text


def mask_urls(text: str) -> str:
    """The text with every URL blanked out (same length), so no name is read inside a URL."""
    if not _may_hold_url(text):
        return text
    return _URL_RE.sub(lambda m: " " * len(m.group(0)), text)


def find_repositories(sentences: list[Sentence], field: str = "abstract") -> list[RepositoryLink]:
    found: dict[str, RepositoryLink] = {}
    for s in sentences:
        if not _may_hold_url(s.text):
            continue
        for m in _URL_RE.finditer(s.text):
            url = normalise_url(m.group(0))
            host = host_of(url)
            if "." not in host or host in _NOT_CODE_HOSTS or url in found:
                continue
            found[url] = RepositoryLink(url, Evidence(s.text, s.start, s.end, "url", field))
    return list(found.values())


class RepositoryExtractor:
    """Code and project URLs of each paper's abstract; nothing to decide across the corpus."""

    def observe(self, pp) -> tuple[RepositoryLink, ...]:
        return tuple(find_repositories([ps.sentence for ps in pp.sentences if ps.field == "abstract"]))

    def decide(self, observed: Sequence[tuple[RepositoryLink, ...]]) -> list[tuple[RepositoryLink, ...]]:
        return list(observed)
