"""`relief run`: the pipeline on this machine. Every bundle it writes reads back as its results
(`relief verify --documents`), and the run says why its papers are drafts until the office settings
give the signature block and address."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from relief.dev.cli import main
from relief.dev.generate import generate

pytest.importorskip("moto")

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
FILLED_IN = """
office_name = "Office of the Cook County State's Attorney"
county = "Cook"
[signature]
attorney = "A. Prosecutor"
title = "Assistant State's Attorney"
address = ["50 W. Washington St.", "Chicago, IL 60602"]
phone = "312-555-0100"
ardc_number = "6300000"
"""


def _run(capsys, source: Path, out: Path, *extra: str) -> tuple[int, str, list[Path]]:
    code = main(["run", str(source), "--out", str(out), "--no-progress", *extra])
    err = capsys.readouterr().err
    return code, err, sorted(path for path in out.glob("*/*.zip") if path.name != "job-index.zip")


def _every_bundle_reads_back(capsys, bundles: list[Path]) -> None:
    for bundle in bundles:
        assert main(["verify", str(bundle), "--documents"]) == 0, capsys.readouterr().err
        assert "documents OK" in capsys.readouterr().out


def test_without_office_settings_the_run_says_its_papers_are_drafts_and_why(tmp_path, capsys):
    code, err, bundles = _run(capsys, SAMPLE, tmp_path / "out")
    assert code == 0 and len(bundles) > 1
    assert "DRAFT — NOT FOR FILING is printed on every page of the motions and orders, because no office " \
           "settings were given (--office-settings)" in err
    assert "the signing attorney's name" in err and "ARDC registration number" in err
    _every_bundle_reads_back(capsys, bundles)
    with zipfile.ZipFile(next(b for b in bundles if b.name == "cook.zip")) as archive:
        assert b'"draft": true' in archive.read("manifest.json")


def test_a_generated_file_with_the_office_settings_filled_in_gives_papers_to_file(tmp_path, capsys):
    source = tmp_path / "generated.csv"
    with open(source, "w", encoding="utf-8", newline="") as stream:
        generate(1_500, 5, stream)
    settings = tmp_path / "office.toml"
    settings.write_text(FILLED_IN, encoding="utf-8")
    code, err, bundles = _run(capsys, source, tmp_path / "out", "--office-settings", str(settings))
    assert code == 0 and "can be filed" in err and "DRAFT" not in err
    _every_bundle_reads_back(capsys, bundles)


def test_settings_that_name_no_illinois_county_are_refused_in_words(tmp_path, capsys):
    settings = tmp_path / "office.toml"
    settings.write_text('county = "Cok"\n', encoding="utf-8")
    assert main(["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--office-settings", str(settings)]) == 1
    assert "county: no Illinois county 'Cok' (did you mean Cook?)" in capsys.readouterr().err


def test_a_large_county_in_volumes_and_the_job_index_that_names_them(tmp_path, capsys):
    settings = tmp_path / "office.toml"
    settings.write_text("volume_size = 40\n", encoding="utf-8")
    code, err, bundles = _run(capsys, SAMPLE, tmp_path / "out", "--office-settings", str(settings))
    volumes = [path for path in bundles if path.name.startswith("cook-volume-")]
    assert code == 0 and len(volumes) > 2 and "job-index.zip" in err
    _every_bundle_reads_back(capsys, volumes)
    index = volumes[0].parent / "job-index.zip"

    assert main(["verify", str(index)]) == 0
    assert f"{len(bundles)} of the {len(bundles)} bundles it lists are beside it" in capsys.readouterr().out
    volumes[1].unlink()  # not downloaded: said, not an error
    assert main(["verify", str(index)]) == 0
    assert f"not beside it, so not checked: {volumes[1].name}" in capsys.readouterr().out
    volumes[1].write_bytes(volumes[2].read_bytes())  # another volume in its place: refused
    assert main(["verify", str(index)]) == 1
    assert f"{volumes[1].name}: its manifest.json is not the one the job index names" in capsys.readouterr().err
