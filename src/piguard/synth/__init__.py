"""Synthetic evidence generator for demos, tests and benchmarks (never real people). Built by issue #3/#4."""
