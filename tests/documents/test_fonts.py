"""The documents' Unicode font (DejaVu Sans, vendored with its licence): any name prints as written,
read back from the PDF; the font ships with the package and in the Lambda layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relief.documents.fonts import block_of
from relief.documents.layout import Document, shown
from relief.documents.readback import body, read_pages

PACKAGE = Path(__file__).resolve().parents[2] / "shared" / "relief"


def _printed(*texts: str, bold: bool = False) -> list[str]:
    pdf = Document()
    pdf.new_page()
    for text in texts:
        pdf.paragraph(text, bold=bold, first=0)
    return [f.text for f in body(read_pages(pdf.to_bytes())) if "page 1 of 1" not in f.text]


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("name", ["Muñoz", "Łukasz Wałęsa", "Nguyễn Thị Ánh", "O'Brien-Smith", "José Ñandú",
                                  "Ōsaka Ærø Øyvind", "Ψυχή Дмитрий", "“quoted” – § ’"])
def test_a_name_prints_as_written(name, bold):
    assert _printed(name, bold=bold) == [name]


def test_letters_from_many_blocks_in_one_document():
    names = ["Muñoz", "Łukasz", "Nguyễn", "Дмитрий", "Ψυχή", "ASCII ONLY"]
    assert _printed(*names) == names


def test_decomposed_letters_print_composed():
    assert _printed(shown("Nguye\u0302\u0303n")) == ["Nguyễn"]


def test_a_character_the_font_lacks_prints_as_the_replacement_character_so_verify_can_tell():
    assert _printed("名前 Smith") == ["\ufffd\ufffd Smith"]


def test_each_block_of_letters_is_embedded_whole():
    assert block_of(ord("ñ")) == block_of(ord("é")) == 0x00A0
    assert block_of(ord("Ł")) == 0x0100 and block_of(ord("ễ")) == 0x1E00


def test_the_font_files_their_licence_and_source_ship_in_the_package_and_the_lambda_layer(tmp_path):
    fonts = PACKAGE / "documents" / "fonts"
    assert {p.name for p in fonts.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE", "SOURCE.md"}
    sys.path.insert(0, str(PACKAGE.parents[1]))
    try:
        from infra.layer_bundling import copy_package
    finally:
        sys.path.pop(0)
    copied = copy_package(tmp_path)
    assert (copied / "documents" / "fonts" / "DejaVuSans.ttf").exists()
    assert (copied / "data" / "illinois_counties.csv").exists()
    # An order renders from the layer's copy alone.
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); from relief.documents.layout import Document; "
             "pdf = Document(); pdf.new_page(); pdf.paragraph('Muñoz Łukasz Nguyễn'); "
             "assert pdf.to_bytes().startswith(b'%PDF'); import relief; "
             "assert relief.__file__.startswith(sys.argv[1])")
    subprocess.run([sys.executable, "-c", probe, str(tmp_path)], check=True)
