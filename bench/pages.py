#!/usr/bin/env python3
"""Times TrialDesk's pages and API reads one request at a time: for each route, a few warm-up requests and
then N timed ones over one kept-alive connection, printing the median and the 99th percentile in ms.

Usage: pages.py BASE_URL TOKENS_JSON [N]   (TOKENS_JSON maps a role name to a bearer token)
Routes with {participant} and {form} are filled from the API as the role reads it."""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

base, tokens_file = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 50
tokens = json.load(open(tokens_file))
parsed = urllib.parse.urlparse(base)


def connect():
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)


def get(connection, path, token):
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}", "Connection": "keep-alive"})
    response = connection.getresponse()
    body = response.read()
    return response.status, body


def first_participant(role, site_prefix):
    connection = connect()
    status, body = get(connection, "/api/v1/participants?limit=5000", tokens[role])
    ids = [p["participantID"] for p in json.loads(body) if p.get("arm") or p.get("randomizedOn")] if status == 200 else []
    ids = [i for i in ids if i.startswith(site_prefix)] or ids
    return ids[len(ids) // 2] if ids else "960-0001"


def a_form(role, participant):
    connection = connect()
    status, body = get(connection, f"/api/v1/participants/{participant}/casebook", tokens[role])
    forms = json.loads(body).get("forms", []) if status == 200 else []
    for form in forms:
        if form["form"] == "tumourAssessment":
            return form["form"], form["id"]
    return (forms[0]["form"], forms[0]["id"]) if forms else ("baseline", "none")


participant = first_participant("coordinator", "960-")
kind, form_id = a_form("coordinator", participant)
routes = [
    ("coordinator", "/"),
    ("coordinator", "/participants"),
    ("coordinator", "/screenings"),
    ("coordinator", "/queries"),
    ("coordinator", f"/participants/{participant}"),
    ("coordinator", f"/participants/{participant}/forms/{kind}/{form_id}"),
    ("coordinator", "/api/v1/visits/overdue"),
    ("coordinator", "/api/v1/participants"),
    ("coordinator", f"/api/v1/participants/{participant}/casebook"),
    ("coordinator", "/api/v1/screenings"),
    ("coordinator", "/api/v1/queries"),
    ("coordinator", "/api/v1/safety/serious-events"),
    ("monitor", "/"),
    ("monitor", "/participants"),
    ("monitor", "/queries"),
    ("monitor", "/audit"),
    ("monitor", "/api/v1/visits/overdue"),
    ("monitor", "/api/v1/audit/events?limit=200"),
    ("monitor", "/api/v1/audit/verification"),
    ("statistician", "/"),
    ("statistician", "/report"),
    ("statistician", "/api/v1/randomization/balance"),
    ("administrator", "/admin/users"),
]

# "first ms" is the route's first request: nothing is kept yet for this reader and path, so it is computed
# (the time every reader's first read after a write takes); the median and p99 are of the requests after it.
print(f"{'role':<13} {'route':<58} {'status':>6} {'first ms':>9} {'median ms':>10} {'p99 ms':>8} {'KB':>7}")
for role, path in routes:
    connection = connect()
    token = tokens[role]
    started = time.perf_counter()
    status, body = get(connection, path, token)
    first = (time.perf_counter() - started) * 1000
    for _ in range(2):
        status, body = get(connection, path, token)
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        status, body = get(connection, path, token)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(round(0.99 * (len(timings) - 1))))]
    print(f"{role:<13} {path[:58]:<58} {status:>6} {first:>9.1f} {statistics.median(timings):>10.1f} {p99:>8.1f} {len(body) // 1024:>7}")
    connection.close()
