"""Performance (预算绩效): reading targets and actuals, judging them, the self-evaluation's
arithmetic, and the aggregate that records one project's targets, progress and evaluation.

``values`` reads a printed value; ``assessment`` judges an actual against a target;
``evaluation`` computes a project's 绩效自评 from plain values; ``levels`` and ``rules`` are
the rows' vocabulary and checks; ``indicator`` and ``project`` the aggregate; ``ids`` its id.
"""
