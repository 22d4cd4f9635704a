"""Benchmarks: each script prints its figures next to a baseline measured in the same run.

Run them from the repository root, as modules or as scripts:
`python -m bench.retrieval` or `python bench/retrieval.py`. Shared parts (the corpus
generator, `bench.corpus`) are imported as ordinary modules of this package.
"""
