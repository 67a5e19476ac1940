"""Bytes in and out: capped reads, atomic writes, safe YAML with positions, and the cache.

Nothing here knows what a rubric or an answer is; every other layer reads and
writes through it, so a bad file is refused the same way everywhere.
"""
