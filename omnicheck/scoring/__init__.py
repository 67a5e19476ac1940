"""Pure scoring: links, dimensions, levels, the target, actions and the plan.

A compiled rubric and checked answers in, numbers and ids out: no I/O and no
English, so every report format and the batch read the same results.
"""
