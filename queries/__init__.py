"""Canned questions over a graph; every result is a pandas DataFrame."""
