"""Reading small files in made-up layouts with a profile given as TOML text."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from relief.evaluation.chunk import decide_chunk
from relief.evaluation.file import evaluate_file
from relief.evaluation.results import Result
from relief.intake.formats import open_rows
from relief.intake.profiles.loader import profile_from_text
from relief.intake.profiles.model import Profile
from relief.intake.records import ReadRow
from relief.settings import OfficeSettings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2026, 6, 1)
AS_OF = date(2026, 1, 15)


def profile(text: str, name: str = "test") -> Profile:
    return profile_from_text(f'name = "{name}"\n' + text, name)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read(path: Path, layout: Profile, today: date = TODAY) -> list[ReadRow]:
    with open_rows(path, profile=layout, today=today) as rows:
        return list(rows)


def evaluated(path: Path, settings: OfficeSettings, as_of: date = AS_OF) -> list[dict[str, str]]:
    """`relief evaluate`'s results, as the CSV reads back."""
    out = io.StringIO(newline="")
    evaluate_file(path, out, settings, as_of)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def chunk_results(path: Path, settings: OfficeSettings, as_of: date = AS_OF) -> list[Result]:
    """The pipeline's evaluator on the whole file as one chunk."""
    with open_rows(path, profile=settings.layout, today=as_of) as rows:
        return decide_chunk(list(rows), settings, as_of)
