"""Reading ISP files: every kind of bad input ends in a visible outcome, never a crash or a lost row."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile

import pytest

from relief.intake.columns import COLUMNS
from relief.intake.errors import MissingColumnsError, NotADelimitedFile, UnreadableFileError
from relief.intake.formats import NeedsCarefulReading, open_rows
from tests.charges import BASE


def line(delimiter: str = ",", **fields: str) -> str:
    return delimiter.join({**BASE, **fields}[c] for c in COLUMNS)


HEADER = ",".join(COLUMNS)


def read_all(path, header_map=None):
    try:
        with open_rows(path, header_map) as rows:
            return list(rows), rows
    except NeedsCarefulReading:
        with open_rows(path, header_map, careful=True) as rows:
            return list(rows), rows


def test_rows_come_back_in_order_with_their_numbers(write_file):
    path = write_file("a.csv", "\n".join([HEADER, line(ir_number="IR1"), line(ir_number="IR2")]) + "\n")
    rows, _ = read_all(path)
    assert [(r.row_number, r.record.ir_number, r.problem) for r in rows] == [(1, "IR1", None), (2, "IR2", None)]


@pytest.mark.parametrize("delimiter,name", [(",", "comma"), ("\t", "tab"), ("|", "pipe")])
def test_delimiter_is_detected(write_file, delimiter, name):
    text = delimiter.join(COLUMNS) + "\n" + line(delimiter, last_name="O'NEIL") + "\n"
    rows, reader = read_all(write_file(f"{name}.txt", text))
    assert reader.delimiter == delimiter and rows[0].record.last_name == "O'NEIL" and rows[0].problem is None


@pytest.mark.parametrize("encoding,bytes_", [
    ("utf-8", "MUÑOZ".encode()),
    ("utf-8-sig", "MUÑOZ".encode()),
    ("cp1252", "MUÑOZ".encode("cp1252")),
])
def test_encodings_are_detected(write_file, encoding, bytes_):
    body = (HEADER + "\n").encode() + line(last_name="@@").encode().replace(b"@@", bytes_) + b"\n"
    if encoding == "utf-8-sig":
        body = b"\xef\xbb\xbf" + body
    rows, reader = read_all(write_file("e.csv", body))
    assert reader.encoding == encoding
    assert rows[0].record.last_name == "MUÑOZ" and rows[0].record.ir_number == BASE["ir_number"]


# UTF-16 and UTF-32 with a byte-order mark, or without one (told by where the NUL bytes fall).
WIDE = [
    ("utf-16 LE with BOM", "utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16 BE with BOM", "utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("utf-16 LE without BOM", "utf-16-le", b"", "utf-16-le"),
    ("utf-16 BE without BOM", "utf-16-be", b"", "utf-16-be"),
    ("utf-32 LE with BOM", "utf-32-le", codecs.BOM_UTF32_LE, "utf-32"),
    ("utf-32 BE with BOM", "utf-32-be", codecs.BOM_UTF32_BE, "utf-32"),
    ("utf-32 LE without BOM", "utf-32-le", b"", "utf-32-le"),
    ("utf-32 BE without BOM", "utf-32-be", b"", "utf-32-be"),
]


@pytest.mark.parametrize("what, codec, bom, detected", WIDE, ids=[w[0] for w in WIDE])
def test_utf16_and_utf32_are_read_with_or_without_a_byte_order_mark(write_file, what, codec, bom, detected):
    text = HEADER + "\r\n" + line(last_name="MUÑOZ") + "\r\n" + line(ir_number="IR2") + "\r\n"
    rows, reader = read_all(write_file("w.csv", bom + text.encode(codec)))
    assert reader.encoding == detected
    assert [(r.row_number, r.record.ir_number, r.record.last_name, r.problem) for r in rows] == [
        (1, BASE["ir_number"], "MUÑOZ", None), (2, "IR2", "SMITH", None)]


def test_latin1_bytes_windows_1252_leaves_undefined_do_not_crash(write_file):
    body = (HEADER + "\n").encode() + line(last_name="@@").encode().replace(b"@@", b"X\x81\x8d\xff") + b"\n"
    rows, _ = read_all(write_file("l.csv", body))
    assert rows[0].record.last_name == "X\x81\x8d\xff"


def test_a_windows_1252_byte_deep_in_a_utf8_file_is_still_read(write_file):
    good = (line() + "\n").encode()
    body = (HEADER + "\n").encode() + good * 2000 + line(last_name="@@").encode().replace(b"@@", b"PE\xd1A") + b"\n"
    assert len(body) > 70_000  # beyond the sample the encoding is detected from
    rows, reader = read_all(write_file("m.csv", body))
    assert reader.encoding == "utf-8" and len(rows) == 2001 and rows[-1].record.last_name == "PEÑA"


def test_gzip_is_detected_by_content(write_file):
    body = gzip.compress((HEADER + "\n" + line() + "\n").encode())
    rows, reader = read_all(write_file("a.csv.gz", body))
    assert reader.gzipped and len(rows) == 1 and rows[0].problem is None


def test_crlf_line_endings(write_file):
    rows, _ = read_all(write_file("w.csv", HEADER + "\r\n" + line() + "\r\n" + line() + "\r\n"))
    assert len(rows) == 2 and rows[1].record.sentence == ""


@pytest.mark.parametrize("spelling", ["IR Number", "IR_NUMBER", "ir-number", "Ir.Number", " irnumber "])
def test_header_names_match_loosely(write_file, spelling):
    header = HEADER.replace("ir_number", spelling)
    rows, _ = read_all(write_file("h.csv", header + "\n" + line() + "\n"))
    assert rows[0].record.ir_number == BASE["ir_number"]


def test_optional_columns_may_be_absent_and_columns_in_any_order(write_file):
    columns = ["county", "disposition", "statute", "arrest_date", "dcn", "date_of_birth", "first_name", "last_name",
               "ir_number"]
    text = ",".join(columns) + "\n" + ",".join(BASE[c] for c in columns) + "\n"
    rows, _ = read_all(write_file("o.csv", text))
    record = rows[0].record
    assert (record.ir_number, record.county, record.disposition, record.offense_class, record.sentence) == \
        (BASE["ir_number"], "COOK", "GUILTY", "", "")


def test_an_office_maps_its_own_header_names(write_file):
    header = HEADER.replace("date_of_birth", "DOB").replace("ir_number", "SID")
    path = write_file("m.csv", header + "\n" + line() + "\n")
    with pytest.raises(MissingColumnsError):
        read_all(path)
    rows, _ = read_all(path, {"DOB": "date_of_birth", "s.i.d.": "ir_number"})
    assert rows[0].record.date_of_birth == BASE["date_of_birth"]


def test_missing_required_columns_refuse_the_file_with_one_message_naming_them(write_file):
    header = ",".join(c for c in COLUMNS if c not in ("dcn", "county"))
    with pytest.raises(MissingColumnsError) as refused:
        read_all(write_file("r.csv", header + "\n"))
    assert refused.value.missing == ("dcn", "county")
    assert "dcn, county" in str(refused.value)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"just some text\n"])
def test_a_file_that_is_not_a_table_is_refused(write_file, content):
    with pytest.raises(UnreadableFileError):
        read_all(write_file("x.csv", content))


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


# (what was given, its first bytes, words of the refusal: what it is, what to do)
NOT_TEXT = [
    ("an Excel workbook", _zip("[Content_Types].xml", "xl/workbook.xml"), ["Excel workbook", "save it as CSV"]),
    ("an old Excel workbook", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ["Excel 97-2003", "save it as CSV"]),
    ("a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ["a PDF", "data export"]),
    ("a Word document", _zip("[Content_Types].xml", "word/document.xml"), ["Word document"]),
    ("a zip archive", _zip("isp.csv"), ["zip archive", "unzip it"]),
    ("a PNG image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ["PNG image"]),
    ("a gzipped workbook", gzip.compress(_zip("xl/workbook.xml")), ["Excel workbook"]),
    ("a file of NUL bytes", bytes(100_000), ["not a text file"]),
    ("a gzip of NUL bytes", gzip.compress(bytes(1_000_000)), ["not a text file"]),
    ("random bytes", bytes(range(256)) * 40, ["not a text file"]),
]


@pytest.mark.parametrize("what, content, words", NOT_TEXT, ids=[n[0] for n in NOT_TEXT])
def test_binary_files_are_recognised_by_their_first_bytes_and_told_what_to_do(write_file, what, content, words):
    with pytest.raises(NotADelimitedFile) as refused:
        read_all(write_file("isp.csv", content))
    for word in words:
        assert word in str(refused.value)


def test_a_file_without_a_header_row_is_refused_without_quoting_its_first_row(write_file):
    text = line(last_name="QZMARKERNAME", date_of_birth="1971-02-03") + "\n" + line() + "\n"
    with pytest.raises(MissingColumnsError) as refused:
        read_all(write_file("no-header.csv", text))
    message = str(refused.value)
    assert "header row" in message and "ir_number" in message
    assert "QZMARKERNAME" not in message and "1971-02-03" not in message and BASE["ir_number"] not in message


def test_a_file_without_a_disposition_column_is_refused_naming_it_and_the_header_map(write_file):
    header = ",".join(c for c in COLUMNS if c != "disposition")
    with pytest.raises(MissingColumnsError) as refused:
        read_all(write_file("d.csv", header + "\n"))
    assert refused.value.missing == ("disposition",)
    assert "missing required column: disposition" in str(refused.value)
    assert '[header_map]' in str(refused.value) and '"disposition"' in str(refused.value)


def test_an_empty_disposition_is_read_a_pending_case_has_none(write_file):
    rows, _ = read_all(write_file("p.csv", HEADER + "\n" + line(disposition="", disposition_date="") + "\n"))
    assert rows[0].problem is None and rows[0].record.disposition == ""


def test_a_damaged_gzip_is_refused_not_half_read(write_file):
    body = gzip.compress((HEADER + "\n" + (line() + "\n") * 5000).encode())
    with pytest.raises(UnreadableFileError):
        read_all(write_file("d.csv.gz", body[: len(body) // 2]))


def test_short_and_long_rows_are_unreadable_and_say_which_fields(write_file):
    short = ",".join(BASE[c] for c in COLUMNS[:10])
    long = line() + ",EXTRA,MORE"
    rows, _ = read_all(write_file("s.csv", "\n".join([HEADER, short, long, line()]) + "\n"))
    assert [r.row_number for r in rows] == [1, 2, 3]
    assert rows[0].problem.field == "arresting_agency" and "row 1 has 10 fields" in rows[0].problem.message
    assert rows[1].problem.field is None and "row 2 has 23 fields" in rows[1].problem.message
    assert rows[2].problem is None


@pytest.mark.parametrize("column", ["ir_number", "last_name", "first_name", "date_of_birth", "dcn", "arrest_date",
                                    "statute", "county"])
@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_required_field_is_named(write_file, column, empty):
    rows, _ = read_all(write_file("q.csv", HEADER + "\n" + line(**{column: empty}) + "\n"))
    assert rows[0].problem.field == column and f"required field {column} is empty" in rows[0].problem.message


def test_blank_lines_are_not_rows(write_file):
    rows, reader = read_all(write_file("b.csv", HEADER + "\n\n" + line() + "\n\n\n" + line() + "\n"))
    assert [r.row_number for r in rows] == [1, 2] and reader.blank_lines == 3


def test_a_row_of_empty_fields_is_reported(write_file):
    rows, _ = read_all(write_file("e.csv", HEADER + "\n" + "," * (len(COLUMNS) - 1) + "\n"))
    assert rows[0].problem is not None and rows[0].problem.field == "ir_number"


def test_a_stray_quote_costs_one_row_not_the_rest_of_the_file(write_file):
    rows_text = [line(ir_number=f"IR{i}") for i in range(5)]
    rows_text[1] = rows_text[1].replace("SMITH", '"SMITH')  # opens a quote that never closes
    path = write_file("q.csv", "\n".join([HEADER, *rows_text]) + "\n")
    with pytest.raises(NeedsCarefulReading), open_rows(path) as fast:
        list(fast)
    rows, reader = read_all(path)
    assert reader.careful
    assert [r.record.ir_number for r in rows] == ["IR0", "IR1", "IR2", "IR3", "IR4"]
    assert rows[1].record.last_name == "SMITH"


# A quoted field holding line breaks, in the first, a middle and the last column: the record is one
# row and every later row keeps its number (row numbers count records, as a spreadsheet does).
QUOTED_NEWLINES = [
    ("the last column", dict(sentence='"2 YEARS\nPROBATION"'), "sentence", "2 YEARS\nPROBATION"),
    ("the last column, CRLF", dict(sentence='"2 YEARS\r\nPROBATION\r\nPAID"'), "sentence",
     "2 YEARS\r\nPROBATION\r\nPAID"),
    ("a middle column", dict(offense_description='"POSS\nCANNABIS"'), "offense_description", "POSS\nCANNABIS"),
    ("the first column", dict(ir_number='"IR7\n7"'), "ir_number", "IR7\n7"),
    ("an empty last line", dict(sentence='"PAID\n"'), "sentence", "PAID\n"),
]


@pytest.mark.parametrize("where, fields, column, value", QUOTED_NEWLINES, ids=[q[0] for q in QUOTED_NEWLINES])
def test_a_quoted_line_break_anywhere_keeps_row_numbers(write_file, where, fields, column, value):
    text = "\n".join([HEADER, line(ir_number="IR1"), line(**fields), line(ir_number="IR3"), line(ir_number="IR4")])
    rows, _ = read_all(write_file("n.csv", text + "\n"))
    assert [(r.row_number, r.problem) for r in rows] == [(1, None), (2, None), (3, None), (4, None)]
    assert getattr(rows[1].record, column) == value
    assert [r.record.ir_number for r in rows[2:]] == ["IR3", "IR4"]


def test_a_quoted_value_may_hold_a_delimiter_or_a_line_break(write_file):
    text = HEADER + "\n" + line(offense_description='"POSS CANNABIS, 10-30 G\nSECOND LINE"') + "\n" + line() + "\n"
    rows, _ = read_all(write_file("n.csv", text))
    assert len(rows) == 2 and rows[0].record.offense_description == "POSS CANNABIS, 10-30 G\nSECOND LINE"


def test_nul_bytes_do_not_crash(write_file):
    rows, _ = read_all(write_file("z.csv", HEADER + "\n" + line(last_name="SM\x00ITH") + "\n"))
    assert rows[0].problem is None
