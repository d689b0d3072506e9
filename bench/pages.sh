#!/usr/bin/env bash
# Page and API speed on the demo (120 participants, one site) and the scale demo (1,200 participants, six
# sites): builds each demo, starts the release server on it, and prints
#   - per route, the median and 99th percentile one request at a time (bench/pages.py),
#   - under 32 connections for 10 s (wrk): a casebook read, the dashboard, the overdue list, the list pages
#     and API lists, and screening writes, each with requests per second and latency percentiles,
#   - the server's resident memory (now and peak), and how long the demo took to build.
# The targets are in docs/performance.md. Needs a release build and wrk (apt-get install wrk):
#   swift build -c release --product trialdesk
#   TRIALDESK_BIN=.build/release/trialdesk bench/pages.sh [SIZES]      (default "120 1200")
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trialdesk=${TRIALDESK_BIN:-"$here/../.build/release/trialdesk"}
[ -x "$trialdesk" ] || { echo "no trialdesk binary at $trialdesk: build with -c release or set TRIALDESK_BIN" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
sizes=${1:-"120 1200"}
password='Demo-2026-trial'
unset DATABASE_URL TRIALDESK_DB TRIALDESK_PUBLIC_URL
# BENCH_DIR keeps the demo databases for a later look (profiling), and with BENCH_REUSE=1 a later run
# measures them again instead of building them anew; by default they go with the run.
work=${BENCH_DIR:-$(mktemp -d /tmp/trialdesk-bench-pages.XXXXXX)}
mkdir -p "$work"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$1/status"; echo; }

for size in $sizes; do
    sites=1
    [ "$size" -gt 120 ] && sites=6
    db="$work/demo-$size.sqlite"
    echo "=== $size participants, $sites site(s)"
    if [ -z "${BENCH_REUSE:-}" ] || [ ! -f "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        /usr/bin/time -f "demo built in %e s (peak memory %M KB)" \
            "$trialdesk" demo --db "$db" --password "$password" --seed 1 --participants "$size" --sites "$sites" --today 2026-11-25 >"$work/demo.log"
        tail -n 4 "$work/demo.log" | head -n 2
    fi
    # The measurements write (tokens, screenings): they run on a copy, so that every run starts from the demo.
    run_db="$work/run-$size.sqlite"
    rm -f "$run_db" "$run_db-wal" "$run_db-shm"
    cp "$db" "$run_db"
    "$trialdesk" migrate --db "$run_db" | tail -n 1
    db=$run_db
    /usr/bin/time -f "audit verify: wall %e s, peak memory %M KB" "$trialdesk" audit verify --db "$db" | head -n 2
    /usr/bin/time -f "analyze: wall %e s, peak memory %M KB" "$trialdesk" analyze --db "$db" --out "$work/report-$size" --cutoff 2026-11-25 | tail -n 1

    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    base="http://127.0.0.1:$port"
    "$trialdesk" serve --db "$db" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
    python3 - "$base" "$password" >"$work/tokens.json" <<'PY'
import json, sys, urllib.request
base, password = sys.argv[1:3]
tokens = {}
for role, username in [("coordinator", "coordinator"), ("monitor", "monitor"), ("statistician", "statistician"), ("administrator", "admin")]:
    request = urllib.request.Request(base + "/api/v1/tokens", data=json.dumps({"username": username, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        tokens[role] = json.load(response)["token"]
print(json.dumps(tokens))
PY
    echo "server after start: $(rss "$server_pid")"
    echo "--- one request at a time"
    python3 "$here/pages.py" "$base" "$work/tokens.json" 50
    coordinator=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["coordinator"])' "$work/tokens.json")
    participant=$(curl -fs -H "Authorization: Bearer $coordinator" "$base/api/v1/participants?limit=5" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["participantID"])')
    # A browser reads the pages with a session: signed in through the sign-in form, as a coordinator does.
    session_cookie=$(python3 - "$base" "$password" <<'PY'
import http.cookiejar, re, sys, urllib.error, urllib.parse, urllib.request
base, password = sys.argv[1:3]
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs): return None
jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Stay)
form = browser.open(base + "/sign-in", timeout=30).read().decode()
token = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
fields = urllib.parse.urlencode({"username": "coordinator", "password": password, "_csrf": token, "next": "/"}).encode()
try:
    browser.open(base + "/sign-in", fields, timeout=30)
except urllib.error.HTTPError:
    pass  # the redirect after signing in
print("; ".join(f"{cookie.name}={cookie.value}" for cookie in jar))
PY
)
    echo "--- 32 connections, 10 s"
    for route in "/api/v1/participants/$participant/casebook" "/" "/api/v1/visits/overdue" "/queries" "/participants" "/screenings" \
                 "/participants/$participant" "/api/v1/screenings" "/api/v1/participants"; do
        echo "GET $route"
        wrk -t 2 -c 32 -d 10s --timeout 10s --latency -H "Authorization: Bearer $coordinator" "$base$route" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
    done
    echo "GET / (signed-in browser session)"
    wrk -t 2 -c 32 -d 10s --timeout 10s --latency -H "Cookie: $session_cookie" "$base/" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
    cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $coordinator"
wrk.body = '{"siteCode":"960","screeningDate":"2026-11-20","values":{"age":61,"sex":"female","primaryTumour":"lung","metastaticLesionCount":7,"ecog":1,"plateletCount":180,"inr":1.0},"answers":{}}'
LUA
    echo "POST /api/v1/screenings (each an audited write)"
    wrk -t 2 -c 32 -d 10s --timeout 10s --latency -s "$work/post.lua" "$base/api/v1/screenings" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
    echo "server after load: $(rss "$server_pid")"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
