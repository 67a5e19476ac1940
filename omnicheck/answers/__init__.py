"""An answers file: validation against its rubric, its JSON Schema, template, writer, survey CSV.

Everything that turns a person's answers into checked values, or writes them
back, lives here; scoring never sees an answer that did not pass through it.
"""
