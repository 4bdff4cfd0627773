"""Evaluation: the law applied to every row of a file or chunk, written as results and counted."""
