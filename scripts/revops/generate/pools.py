"""Faker-built pools of names and texts (built once per run, seeded); tables index into them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from faker import Faker

SUFFIXES = ("Inc.", "Ltd.", "Corp.", "Co.", "LLC")
WORDS = (
    "Systems", "Health", "Labs", "Partners", "Logistics", "Analytics", "Learning", "Industries",
    "Dynamics", "Solutions", "Networks", "Capital", "Medical", "Foods", "Energy", "Robotics",
    "Software", "Holdings", "Group", "Works", "Academy", "Clinics", "Financial", "Manufacturing",
    "Data", "Cloud", "Bio", "Motors", "Materials", "Ventures",
)


@dataclass
class Pools:
    first_names: np.ndarray
    last_names: np.ndarray
    titles: np.ndarray
    sentences: np.ndarray
    paragraphs: np.ndarray


def build_pools(seed: int) -> Pools:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    first = sorted({fake.first_name() for _ in range(1500)})
    last = sorted({fake.last_name() for _ in range(2500)})
    titles = sorted({fake.job() for _ in range(300)})
    sentences = [fake.sentence(nb_words=10) for _ in range(300)]
    paragraphs = [fake.paragraph(nb_sentences=6) for _ in range(150)]
    return Pools(
        first_names=np.array(first, dtype=object),
        last_names=np.array(last, dtype=object),
        titles=np.array(titles, dtype=object),
        sentences=np.array(sentences, dtype=object),
        paragraphs=np.array(paragraphs, dtype=object),
    )


def company_names(rng: np.random.Generator, pools: Pools, n: int) -> np.ndarray:
    """Unique canonical company names: `<Last> [& <Last>|<Word>] <Suffix>`."""
    names: list[str] = []
    seen: set[str] = set()
    last, words = pools.last_names, WORDS
    while len(names) < n:
        m = (n - len(names)) * 2 + 10
        a = last[rng.integers(0, len(last), m)]
        b = last[rng.integers(0, len(last), m)]
        w = np.array(words, dtype=object)[rng.integers(0, len(words), m)]
        form = rng.random(m)
        suffix = np.array(SUFFIXES, dtype=object)[rng.choice(5, size=m, p=[0.3, 0.15, 0.2, 0.1, 0.25])]
        for i in range(m):
            if form[i] < 0.55:
                base = f"{a[i]} {w[i]}"
            elif form[i] < 0.8:
                base = f"{a[i]} & {b[i]}"
            elif form[i] < 0.9:
                base = f"{a[i]}, {b[i]} {w[i]}"
            else:
                base = f"{a[i]}-{b[i]} {w[i]}"
            name = f"{base} {suffix[i]}"
            if name not in seen:
                seen.add(name)
                names.append(name)
                if len(names) == n:
                    break
    return np.array(names, dtype=object)
