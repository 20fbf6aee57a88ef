"""The project's settings with one URL more: bench_urls adds the bare view that
bench/throughput_bench.py measures the showcase against, on the same server."""

from tally.settings import *  # noqa: F403 — the very settings the product runs with

ROOT_URLCONF = "bench_urls"
