"""Moderation statistics over time, and the geometry of their small SVG chart."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from annotations.moderation.models import Flag, ModerationEvent

CHART_WIDTH, CHART_HEIGHT = 600, 160


def _per_day(queryset, field: str, since) -> dict[date, int]:
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(day=TruncDate(field))
        .values("day")
        .order_by()
        .annotate(n=Count("pk"))
    )
    return {row["day"]: row["n"] for row in rows}


def median_hours(events) -> float | None:
    waits = [(e.created - e.waited_since).total_seconds() / 3600 for e in events if e.waited_since]
    return round(statistics.median(waits), 1) if waits else None


def moderation_stats(*, days: int = 30) -> dict:
    """Flags and decisions per day over the last `days`, median hours to a decision
    (overall and per day), and bars for the chart: {"days": [...], "bars": [...], ...}."""
    today = timezone.now().date()
    since = timezone.now() - timedelta(days=days)
    decisions = ModerationEvent.objects.decisions()
    flags = _per_day(Flag.objects.all(), "created", since)
    decided = _per_day(decisions, "created", since)
    timed = list(
        decisions.filter(created__gte=since, waited_since__isnull=False).only(
            "created", "waited_since"
        )
    )
    by_day = {}
    for event in timed:
        by_day.setdefault(event.created.date(), []).append(event)
    rows = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        rows.append(
            {
                "day": day,
                "flags": flags.get(day, 0),
                "decisions": decided.get(day, 0),
                "median_hours": median_hours(by_day.get(day, [])),
            }
        )
    return {
        "days": rows,
        "bars": _bars(rows),
        "median_hours": median_hours(timed),
        "total_flags": sum(flags.values()),
        "total_decisions": sum(decided.values()),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
    }


def _bars(rows: list[dict]) -> list[dict]:
    """Two bars per day (flags, decisions) scaled to the chart's height."""
    top = max([1, *(max(r["flags"], r["decisions"]) for r in rows)])
    step = CHART_WIDTH / max(1, len(rows))
    bars = []
    for i, row in enumerate(rows):
        for j, key in enumerate(("flags", "decisions")):
            height = round(row[key] / top * (CHART_HEIGHT - 20), 1)
            bars.append(
                {
                    "x": round(i * step + j * step / 2, 1),
                    "width": round(step / 2 - 1, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "height": height,
                    "kind": key,
                    "value": row[key],
                    "day": row["day"],
                }
            )
    return bars
