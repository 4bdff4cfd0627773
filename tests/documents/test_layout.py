"""The page: nothing is ever cut (a value wraps, and its lines joined are the value), every table's
headings fit their columns, and the first column of a table read back never wraps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from relief.documents.layout import CELL_PADDING, text_width, wrap
from relief.documents.motion import EXHIBIT_COLUMNS
from relief.documents.orders import CHARGE_COLUMNS, TABLE_SIZE
from relief.documents.plain_words import DOUBTS
from relief.documents.summary import DECISION_COLUMNS, DOUBT_COLUMNS
from relief.law.decisions import DECISIONS

words = st.text(alphabet=st.sampled_from("ABCÑŁễ'- .,0123456789wmiW"), min_size=0, max_size=300).map(str.strip)


@settings(max_examples=300, deadline=None)
@given(text=words, width=st.floats(min_value=3, max_value=120), size=st.sampled_from([6.5, 7.0, 10.5]))
def test_wrapped_lines_are_the_value_and_fit_their_width(text, width, size):
    lines = wrap(text, width, size)
    assert "".join(lines) == text
    assert all(text_width(line.rstrip(), size) <= width or len(line.rstrip()) == 1 for line in lines)


def test_a_word_wider_than_its_column_wraps_between_letters_never_cut():
    word = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF" * 3
    lines = wrap(word, 20, 7)
    assert len(lines) > 3 and "".join(lines) == word


def test_every_heading_fits_its_column():
    for columns, size in ((EXHIBIT_COLUMNS, 6.5), (CHARGE_COLUMNS, TABLE_SIZE), (DECISION_COLUMNS, 8),
                          (DOUBT_COLUMNS, 8)):
        for column in columns:
            for line in column.title.split("\n"):
                assert text_width(line, size - 0.5, bold=True) <= column.width - 2 * CELL_PADDING, column


def test_the_first_column_of_a_table_never_wraps():
    """verify_documents starts a row at its first column's text: that text is one line."""
    assert text_width("999999", 6.5) <= EXHIBIT_COLUMNS[0].width - 2 * CELL_PADDING
    assert text_width("999", TABLE_SIZE) <= CHARGE_COLUMNS[0].width - 2 * CELL_PADDING
    assert all(text_width(d, 8) <= DECISION_COLUMNS[0].width - 2 * CELL_PADDING for d in DECISIONS)
    assert all(text_width(r, 8) <= DOUBT_COLUMNS[0].width - 2 * CELL_PADDING
               for r in [*DOUBTS, "non_conviction_not_minor"])
