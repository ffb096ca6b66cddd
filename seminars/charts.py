"""Inline SVG charts for the instructor dashboard: no JavaScript, no library."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 120
MAX_DAYS = 120


def _days(start: date, end: date) -> list[date]:
    end = min(end, start + timedelta(days=MAX_DAYS - 1))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


LEFT, BOTTOM, TOP = 28, 16, 14  # room for the count axis, the date axis, the values
BAR_MAX = 24


def activity_svg(times: list[datetime], *, start: date, end: date) -> SafeString:
    """Bars of annotations and replies per day from `start` to `end` (local dates), with a
    count axis, the value over each bar, and the same numbers as a table to read."""
    days = _days(start, max(start, end))
    counts = {d: 0 for d in days}
    for t in times:
        if t.date() in counts:
            counts[t.date()] += 1
    top = max(counts.values(), default=0) or 1
    plot = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / len(days)
    width = min(max(step - 2, 1), BAR_MAX)
    parts = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot}" class="axis-line"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot}" x2="{WIDTH}" y2="{TOP + plot}" class="axis-line"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" class="axis" text-anchor="end">{top}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot}" class="axis" text-anchor="end">0</text>',
    ]
    for i, day in enumerate(days):
        h = round(plot * counts[day] / top, 1)
        x = LEFT + i * step + (step - width) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot - h}" width="{width:.1f}" height="{h}" '
            f'class="bar"><title>{day:%d %b}: {counts[day]}</title></rect>'
        )
        if counts[day] and len(days) <= 31:
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{TOP + plot - h - 3}" class="axis value" '
                f'text-anchor="middle">{counts[day]}</text>'
            )
    parts += [
        f'<text x="{LEFT}" y="{HEIGHT - 2}" class="axis">{days[0]:%d %b}</text>',
        f'<text x="{WIDTH}" y="{HEIGHT - 2}" class="axis" text-anchor="end">'
        f"{days[-1]:%d %b}</text>",
    ]
    total = sum(counts.values())
    rows = "".join(
        f"<tr><td>{day:%a %d %b}</td><td>{counts[day]}</td></tr>" for day in days if counts[day]
    )
    table = (
        '<details class="chart-data"><summary>The numbers</summary><table class="review">'
        '<thead><tr><th scope="col">Day</th><th scope="col">Annotations and replies</th></tr>'
        f"</thead><tbody>{rows}</tbody></table></details>"
        if rows
        else ""
    )
    return mark_safe(
        f'<svg class="chart activity" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Activity per day: {total} in all, at most {top if total else 0} a day">'
        + "".join(parts)
        + "</svg>"
        + table
    )


def heat_strip_svg(cells: list[tuple[str, int, str]]) -> SafeString:
    """One cell per passage of the range, darker where the class annotated more.
    `cells` are (label, count, url) in reading order."""
    if not cells:
        return mark_safe("")
    top = max(count for _, count, _ in cells) or 1
    step, height = WIDTH / len(cells), 28
    rects = []
    for i, (label, count, url) in enumerate(cells):
        opacity = 0.08 + 0.92 * count / top if count else 0.04
        rects.append(
            f'<a href="{escape(url)}" aria-label="{escape(label)}: {count}">'
            f'<rect x="{i * step:.2f}" y="0" width="{step + 0.3:.2f}" '
            f'height="{height}" class="heat" fill-opacity="{opacity:.2f}">'
            f"<title>{escape(label)}: {count}</title></rect></a>"
        )
    return mark_safe(
        f'<svg class="chart heat-strip" viewBox="0 0 {WIDTH} {height}" '
        f'preserveAspectRatio="none" role="group" aria-label="Annotations along the range, '
        f'{len(cells)} passages, at most {top} on one">' + "".join(rects) + "</svg>"
    )
