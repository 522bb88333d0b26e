"""Signed documents and electronic registers (décret 2019-1118): PAdES, timestamps, series."""
