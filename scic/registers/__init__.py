"""Registers and documents: PDFs and CSVs at any date, and chain verification."""
