"""The rubric: its file format (spec), its compiled form, conditions, the solver and lint.

A rubric is data. A change to what is asked or how it is scored belongs in
``questionnaires/``; a change to what a rubric may say belongs here.
"""
