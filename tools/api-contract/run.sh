#!/usr/bin/env bash
# API contract check: Schemathesis 4 fuzzes TrialDesk's JSON API, as described by the server's own
# /openapi.json, on a throwaway copy of the demo study, once anonymously and once each with the
# bearer token of coordinator, monitor and statistician, with every check (`--checks all`). Fails
# when any run reports a failure, or when the server is down or /health does not answer 200 at the end.
#
# Usage (from anywhere):
#   TRIALDESK_BIN=path/to/trialdesk tools/api-contract/run.sh
# Optional environment:
#   API_CONTRACT_LOG_DIR       where logs and reports go (default: build/api-contract in the repository)
#   API_CONTRACT_MAX_EXAMPLES  test cases per operation and phase (default: schemathesis.toml, 25)
#   API_CONTRACT_SEED          generation seed (default: schemathesis.toml, 1)
#   API_CONTRACT_PHASES        e.g. coverage,fuzzing (default: all phases)
#   API_CONTRACT_RUNS          which runs, e.g. "anonymous coordinator" (default: all four)
#   API_CONTRACT_RUN_TIMEOUT   wall-time limit of one run in seconds (default: 600)
# Without TRIALDESK_BIN it uses .build/debug/trialdesk of this checkout (it does not build).
#
# Output: one summary line per run, then the distinct failures (check, operation, status) each with
# a curl command that reproduces it; LOG_DIR/failures.md and failures.tsv hold the same list, and
# LOG_DIR/<run>/ the full Schemathesis output, NDJSON events, JSON and JUnit reports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

schemathesis_version=4.32.5
password='Demo-2026-trial'
runs=${API_CONTRACT_RUNS:-"anonymous coordinator monitor statistician"}
run_timeout=${API_CONTRACT_RUN_TIMEOUT:-600}
log_dir=${API_CONTRACT_LOG_DIR:-"$root/build/api-contract"}

started=$(date +%s)

echo "== schemathesis"
if ! python3 -c 'import schemathesis, sys; sys.exit(0 if schemathesis.__version__.startswith("4.") else 1)' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version" \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "schemathesis==$schemathesis_version"
fi
python3 -m schemathesis.cli --version

trialdesk=${TRIALDESK_BIN:-"$root/.build/debug/trialdesk"}
if [ ! -x "$trialdesk" ]; then
  echo "no trialdesk executable at $trialdesk: set TRIALDESK_BIN" >&2
  exit 2
fi
# The demo and the server use a SQLite file of their own, whatever the caller's environment says.
unset DATABASE_URL TRIALDESK_DB TRIALDESK_PUBLIC_URL

work=$(mktemp -d "${TMPDIR:-/tmp}/trialdesk-api-contract.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$log_dir"
# Only what an earlier run of this script left there (the folder may be the caller's own).
for run in $runs; do rm -rf "${log_dir:?}/$run"; done
rm -f "$log_dir/demo.log" "$log_dir/server.log" "$log_dir/failures.md" "$log_dir/failures.tsv"

echo "== demo study"
"$trialdesk" demo --db "$work/demo.sqlite" --password "$password" --seed 1 >"$log_dir/demo.log" 2>&1 \
  || { cat "$log_dir/demo.log" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
echo "== server on $base"
"$trialdesk" serve --db "$work/demo.sqlite" --host 127.0.0.1 --port "$port" >"$log_dir/server.log" 2>&1 &
server_pid=$!

health() {
  python3 - "$base/health" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
}
for _ in $(seq 1 120); do
  if health; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then tail -n 40 "$log_dir/server.log" >&2; echo "the server stopped" >&2; exit 1; fi
  sleep 0.5
done
health || { tail -n 40 "$log_dir/server.log" >&2; echo "/health did not answer 200" >&2; exit 1; }

# All tokens first: the fuzzer posts to /api/v1/tokens too, and five wrong passwords for a real
# username (one it read from a response) lock that account for 15 minutes.
token_for() {
  python3 - "$base/api/v1/tokens" "$1" "$password" <<'EOF'
import json, sys, urllib.request
url, username, password = sys.argv[1:4]
request = urllib.request.Request(url, data=json.dumps({"username": username, "password": password}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, timeout=30) as response:
    body = json.load(response)
if response.status != 201 or not body.get("token") or body.get("username") != username:
    sys.exit(f"POST /api/v1/tokens for {username}: unexpected answer {response.status} {body}")
print(body["token"])
EOF
}
for run in $runs; do
  mkdir -p "$log_dir/$run"
  if [ "$run" != anonymous ]; then
    token_for "$run" >"$log_dir/$run/token"
  fi
done

# Only the JSON API: /api/v1/..., /health and /openapi.json. The page routes in the same document are
# HTML forms that need a session cookie and its CSRF token (without them every POST is a documented
# 403); tools/browser-tests drives them.
include='^/(api/v1/.*|health|openapi\.json)$'

failed=0
for run in $runs; do
  dir="$log_dir/$run"
  args=(--config-file "$here/schemathesis.toml" --no-color run "$base/openapi.json" --url "$base"
        --checks all --include-path-regex "$include"
        --report ndjson,json,junit --report-ndjson-path "$dir/events.ndjson"
        --report-json-path "$dir/report.json" --report-junit-path "$dir/junit.xml")
  if [ -f "$dir/token" ]; then
    # With a token, DELETE /api/v1/tokens/current would revoke the run's own token half way through
    # and turn everything after it into 401s; the anonymous run still covers it.
    args+=(-H "Authorization: Bearer $(cat "$dir/token")" --exclude-name 'DELETE /api/v1/tokens/current')
  fi
  [ -n "${API_CONTRACT_MAX_EXAMPLES:-}" ] && args+=(--max-examples "$API_CONTRACT_MAX_EXAMPLES")
  [ -n "${API_CONTRACT_SEED:-}" ] && args+=(--seed "$API_CONTRACT_SEED")
  [ -n "${API_CONTRACT_PHASES:-}" ] && args+=(--phases "$API_CONTRACT_PHASES")

  echo "== run $run"
  run_started=$(date +%s)
  code=0
  # The working directory is the run's log folder, so nothing Schemathesis writes lands in the checkout.
  (cd "$dir" && timeout --signal=INT --kill-after=30 "$run_timeout" python3 -m schemathesis.cli "${args[@]}") \
    >"$dir/output.txt" 2>&1 || code=$?
  echo "$code" >"$dir/exit_code"
  note=""
  [ "$code" -eq 124 ] && note=", stopped by the ${run_timeout} s limit (API_CONTRACT_RUN_TIMEOUT)"
  echo "   exit $code after $(( $(date +%s) - run_started )) s$note (output: $dir/output.txt)"
  [ "$code" -eq 0 ] || failed=1
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server process died during run $run" >&2
    failed=1
    break
  fi
done

echo "== server after the runs"
server_ok=1
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "server process: dead" >&2
  server_ok=0
elif ! health; then
  echo "server process alive, but /health does not answer 200" >&2
  server_ok=0
else
  echo "server process alive, /health 200"
fi
# A Swift runtime trap prints "Fatal error:" (the process is then gone as well).
if grep -q 'Fatal error:' "$log_dir/server.log"; then
  echo "the server log shows a Swift runtime trap:" >&2
  grep -m 5 -A 3 'Fatal error:' "$log_dir/server.log" >&2
  server_ok=0
fi
[ "$server_ok" -eq 1 ] || failed=1

python3 "$here/summarize.py" "$log_dir" $runs || failed=1
echo "== api-contract: $( [ "$failed" -eq 0 ] && echo passed || echo FAILED ) in $(( $(date +%s) - started )) s; logs in $log_dir"
exit "$failed"
