"""Benchmarks for union-search: `python -m bench.run` (see bench/README.md)."""
