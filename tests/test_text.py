import random
import re
import sys
import unicodedata

from graphkb.text import _fold, _short_hash, _words, clean_text, latex_to_text, slugify, stable_id, title_key


def test_latex_names_become_text():
    assert clean_text(r"$\texttt{Complex-Edit}$: CoT-Like Instruction Generation") == \
        "Complex-Edit: CoT-Like Instruction Generation"
    assert clean_text(r'T\"ULU 3: Pushing Frontiers') == "TÜLU 3: Pushing Frontiers"
    assert clean_text(r"we propose PATIENT-{\Psi}, a novel patient simulation") == \
        "we propose PATIENT-Ψ, a novel patient simulation"
    assert clean_text(r"Adapt-$\infty$: Scalable Lifelong") == "Adapt-∞: Scalable Lifelong"
    assert clean_text(r"called G_{stack}, exhibits") == "called G_stack, exhibits"


def test_tex_quotes_and_plain_dollars():
    assert clean_text("pick up task-specific ``skills,'' but") == "pick up task-specific “skills,” but"
    # money is not math: "$0.031 ... $5" keeps its dollar signs
    assert latex_to_text("at $0.031 each, or $5 in all") == "at $0.031 each, or $5 in all"


def test_text_without_markup_is_untouched_but_whitespace_collapses():
    assert latex_to_text("40-90% error reduction") == "40-90% error reduction"
    assert clean_text("Mobile-R1:\n  Towards\tInteractive ") == "Mobile-R1: Towards Interactive"
    assert clean_text("ﬁne-tuning") == "fine-tuning"  # NFKC folds ligatures


def test_every_unicode_space_collapses_and_invisible_characters_go():
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]  # where str.split splits
    assert spaces == re.findall(r"\s", "".join(map(chr, range(0x110000))))  # what \s, used before, matched
    assert len(spaces) == 29 and "\u3000" in spaces and "\x1c" in spaces
    for space in spaces:
        assert clean_text(f"{space}a{space}{space}b{space}") == "a b", repr(space)
    assert clean_text("soft\u00adhy\u200bphen\ufeff and\u2060 joiners\u200d") == "softhyphen and joiners"
    assert clean_text("\u00a0\u200b\u00a0") == ""


def test_each_sign_of_latex_is_seen():
    assert latex_to_text(r"a \alpha b") == "a α b"
    assert latex_to_text("cost $x$ here") == "cost x here"
    assert latex_to_text("``quoted''") == "\u201cquoted\u201d"
    assert latex_to_text("G_{stack}") == "G_stack" and latex_to_text("x^{2}") == "x^2"


def test_title_key_ignores_case_accents_punctuation_and_latex():
    assert title_key(r'T\"ULU 3: Pushing Frontiers') == title_key("Tulu 3 - pushing  frontiers")
    assert title_key("Mobile-R1: Towards") != title_key("Mobile-R2: Towards")


def test_stable_id_is_readable_and_deterministic():
    a = stable_id("Mobile-R1: Towards Interactive Reinforcement Learning")
    assert a == stable_id("mobile-r1 towards interactive reinforcement learning")
    assert a.startswith("mobile-r1-towards-interactive-reinforcement-learning-")
    assert slugify("Qwen2.5 Technical Report") == "qwen2-5-technical-report"


def test_ascii_text_takes_a_shortcut_to_the_same_keys_and_slugs():
    """title_key, slugify and stable_id read ASCII text without a pass per character; what they
    give must be what folding and splitting character by character gives."""
    def by_character(text: str) -> tuple[str, str, str]:
        folded = _fold(clean_text(text))
        key = " ".join(_words(folded)) or folded
        slug = "-".join(_words(_fold(text))[:8])
        return key, slug or _short_hash(text), f"{slug}-{_short_hash(key)}" if slug else _short_hash(key)

    rnd = random.Random(7)
    texts = ["", "???", "a__b", "Mobile-R1: Towards", "x\x7fy", "$\\alpha$-Net", "tab\tsep ``quoted''"]
    texts += ["".join(chr(rnd.randrange(128)) for _ in range(rnd.randrange(40))) for _ in range(3000)]
    for text in texts:
        assert (title_key(text), slugify(text), stable_id(text)) == by_character(text), repr(text)


def _fold_by_character(text: str) -> str:
    """_fold as it reads, a character at a time: the rule the folding follows."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept, after_ascii = [], False
    for c in decomposed:
        if unicodedata.combining(c):
            if after_ascii:
                continue
        else:
            after_ascii = c < "\x80"
        kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept))


def _words_by_character(text: str) -> list[str]:
    words, current = [], []
    for c in text:
        if unicodedata.category(c)[0] in "LMN":
            current.append(c)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def test_text_of_any_script_is_folded_and_split_as_a_character_at_a_time():
    """_fold and _words work on whole strings (str.translate, a pattern per set of accents); what
    they give must be what the rule gives character by character, for text of any script, with
    accents on Latin letters and marks on others, marks with nothing before them, lone surrogates."""
    pieces = ["é", "e\u0301", "U\u0308\u0304", "\u0301", "й", "が", "क्षि", "Ü", "ǅ", "ﬁ", "Σς", "İ", "ß", "½", "²",
              "٣", "—", "’", "\u00a0", "\u2028", "\u200b", "\ud800", "😀", "Ⅻ", "ᾈ", "Å", "a", "Z", "9", " ", "_", "-"]
    rnd = random.Random(11)
    texts = ["", "Über café", "e\u0301\u0301x", "\u0301a", "Сергей Иванов", "GRPO—with’quotes"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(12))) for _ in range(3000)]
    texts += ["".join(chr(rnd.randrange(0x3000)) for _ in range(rnd.randrange(20))) for _ in range(3000)]
    for text in texts:
        assert _fold(text) == _fold_by_character(text), repr(text)
        assert _words(text) == _words_by_character(text), repr(text)
        assert _words(_fold(text)) == _words_by_character(_fold_by_character(text)), repr(text)


def test_the_word_pattern_matches_exactly_the_letters_and_digits():
    """_words finds runs of `[^\\W_]` (and of the marks a text holds): in this Python's Unicode
    database that class is exactly the letters and digits (categories L and N), no mark included."""
    word = re.compile(r"[^\W_]")
    assert not [hex(i) for i in range(sys.maxunicode + 1)
                if bool(word.match(chr(i))) != (unicodedata.category(chr(i))[0] in "LN")]
