"""The law: citations, the Cannabis Control Act's tables, offense classes, dispositions, dates and
deadlines, violent crimes, cases and arrests, the facts of a charge, and the rules that decide it.

Pure: nothing here reads files, talks to AWS or imports the rest of relief.
"""
