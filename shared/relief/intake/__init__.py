"""Intake: an input file becomes rows of facts, every input bounded.

The layers: bytes become text (encodings.py: gzip and the encoding detected, binary files
recognised by their first bytes in signatures.py), text becomes physical rows (physical.py: comma,
tab or pipe, quoting, stray quotes, blank lines, the limits of limits.py), and the header becomes a
map onto the contract's columns (columns.py) that makes each physical row a ReadRow (delimited.py).
`open_rows` (formats.py) is the one way in: a new input format is one new reader module registered
there, and a layout profile replaces the header-mapping layer only.
"""
