"""What people read: the report and diff data, rendering, charts and terminal views.

Text for people lives in ``report_templates/`` and the rubric; these modules
shape scoring's results for them and deliver the output.
"""
