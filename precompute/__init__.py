"""Offline stage: a calibrated synthetic LAION-5B replica and the one-pass DuckDB aggregation."""

__version__ = "0.1.0"
