"""Benchmark harness: a large-cooperative data generator, baselines and the bench runner."""
