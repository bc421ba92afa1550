"""Property-based: random mutations of real documents through parse and every extractor, claims
included. No exception escapes but the project's own InputError, and every claim still quotes the
Expression text exactly at its offsets, inside its paragraph."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unkg.errors import InputError
from unkg.extract.actors import extract_actors
from unkg.extract.citations import find_citations
from unkg.extract.claims import CATEGORIES, STANCES, find_claims
from unkg.extract.votes import find_votes
from unkg.ingest import source_from_bytes
from unkg.parse import parse

FIXTURES = Path(__file__).parent.parent / "fixtures"
DOCS = [FIXTURES / "seeds" / "000_151683289b9cb0c2.txt", FIXTURES / "seeds" / "003_dac56ef26cf31a19.txt",
        FIXTURES / "dev" / "A_RES_79_81.en.txt", FIXTURES / "dev" / "A_HRC_RES_54_2.zh.txt"]
TEXTS = [p.read_text(encoding="utf-8") for p in DOCS]
NOISE = st.text(alphabet=st.sampled_from(list("，。；：、“”‘’（）()《》\"'\n \t\u3000\u200b\u202e\u0301 要求侵略占领谴责俄罗斯联邦阿塞拜疆以色列"
                                               "by the Israel demands that cease aggression occupation ¹²³¹⁰")),
                max_size=40)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 400)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "swap"]))
        if op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(NOISE) + text[a:]
        elif op == "truncate":
            text = text[:max(b, 1)]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_documents_never_crash_and_claims_stay_exact(text: str) -> None:
    try:
        doc = parse(source_from_bytes(text.encode("utf-8"), "mutated.txt"))
    except InputError:
        return
    actors = extract_actors(doc)
    citations = find_citations(doc)
    find_votes(doc)
    spans = {(p.part, p.ordinal): p.span for p in doc.paragraphs}
    for c in find_claims(doc, actors, citations):
        assert doc.text[c.start:c.end] == c.quote and c.quote
        span = spans[c.paragraph]
        assert span.start <= c.start and c.end <= span.end
        assert c.category in CATEGORIES and c.stance in STANCES
        assert all(0 <= i < len(citations) for i in c.legal_basis)
