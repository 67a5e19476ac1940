"""A plan step's advice, in the rubric's words with the business's channels filled in.

Apart from the report data because it is the one place that turns rubric text
with placeholders into a sentence; the data only carries the result.
"""

from __future__ import annotations

import re

from omnicheck.rubric.compiled import CompiledRubric
from omnicheck.scoring.plan import PlanStep


def step_advice(rubric: CompiledRubric, step: PlanStep, labels: dict[str, str]) -> str:
    """A step's advice from the rubric: the option's, the question's, or (for a rubric with
    neither) its dimension's recommendation; link advice names the channels."""
    q = rubric.by_id[step.question]
    if step.kind == "handoff":
        assert rubric.links is not None and step.stage is not None
        text = rubric.links.handoff_advice or q.help
        stage = dict(rubric.links.stages).get(step.stage, step.stage)
        return _filled(
            text,
            {
                "source": labels.get(step.channel or "", step.channel or ""),
                "target": labels.get(step.other or "", step.other or ""),
                "stage": stage.lower(),
            },
        )
    option = q.option_by_id[step.to_option]
    text = option.advice or q.advice
    if not text:
        spec = rubric.dimension_by_id.get(step.dimension)
        start = q.option_by_id[step.from_option or ""].score or 0
        rec = next((r for r in spec.recommendations if r.level == start), None) if spec else None
        text = rec.text if rec else option.description
    others = [labels.get(c, c) for c in step.peers]
    names = ", ".join(others[:-1]) + " and " + others[-1] if len(others) > 1 else "".join(others)
    channel = labels.get(step.channel or "", step.channel or "")
    return _filled(text, {"channel": channel, "others": names})


def _filled(text: str, values: dict[str, str]) -> str:
    """Advice with its placeholders filled; a ``[bracketed part]`` stays only when every
    placeholder in it has a value (``{others}`` has none when no channel is named)."""

    def part(match: re.Match[str]) -> str:
        names = re.findall(r"\{(\w+)\}", match.group(1))
        return match.group(1) if all(values.get(n) for n in names) else ""

    text = re.sub(r"\[([^\[\]]*)\]", part, text)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
