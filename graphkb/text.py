"""Text cleaning shared by all readers: unicode, whitespace, LaTeX markup, keys and slugs."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# LaTeX accent commands -> unicode combining marks (\"U -> Ü, \'e -> é).
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327",
}
_ACCENT_RE = re.compile(r"""\{?\\(["'`^~=.])\s*\{?([A-Za-z])\}?\}?|\{?\\([uvHc])\{([A-Za-z])\}\}?""")

_SYMBOLS = {
    "infty": "∞", "sim": "~", "times": "×", "approx": "≈", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "pm": "±", "rightarrow": "→", "to": "→", "leftarrow": "←", "cdot": "·",
    "ldots": "…", "dots": "…", "cdots": "…", "neq": "≠", "ne": "≠", "in": "∈", "propto": "∝",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Delta": "Δ", "Gamma": "Γ", "Lambda": "Λ", "Omega": "Ω", "Phi": "Φ", "Pi": "Π", "Sigma": "Σ",
    "Theta": "Θ", "Psi": "Ψ", "Xi": "Ξ", "Upsilon": "Υ", "xi": "ξ", "nu": "ν", "kappa": "κ",
    "iota": "ι", "upsilon": "υ", "ell": "ℓ", "nabla": "∇", "partial": "∂", "sqrt": "√", "star": "*",
    "checkmark": "✓", "dagger": "†", "circ": "°", "degree": "°",
    "%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", ",": " ", ";": " ",
    "!": "", " ": " ", "\\": " ",
}
# \cmd{arg} whose argument is the text to keep (formatting and math-font commands).
_KEEP_ARG_RE = re.compile(
    r"\\(?:text(?:tt|bf|it|sc|sf|rm|up|normal)?|emph|math(?:cal|bf|rm|it|bb|sf|tt|frak|scr)|"
    r"bm|boldsymbol|operatorname|textsuperscript|textsubscript|mbox|hbox|underline|overline|"
    r"hat|tilde|bar|vec|widehat|widetilde|url|href\{[^{}]*\})\s*\{([^{}]*)\}"
)
_SYMBOL_RE = re.compile(r"\\([A-Za-z]+|[%&_#${},;! \\])")
_MATH_RE = re.compile(r"\$\$?([^$]{1,300}?)\$\$?")
# what LaTeX markup starts with (a backslash, a dollar, TeX quotes, a braced sub- or superscript):
# looked for as substrings, which is 8x as fast as one regular expression over a whole abstract
_LATEX_HINTS = ("\\", "$", "``", "_{", "^{")
_SCRIPT_RE = re.compile(r"([_^])\{([^{}\s]{1,30})\}")
_BRACED_TOKEN_RE = re.compile(r"\{([^{}\s\\]{1,30})\}")
_QUOTES_RE = re.compile(r"``(.*?)''", re.S)
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # none of them ASCII


def _fold_accent(m: re.Match) -> str:
    mark, letter = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def _unwrap_math(m: re.Match) -> str:
    inner = m.group(1)
    # A lone "$5 ... $10" pair is money, not math: keep it when it holds no markup.
    if not re.search(r"[\\^_{}]", inner) and " " in inner.strip():
        return m.group(0)
    inner = re.sub(r"[\^_]\{([^{}]*)\}", r"\1", inner)
    return inner


def latex_to_text(text: str) -> str:
    """Turn the LaTeX markup that leaks into titles and abstracts into plain text.

    `$\\texttt{Complex-Edit}$` -> `Complex-Edit`, `T\\"ULU` -> `TÜLU`, `$\\infty$` -> `∞`.
    Text without backslashes, dollars or TeX quotes is returned unchanged.
    """
    if not any(hint in text for hint in _LATEX_HINTS):
        return text
    # only up to the last '': a `` with no '' after it would rescan the rest of the text
    close = text.rfind("''")
    if close >= 0:
        text = _QUOTES_RE.sub(lambda m: f"\u201c{m.group(1)}\u201d", text[:close + 2]) + text[close + 2:]
    text = _ACCENT_RE.sub(_fold_accent, text)
    for _ in range(3):  # nested \textbf{\texttt{X}}
        new = _KEEP_ARG_RE.sub(r"\1", text)
        if new == text:
            break
        text = new
    text = _MATH_RE.sub(_unwrap_math, text)
    # known symbols become characters; an unknown command keeps its name without the backslash
    text = _SYMBOL_RE.sub(lambda m: _SYMBOLS.get(m.group(1), m.group(1)), text)
    text = _SCRIPT_RE.sub(r"\1\2", text)  # G_{stack} -> G_stack
    return _BRACED_TOKEN_RE.sub(r"\1", text)  # PATIENT-{Ψ} -> PATIENT-Ψ


def clean_text(text: str) -> str:
    """Normalise unicode (NFKC), turn LaTeX into text and collapse all whitespace (str.split's, the
    characters `\\s` matches: 4x as fast as the regular expressions over 40,000 titles and abstracts)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _INVISIBLE_RE.sub("", text)
    return " ".join(latex_to_text(text).split())


# What folding and splitting need to know of a character, worked out once per character met:
# whether it is a combining mark (unicodedata.combining), whether it is a mark (category M). A
# text that is not ASCII then costs a few passes in C, not a Python step per character.
_COMBINING: set[str] = set()
_MARKS: set[str] = set()
_MET: set[str] = {chr(i) for i in range(128)}


def _meet(chars: set[str]) -> None:
    for c in chars - _MET:
        _MET.add(c)
        if unicodedata.combining(c):
            _COMBINING.add(c)
        if unicodedata.category(c)[0] == "M":
            _MARKS.add(c)


@lru_cache(maxsize=256)
def _marks_after_ascii(marks: str) -> re.Pattern:
    """A run of the combining marks `marks` after an ASCII character (the run is the accent of a
    Latin letter)."""
    return re.compile(f"([\\x00-\\x7f])[{re.escape(marks)}]+")


def _fold(text: str) -> str:
    """NFKC, casefolded, without the accents of Latin letters (`Ü` -> `u`); the marks of other
    scripts stay, since there they make different letters (`й` is not `и`, `が` is not `か`)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    chars = set(decomposed)
    _meet(chars)
    marks = chars & _COMBINING
    if marks:
        decomposed = _marks_after_ascii("".join(sorted(marks))).sub(r"\1", decomposed)
    return unicodedata.normalize("NFC", decomposed)


@lru_cache(maxsize=256)
def _word_pattern(marks: str) -> re.Pattern:
    """Runs of letters and digits (`[^\\W_]`: exactly the categories L and N, tests/test_text.py)
    and of the marks `marks`."""
    return re.compile(f"(?:[^\\W_]|[{re.escape(marks)}])+" if marks else r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Runs of letters, marks and digits of any script (`_` and punctuation separate them)."""
    chars = set(text)
    _meet(chars)
    return _word_pattern("".join(sorted(chars & _MARKS))).findall(text)


# What _words finds in ASCII text: letters and digits are the only ASCII characters of the
# letter, mark and number categories.
_ASCII_WORD_RE = re.compile(r"[A-Za-z0-9]+")


def _folded_words(text: str) -> tuple[str, list[str]]:
    """_fold(text) and its _words; ASCII text (the common case) without a pass per character."""
    if text.isascii():
        folded = text.lower()  # what _fold does to ASCII
        return folded, _ASCII_WORD_RE.findall(folded)
    folded = _fold(text)
    return folded, _words(folded)


def title_key(title: str) -> str:
    """A key under which two spellings of the same title compare equal.

    Case, Latin accents, punctuation, LaTeX and spacing are ignored; letters and digits of every
    script count, so two Russian or Chinese titles never share a key. A title with no letter
    or digit at all (`∞`, `???`) is its own key.
    """
    folded, words = _folded_words(clean_text(title))
    return " ".join(words) or folded


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def slugify(text: str, max_words: int = 8) -> str:
    """Lowercase words joined by hyphens: `Mobile-R1: Towards ...` -> `mobile-r1-towards`.

    Words of any script count (`Сергей Иванов` -> `сергей-иванов`); text with no letter or
    digit at all gets a short hash of itself, so that two such texts never share a slug.
    """
    _, words = _folded_words(text)
    return "-".join(words[:max_words]) or _short_hash(text)


def stable_id(text: str, max_words: int = 8) -> str:
    """A readable id that is stable for the same text: a slug plus a short hash of its key."""
    digest = _short_hash(title_key(text))
    slug = "-".join(_folded_words(text)[1][:max_words])
    return f"{slug}-{digest}" if slug else digest


def sorted_names(names) -> list[str]:
    """Names in case-insensitive order, ties broken by the exact spelling (so never by set order)."""
    return sorted(names, key=lambda s: (s.casefold(), s))
