"""Intake: an input file becomes rows of facts.

Bytes become text (encodings.py: gzip and the encoding detected), text becomes rows (delimited.py:
comma, tab or pipe, quoting, stray quotes, row numbers), and a header becomes a map onto the
contract's columns (columns.py). `open_rows` (formats.py) is the one way in: a new input format is
one new reader module registered there.
"""
