"""relief: clear Illinois cannabis records in bulk under 20 ILCS 2630/5.2(i)."""

__version__ = "0.1.0"
