"""Benchmarks run by ``tandem bench`` / ``make bench``. Each module has ``main(argv) -> int``."""
