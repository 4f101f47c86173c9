"""Benchmarks: print tables, never asserted in tests."""
