#!/usr/bin/env python3
"""Writes hourly usage history for bench/forecast.sh as batch bodies for POST /usage-events.

   usage: forecast-history.py OUTDIR NOW_EPOCH DAYS TEAM [TEAM ...]

One event per team per hour for DAYS days before the hour of NOW_EPOCH, plus one in the
current hour. Amounts follow a stated generator: a daily rhythm (busy 09:00-18:00 UTC,
three times the night rate), quieter weekends (a third), a per-team scale (team i: 1 / (1 +
i mod 7)) and uniform noise of +-30 %, seeded per team so runs are repeatable. Each event
counts against every bench pool whose models match (claude-sonnet-4-5 matches all three).
Batches of 1,000 events (the service's maximum) go to OUTDIR/batch-NNNN.json.
"""
import json
import random
import sys
from datetime import datetime, timezone

out, now, days, teams = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
hour0 = now - now % 3600
batch, n = [], 0


def flush():
    global batch, n
    if batch:
        with open(f"{out}/batch-{n:04d}.json", "w") as f:
            json.dump(batch, f, separators=(",", ":"))
        n += 1
        batch = []


for i, team in enumerate(teams):
    rnd = random.Random(team)
    scale = 1.0 / (1 + i % 7)
    for h in range(days * 24, -1, -1):
        start = hour0 - h * 3600
        at = datetime.fromtimestamp(start + 60 + rnd.randrange(0, 3000) if h > 0 else min(now - 1, start + 30), timezone.utc)
        busy = 3.0 if 9 <= at.hour < 18 else 1.0
        weekend = 1 / 3 if at.weekday() >= 5 else 1.0
        noise = rnd.uniform(0.7, 1.3)
        messages = max(1, round(10 * busy * weekend * scale * noise))
        batch.append({
            "eventId": f"hist-{team}-{start}",
            "teamId": team,
            "model": "claude-sonnet-4-5",
            "occurredAt": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "messages": messages,
            "inputTokens": messages * 2000,
            "outputTokens": messages * 500,
            "cacheReadTokens": messages * 6000,
            "cacheCreationTokens": messages * 300,
            "workflowId": f"wf-{team}-{start // (4 * 3600)}",
            "taskType": "review" if (start // 3600) % 2 else "build",
        })
        if len(batch) == 1000:
            flush()
flush()
print(n)
