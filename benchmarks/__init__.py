"""Benchmarks (not imported by the app): ``python -m benchmarks`` runs the quick ones."""
