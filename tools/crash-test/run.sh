#!/usr/bin/env bash
# kill -9 test: eight writers post screenings through the API, the server is killed with SIGKILL at a
# random moment, restarted, and then every screening that was answered 2xx must be there and
# `trialdesk audit verify` must pass. On a new SQLite file, or on PostgreSQL when DATABASE_URL is set
# (it must name an empty database: the script creates the schema and its users there).
#
# Usage: TRIALDESK_BIN=path/to/trialdesk tools/crash-test/run.sh
# Optional environment:
#   CRASH_TEST_WRITERS       concurrent writers (default 8)
#   CRASH_TEST_KILL_AFTER    "MIN MAX": the kill comes at a random second in this range after the
#                            writers start (default "3 8")
#   CRASH_TEST_SEED          seed of that random moment (default: random, printed)
# Without TRIALDESK_BIN it uses .build/debug/trialdesk of this checkout (it does not build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
trialdesk=${TRIALDESK_BIN:-"$root/.build/debug/trialdesk"}
[ -x "$trialdesk" ] || { echo "no trialdesk executable at $trialdesk: set TRIALDESK_BIN" >&2; exit 2; }
writers=${CRASH_TEST_WRITERS:-8}
read -r kill_min kill_max <<<"${CRASH_TEST_KILL_AFTER:-3 8}"
seed=${CRASH_TEST_SEED:-$RANDOM}
password='Crash-2026-test'

work=$(mktemp -d "${TMPDIR:-/tmp}/trialdesk-crash.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db_args=()
if [ -n "${DATABASE_URL:-}" ]; then
  kind=postgresql
else
  kind=sqlite
  db_args=(--db "$work/crash.sqlite")
fi
unset TRIALDESK_DB TRIALDESK_PUBLIC_URL TRIALDESK_BACKUP_DIR TRIALDESK_BACKUP_EVERY TRIALDESK_BACKUP_KEEP
echo "== kill -9 test on $kind: $writers writers, kill between ${kill_min} s and ${kill_max} s (seed $seed)"
printf '%s\n' "$password" | "$trialdesk" user add coordinator --role coordinator --site 960 "${db_args[@]}" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
start_server() {
  "$trialdesk" serve "${db_args[@]}" --host 127.0.0.1 --port "$port" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if curl -fs "$base/health" >/dev/null 2>&1; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.25
  done
  tail -n 30 "$work/server.log" >&2
  echo "the server did not answer /health" >&2
  exit 1
}
start_server

# The writers run until the server is gone; each 2xx answer's screening ID is written to its file
# (flushed) before the writer sends anything else, so the list holds exactly what was acknowledged.
python3 - "$base" "$password" "$writers" "$work" <<'PY' &
import datetime, json, sys, threading, urllib.error, urllib.request
base, password, writers, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
request = urllib.request.Request(base + "/api/v1/tokens", data=json.dumps({"username": "coordinator", "password": password}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
token = json.load(urllib.request.urlopen(request, timeout=30))["token"]
open(work + "/token", "w").write(token)
today = datetime.date.today().isoformat()
body = json.dumps({"siteCode": "960", "screeningDate": today,
    "values": {"age": 61, "sex": "female", "primaryTumour": "lung", "metastaticLesionCount": 7, "ecog": 1, "plateletCount": 180, "inr": 1.0},
    "answers": {k: "yes" for k in ["I02", "I05", "I06", "I07", "I08", "I09", "I12"]} | {k: "no" for k in ["E01", "E02", "E03", "E04", "E05", "E06"]}}).encode()
open(work + "/writers-ready", "w").close()

def write(number):
    failures = 0
    with open(f"{work}/acknowledged-{number}", "w") as acknowledged, open(f"{work}/refused-{number}", "w") as refused:
        while failures < 20:
            try:
                request = urllib.request.Request(base + "/api/v1/screenings", data=body, method="POST",
                                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
                with urllib.request.urlopen(request, timeout=30) as response:
                    answer = json.load(response)
                acknowledged.write(answer["id"] + "\n")
                acknowledged.flush()
                failures = 0
            except urllib.error.HTTPError as error:
                refused.write(f"{error.code}\n")
                refused.flush()
            except Exception:
                # The server is gone (or going): stop after a run of connection failures.
                failures += 1
                threading.Event().wait(0.05)

threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
for thread in threads: thread.start()
for thread in threads: thread.join()
PY
writers_pid=$!
for _ in $(seq 1 120); do [ -f "$work/writers-ready" ] && break; sleep 0.25; done
[ -f "$work/writers-ready" ] || { echo "the writers did not start" >&2; exit 1; }

delay=$(python3 -c "import random; random.seed($seed); print(round(random.uniform($kill_min, $kill_max), 2))")
sleep "$delay"
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
wait "$writers_pid"
acknowledged=$(cat "$work"/acknowledged-* | sort -u | wc -l)
refused=$(cat "$work"/refused-* | wc -l)
echo "killed after ${delay} s: $acknowledged screenings acknowledged (2xx), $refused refused with an HTTP error"
[ "$acknowledged" -gt 0 ] || { tail -n 30 "$work/server.log" >&2; echo "no write was acknowledged before the kill" >&2; exit 1; }

echo "== restart"
started=$(date +%s.%N)
start_server
echo "answered /health $(python3 -c "print(round($(date +%s.%N) - $started, 2))") s after the restart"
python3 - "$base" "$work" <<'PY'
import concurrent.futures, glob, json, sys, urllib.error, urllib.request
base, work = sys.argv[1], sys.argv[2]
token = open(work + "/token").read().strip()
ids = sorted({line.strip() for name in glob.glob(work + "/acknowledged-*") for line in open(name) if line.strip()})
def present(screening_id):
    request = urllib.request.Request(f"{base}/api/v1/screenings/{screening_id}", headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["id"].lower() == screening_id.lower()
    except urllib.error.HTTPError:
        return False
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    missing = [i for i, ok in zip(ids, pool.map(present, ids)) if not ok]
if missing:
    sys.exit(f"{len(missing)} of {len(ids)} acknowledged screenings are missing after the restart, e.g. {missing[:5]}")
print(f"all {len(ids)} acknowledged screenings are present after the restart")
PY
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

echo "== audit verify"
"$trialdesk" audit verify "${db_args[@]}" | tail -n 3
echo "kill -9 test on $kind passed"
