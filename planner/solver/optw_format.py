"""Reader for the standard OPTW/TOPTW benchmark files (Righini-Salani / Montemanni-Gambardella).

Travel times follow the convention the best known scores are valid under: Euclidean distance
truncated to 1 decimal (c/r/rc) or 2 decimals (pr).  Everything is scaled by 10 or 100 and
computed exactly (coordinates parsed as fractions, ``isqrt`` of the floored square), because
float ``sqrt`` can land one unit off right at a truncation boundary.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from fractions import Fraction
from math import isqrt, lcm
from pathlib import Path

import numpy as np

from .problem import Problem, Tour, Visit, Window


@dataclass(frozen=True)
class OptwInstance:
    name: str
    scale: int  # 10 for c/r/rc, 100 for pr: the unit of every integer time below
    xy: tuple[tuple[Fraction, Fraction], ...]  # vertex 0 is the depot
    duration: tuple[int, ...]
    score: tuple[int, ...]
    opens: tuple[int, ...]
    closes: tuple[int, ...]

    @property
    def budget(self) -> int:
        return self.closes[0]

    def travel(self) -> np.ndarray:
        """Integer travel times: floor(scale * euclid) done exactly."""
        n = len(self.xy)
        out = np.zeros((n, n), dtype=np.int64)
        # Integer coordinates over a common denominator L: floor(scale*sqrt(D)) = isqrt(floor(scale^2*D)).
        den = 1
        for x, y in self.xy:
            den = lcm(den, x.denominator, y.denominator)
        pts = [(int(x * den), int(y * den)) for x, y in self.xy]
        s2, d2 = self.scale * self.scale, den * den
        for i, (xi, yi) in enumerate(pts):
            for j in range(i + 1, n):
                xj, yj = pts[j]
                out[i, j] = out[j, i] = isqrt(s2 * ((xi - xj) ** 2 + (yi - yj) ** 2) // d2)
        return out

    def problem(self, tours: int = 1) -> Problem:
        """Visit v-1 is vertex v; every tour runs from the depot at 0 back to it by the budget."""
        visits = tuple(
            Visit(point=v, score=self.score[v], duration=self.duration[v],
                  windows=tuple((Window(self.opens[v], self.closes[v]),) for _ in range(tours)))
            for v in range(1, len(self.xy)))
        tour = Tour(0, 0, self.opens[0], self.closes[0])
        return Problem(self.travel(), visits, tuple(tour for _ in range(tours)), self.name)


def _scaled(token: str, scale: int) -> int:
    value = Fraction(token) * scale
    if value.denominator != 1:  # never happens in the standard files; keep exactness honest
        raise ValueError(f"{token} is not a multiple of 1/{scale}")
    return int(value)


def parse_optw(text: str, name: str) -> OptwInstance:
    """Parse by whitespace tokens: c204 splits its header over two lines, pr01/pr02 use CRLF."""
    tok = text.split()
    n = int(tok[2])
    scale = 100 if name.lower().startswith("pr") else 10
    pos = 6  # k v N t D Q
    xy, dur, score, opens, closes = [], [], [], [], []
    for expect in range(n + 1):
        if int(tok[pos]) != expect:
            raise ValueError(f"{name}: vertex {expect} expected, found {tok[pos]}")
        x, y, d, s = tok[pos + 1:pos + 5]
        a = int(tok[pos + 6])
        o, c = tok[pos + 7 + a], tok[pos + 8 + a]
        pos += 9 + a
        xy.append((Fraction(x), Fraction(y)))
        dur.append(_scaled(d, scale))
        score.append(int(Fraction(s)))
        opens.append(_scaled(o, scale))
        closes.append(_scaled(c, scale))
    return OptwInstance(name, scale, tuple(xy), tuple(dur), tuple(score), tuple(opens), tuple(closes))


def read_optw(path: str | Path) -> OptwInstance:
    p = Path(path)
    return parse_optw(p.read_text(), p.stem)


def read_bks(path: str | Path) -> dict[tuple[str, int], int]:
    """bks.csv rows (instance, m, bks_score) -> {(instance, m): score}."""
    with open(path, newline="") as f:
        return {(r["instance"], int(r["m"])): int(float(r["bks_score"])) for r in csv.DictReader(f)}
