#!/usr/bin/env bash
# Load on the demo study (120 participants, one site) with the release server, for the operations targets
# (docs/operations.md, "Measured"): casebook reads and screening writes at 32 connections for 10 s each,
# printing requests/s, p50 and p99 latency, non-2xx answers and the server's peak resident memory.
# With DATABASE_URL set (an empty PostgreSQL database), it also runs two server processes on that one
# database under the same write load, randomizing participants through both at the same time, then checks
# that the audit chain verifies (one linear chain) and that no allocation or screening number is used twice.
# Needs a release build and wrk (apt-get install wrk):
#   swift build -c release --product trialdesk
#   TRIALDESK_BIN=.build/release/trialdesk bench/load.sh
# Not run by CI: benchmarks are run by hand, on a machine that is otherwise quiet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trialdesk=${TRIALDESK_BIN:-"$here/../.build/release/trialdesk"}
[ -x "$trialdesk" ] || { echo "no trialdesk binary at $trialdesk: build with -c release or set TRIALDESK_BIN" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
password='Demo-2026-trial'
postgres_url=${DATABASE_URL:-}
unset DATABASE_URL TRIALDESK_DB TRIALDESK_PUBLIC_URL TRIALDESK_BACKUP_DIR TRIALDESK_BACKUP_EVERY TRIALDESK_BACKUP_KEEP
work=$(mktemp -d /tmp/trialdesk-bench-load.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
peak_rss() { awk '/VmHWM/ {printf "%d MB", $2/1024}' "/proc/$1/status"; }
serve() { # serve PORT LOG [database flags...]: starts a server, waits for /health, appends its pid to pids
    local port=$1 log=$2
    shift 2
    "$trialdesk" serve "$@" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
    tail -n 20 "$log" >&2; echo "the server on port $port did not start" >&2; exit 1
}
token() { # token BASE USERNAME
    curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"$password\"}" "$1/api/v1/tokens" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
# One wrk run: requests/s, p50, p99 and non-2xx answers on one line.
load() { # load LABEL CONNECTIONS URL [wrk options...]
    local label=$1 connections=$2 url=$3
    shift 3
    wrk -t 2 -c "$connections" -d 10s --timeout 10s --latency "$@" "$url" >"$work/wrk.txt"
    python3 - "$label" "$work/wrk.txt" <<'PY'
import re, sys
label, text = sys.argv[1], open(sys.argv[2]).read()
def ms(name):
    match = re.search(r"^\s*" + name + r"%\s+([0-9.]+)(us|ms|s)\s*$", text, re.M)
    if not match: return "?"
    value, unit = float(match.group(1)), match.group(2)
    return f"{value / 1000 if unit == 'us' else value * 1000 if unit == 's' else value:.1f} ms"
rate = re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1)
total = re.search(r"([0-9]+) requests in", text).group(1)
non2xx = re.search(r"Non-2xx or 3xx responses: ([0-9]+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print(f"{label}: {float(rate):.0f} requests/s ({total} in 10 s), p50 {ms('50')}, p99 {ms('99')}, non-2xx {non2xx.group(1) if non2xx else 0}"
      + (f", socket errors: {errors.group(1)}" if errors else ""))
PY
}
screening_script() { # screening_script TOKEN FILE: a wrk script that posts one screening per request
    cat >"$2" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $1"
wrk.body = '{"siteCode":"960","screeningDate":"2026-11-20","values":{"age":61,"sex":"female","primaryTumour":"lung","metastaticLesionCount":7,"ecog":1,"plateletCount":180,"inr":1.0},"answers":{}}'
LUA
}

casebook_script() { # casebook_script TOKEN IDS FILE: a wrk script that reads the listed participants' casebooks in turn
    python3 - "$1" "$2" >"$3" <<'PY'
import sys
token, ids = sys.argv[1], open(sys.argv[2]).read().split()
print("local ids = {" + ",".join('"%s"' % i for i in ids) + "}")
print("local n = 0")
print('wrk.headers["Authorization"] = "Bearer %s"' % token)
print("request = function()\n  n = n + 1\n  return wrk.format(\"GET\", \"/api/v1/participants/\" .. ids[(n % #ids) + 1] .. \"/casebook\")\nend")
PY
}

echo "=== SQLite, demo study (120 participants), $("$trialdesk" --version) at $trialdesk, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
"$trialdesk" demo --db "$work/demo.sqlite" --password "$password" --seed 1 --today 2026-11-25 >"$work/demo.log"
port=$(free_port)
base="http://127.0.0.1:$port"
serve "$port" "$work/server.log" --db "$work/demo.sqlite"
server=${pids[0]}
coordinator=$(token "$base" coordinator)
# Every participant's casebook in turn, so that the reads are not one answer given again and again.
curl -fs -H "Authorization: Bearer $coordinator" "$base/api/v1/participants?limit=1000" \
    | python3 -c 'import json,sys; print("\n".join(p["participantID"] for p in json.load(sys.stdin)))' >"$work/participants.txt"
casebook_script "$coordinator" "$work/participants.txt" "$work/casebooks.lua"
load "casebook reads (GET /api/v1/participants/ID/casebook, all $(wc -l <"$work/participants.txt") in turn), 32 connections" 32 "$base" -s "$work/casebooks.lua"
screening_script "$coordinator" "$work/post.lua"
load "screening writes (POST /api/v1/screenings), 32 connections" 32 "$base/api/v1/screenings" -s "$work/post.lua"
# Reads while writes land: each write moves the audit chain head, so most casebook answers are computed anew.
wrk -t 1 -c 4 -d 10s --timeout 10s -s "$work/post.lua" "$base/api/v1/screenings" >"$work/wrk-writes.txt" &
writer=$!
load "casebook reads, 32 connections, while 4 more connections write screenings" 32 "$base" -s "$work/casebooks.lua"
wait "$writer"
echo "  (writes alongside: $(grep -Eo 'Requests/sec:[[:space:]]+[0-9.]+' "$work/wrk-writes.txt" | awk '{print $2}') requests/s)"
echo "server peak RSS: $(peak_rss "$server")"
kill "$server"; wait "$server" 2>/dev/null || true; pids=()
"$trialdesk" audit verify --db "$work/demo.sqlite" | head -n 1

[ -n "$postgres_url" ] || { echo "(DATABASE_URL not set: the PostgreSQL run with two server processes is skipped)"; exit 0; }

echo "=== PostgreSQL, two server processes on one database"
export DATABASE_URL="$postgres_url"
"$trialdesk" demo --password "$password" --seed 1 --today 2026-11-25 >"$work/demo-pg.log"
port_a=$(free_port); port_b=$(free_port)
serve "$port_a" "$work/server-a.log"
serve "$port_b" "$work/server-b.log"
base_a="http://127.0.0.1:$port_a"; base_b="http://127.0.0.1:$port_b"
coordinator=$(token "$base_a" coordinator)
# 32 new participants screened, consented and enrolled, to be randomized through both servers under load.
python3 - "$base_a" "$coordinator" "$work/enrolled" <<'PY'
import datetime, json, sys, urllib.request
base, token, out = sys.argv[1:4]
def call(method, path, body=None):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)
study = call("GET", "/api/v1/study")
answers = {c["id"]: c["qualifyingAnswer"] for c in study["eligibility"] if "qualifyingAnswer" in c}
today = datetime.date.today().isoformat()
ids = []
for _ in range(32):
    screening = call("POST", "/api/v1/screenings", {"siteCode": "960", "screeningDate": today, "answers": answers,
        "values": {"age": 60, "sex": "male", "primaryTumour": "lung", "metastaticLesionCount": 9, "ecog": 1, "plateletCount": 200, "inr": 1.0}})
    call("POST", f"/api/v1/screenings/{screening['id']}/consent", {"date": today, "formVersion": "2.1", "obtainedBy": "Dr Li"})
    ids.append(call("POST", f"/api/v1/screenings/{screening['id']}/enrollment")["participantID"])
open(out, "w").write("\n".join(ids))
PY
screening_script "$coordinator" "$work/post.lua"
# The randomizations start a second into the write load, alternating between the two servers.
python3 - "$base_a" "$base_b" "$coordinator" "$work/enrolled" >"$work/randomized.txt" <<'PY' &
import concurrent.futures, json, sys, time, urllib.error, urllib.request
base_a, base_b, token, enrolled = sys.argv[1:5]
ids = open(enrolled).read().split()
time.sleep(1)
def randomize(item):
    index, participant = item
    request = urllib.request.Request(f"{(base_a, base_b)[index % 2]}/api/v1/participants/{participant}/randomization", data=b"", method="POST",
                                     headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response).get("allocationNumber")
    except urllib.error.HTTPError as error:
        return error.code, None
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    results = list(pool.map(randomize, enumerate(ids)))
numbers = [number for status, number in results if status == 201]
print(f"randomized {len(numbers)} of {len(ids)} through both servers under load; "
      f"allocation numbers {'unique' if len(set(numbers)) == len(numbers) else 'DUPLICATED'}; other answers: {[s for s, _ in results if s != 201]}")
sys.exit(0 if len(numbers) == len(ids) and len(set(numbers)) == len(numbers) else 1)
PY
randomizer=$!
wrk -t 1 -c 16 -d 10s --timeout 10s --latency -s "$work/post.lua" "$base_b/api/v1/screenings" >"$work/wrk-b.txt" &
load "screening writes through server A, 16 connections (and 16 more through server B at the same time)" 16 "$base_a/api/v1/screenings" -s "$work/post.lua"
wait $!
cp "$work/wrk-b.txt" "$work/wrk.txt"
python3 - <<PY
import re
text = open("$work/wrk-b.txt").read()
print("server B: " + re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1) + " requests/s, "
      + (re.search(r"Non-2xx or 3xx responses: ([0-9]+)", text) or re.match("(0)", "0")).group(1) + " non-2xx")
PY
wait "$randomizer" && cat "$work/randomized.txt" || { cat "$work/randomized.txt"; echo "randomization through two servers failed" >&2; exit 1; }
echo "peak RSS: server A $(peak_rss "${pids[0]}"), server B $(peak_rss "${pids[1]}")"
for pid in "${pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done; pids=()
if command -v psql >/dev/null; then
    psql "$DATABASE_URL" -At -c "SELECT 'screening numbers used twice: ' || (count(*) - count(DISTINCT screening_number)) FROM screenings" \
        -c "SELECT 'allocation slots given twice: ' || (count(participant_id) - count(DISTINCT participant_id)) FROM allocation_slots"
fi
"$trialdesk" audit verify | head -n 1
