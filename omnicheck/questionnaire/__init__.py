"""The interactive questionnaire of ``omnicheck assess``: a pure flow and its terminal layer."""
