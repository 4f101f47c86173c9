"""Benchmarks: each prints a table; none of them is asserted in tests."""
