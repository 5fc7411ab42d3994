"""The RRM Wire: alerts, assessments, briefs, statements, and the CU's annual reports."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from rrm_dash.demo.actors import ACTORS
from rrm_dash.demo.frames import SECONDS_PER_DAY, choice, conditional_choice, labels, timestamps
from rrm_dash.demo.markings import draw_originators, marking_columns
from rrm_dash.demo.narratives import NARRATIVES
from rrm_dash.demo.profiles import CODES, COORDINATION_UNIT, DEMO_START, IN_SENTENCE, ORIGINATORS
from rrm_dash.demo.texts import SYNTHETIC

REPORTS = 200
REPORT_TYPES = ("alert", "assessment", "annual", "statement", "brief")
_TYPE_WEIGHTS = (0.35, 0.25, 0.0, 0.15, 0.25)
#: TLP mix per report type (rows in REPORT_TYPES order).
_TLP_GIVEN_TYPE = np.array(
    [
        (0.05, 0.50, 0.35, 0.08, 0.02),
        (0.00, 0.25, 0.45, 0.20, 0.10),
        (1.00, 0.00, 0.00, 0.00, 0.00),
        (0.85, 0.15, 0.00, 0.00, 0.00),
        (0.10, 0.50, 0.30, 0.10, 0.00),
    ]
)
_TITLES = {
    "alert": ("Alert: surge of {narrative} content targeting {country}",
              "Alert: {actor} activity rising against {country}"),
    "assessment": ("Assessment: {actor} operations across the network, {year}",
                   "Assessment: the {narrative} narrative in {country}"),
    "statement": ("Statement: RRM partners on foreign interference targeting {country}",
                  "Statement: RRM partners on transnational repression ({year})"),
    "brief": ("Brief: threat landscape for {country}, {year}",
              "Brief: techniques seen in {narrative} campaigns"),
}  # fmt: skip
WIRE_URL = "https://example.org/demo/wire/"
FIRST_REPORT = date(2018, 9, 1)
ANNUAL_REPORT_DAY = (3, 15)


def report_frame(rng: np.random.Generator, today: date) -> pl.DataFrame:
    """About 200 reports spread over the period (more in recent years), plus annual reports."""
    first = (FIRST_REPORT - DEMO_START).days
    horizon = (today - DEMO_START).days
    days = np.arange(first, horizon)
    day = np.sort(choice(rng, REPORTS, np.exp(0.15 * days / 365.25))) + first
    kind = choice(rng, REPORTS, _TYPE_WEIGHTS)
    originator = draw_originators(rng, REPORTS)
    years = [y for y in range(2019, today.year) if date(y + 1, *ANNUAL_REPORT_DAY) < today]
    annual_day = np.array(
        [(date(y + 1, *ANNUAL_REPORT_DAY) - DEMO_START).days for y in years], dtype=np.int64
    )
    day = np.concatenate([day, annual_day])
    kind = np.concatenate([kind, np.full(len(years), REPORT_TYPES.index("annual"))])
    originator = np.concatenate(
        [originator, np.full(len(years), ORIGINATORS.index(COORDINATION_UNIT))]
    )
    order = np.lexsort((kind, day))
    day, kind, originator = day[order], kind[order], originator[order]
    n = len(day)
    published = day * float(SECONDS_PER_DAY) + rng.uniform(8, 18, n) * 3600
    titles = _titles(rng, kind, day, dict(zip(annual_day.tolist(), years, strict=True)))
    ids = [f"RPT-{i + 1:04d}" for i in range(n)]
    return pl.DataFrame(
        {
            "report_id": ids,
            "title": titles,
            "summary": [_summary(t) for t in titles],
            "report_type": labels(REPORT_TYPES, kind),
            "published_at": timestamps(DEMO_START, published, "published_at"),
            "url": [WIRE_URL + i for i in ids],
            "created_at": timestamps(
                DEMO_START, published - rng.uniform(0, 3, n) * SECONDS_PER_DAY, "c"
            ),
            "updated_at": timestamps(DEMO_START, published, "u"),
        }
    ).hstack(marking_columns(rng, originator, conditional_choice(rng, kind, _TLP_GIVEN_TYPE)))


def _titles(
    rng: np.random.Generator, kind: np.ndarray, day: np.ndarray, annual: dict[int, int]
) -> list[str]:
    titles = []
    for k, d in zip(kind.tolist(), day.tolist(), strict=True):
        name = REPORT_TYPES[k]
        if name == "annual":
            titles.append(f"RRM annual report {annual[d]} (synthetic)")
            continue
        template = _TITLES[name][int(rng.integers(0, 2))]
        year = (DEMO_START + timedelta(days=d)).year
        active = [a.name for a in ACTORS if (a.since - DEMO_START).days <= d]
        narratives = [n.name for n in NARRATIVES if (n.since - DEMO_START).days <= d]
        titles.append(
            template.format(
                narrative=f"'{narratives[int(rng.integers(len(narratives)))]}'",
                actor=active[int(rng.integers(len(active)))],
                country=IN_SENTENCE[CODES[int(rng.integers(len(CODES)))]],
                year=year,
            )
        )
    return titles


def _summary(title: str) -> str:
    subject = title.split(": ", 1)[-1]
    if subject[1:2].islower():
        subject = subject[0].lower() + subject[1:]
    return f"Shared on the RRM Wire: {subject}. {SYNTHETIC}"
