"""The metrics a handler printed, read back: Powertools writes them to stdout in CloudWatch's embedded
metric format (EMF), one JSON object a line, which CloudWatch turns into metrics on AWS. The local
run reads the very same lines, so `relief run` and the benchmark see what CloudWatch would.
"""

from __future__ import annotations

import json
from collections import defaultdict


def emf_metrics(printed: str) -> dict[str, list[float]]:
    """Every metric value in the EMF lines of `printed`, by metric name; other lines are skipped."""
    found: dict[str, list[float]] = defaultdict(list)
    for line in printed.splitlines():
        if not line.startswith("{") or '"_aws"' not in line:
            continue
        try:
            blob = json.loads(line)
            directives = blob["_aws"]["CloudWatchMetrics"]
        except (ValueError, KeyError, TypeError):
            continue
        for directive in directives:
            for metric in directive.get("Metrics", []):
                value = blob.get(metric.get("Name"))
                values = value if isinstance(value, list) else [value]
                found[metric["Name"]].extend(float(v) for v in values if isinstance(v, int | float))
    return dict(found)
