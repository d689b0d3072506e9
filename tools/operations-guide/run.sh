#!/usr/bin/env bash
# Runs the commands of docs/operations.md, in the guide's order, on a fresh database in a temporary folder
# that stands for the server's disks (/opt/trialdesk, /var/lib/trialdesk, /etc/trialdesk, /mnt/backup):
# install beside its resources, first start, audit key, serve with scheduled backups, /health,
# /health/ready and /metrics with an administrator's token, a manual backup, testing a restore, the
# upgrade steps, and (when DATABASE_URL names an empty PostgreSQL database) the move from SQLite to
# PostgreSQL. Each step says which section of the guide it checks; any failure ends the run with exit 1.
#
# Usage: TRIALDESK_BIN=path/to/trialdesk tools/operations-guide/run.sh
# Without TRIALDESK_BIN it uses .build/debug/trialdesk of this checkout (it does not build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
built=${TRIALDESK_BIN:-"$root/.build/debug/trialdesk"}
[ -x "$built" ] || { echo "no trialdesk executable at $built: set TRIALDESK_BIN" >&2; exit 2; }
postgres_url=${DATABASE_URL:-}
unset DATABASE_URL TRIALDESK_DB TRIALDESK_PUBLIC_URL TRIALDESK_AUDIT_KEY_FILE TRIALDESK_BACKUP_DIR TRIALDESK_BACKUP_EVERY TRIALDESK_BACKUP_KEEP

work=$(mktemp -d "${TMPDIR:-/tmp}/trialdesk-guide.XXXXXX")
opt="$work/opt/trialdesk"; data="$work/var/lib/trialdesk"; etc="$work/etc/trialdesk"; backups="$work/mnt/backup/trialdesk"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { echo "== guide: $*"; }
fail() { echo "operations guide: $*" >&2; [ -f "$work/server.log" ] && tail -n 20 "$work/server.log" >&2; exit 1; }
password='Guide-2026-operations'
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"

step "Install: the binary with its resource bundles beside it"
mkdir -p "$opt" "$data" "$etc" "$backups"
install -m 0755 "$built" "$opt/trialdesk"
cp -R "$(dirname "$built")"/*.resources "$opt/"
ls "$opt" | grep -q 'TrialDesk_TrialServer.resources' || fail "the server's resource bundle was not installed"
trialdesk="$opt/trialdesk"
"$trialdesk" --version

step "Install: the audit key, outside the database and its backups"
"$trialdesk" audit keygen --out "$etc/audit.key" >/dev/null
export TRIALDESK_AUDIT_KEY_FILE="$etc/audit.key"

step "Install: the database and the first administrator"
"$trialdesk" migrate --db "$data/trialdesk.sqlite" >/dev/null
printf '%s\n' "$password" | "$trialdesk" user add admin --role administrator --db "$data/trialdesk.sqlite" >/dev/null

step "Scheduled backups: serve --backup-dir --backup-every --keep (the systemd unit's command), TZ of the sites"
TZ=Asia/Shanghai "$trialdesk" serve --db "$data/trialdesk.sqlite" --host 127.0.0.1 --port "$port" \
  --backup-dir "$backups" --backup-every 24h --keep 14 --log-format json >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do curl -fs "$base/health" >/dev/null 2>&1 && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done

step "Health: curl /health and /health/ready"
curl -fsS "$base/health" >"$work/health.json" || fail "/health did not answer 200"
curl -fsS "$base/health/ready" | grep -q '"ready":true' || fail "/health/ready is not ready"
# The first scheduled backup is due at once (the folder holds none yet).
for _ in $(seq 1 120); do
  curl -fs "$base/health" | grep -q '"backup":"ok"' && break
  sleep 0.25
done
curl -fs "$base/health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print("health:", h); sys.exit(0 if h.get("backup") == "ok" and h.get("databaseStatus") == "answers" else 1)' \
  || fail "/health does not report a successful scheduled backup"
ls "$backups"/trialdesk-backup-*.zip >/dev/null || fail "no scheduled backup in $backups"

step "Metrics: an administrator's token, then curl /metrics"
token=$(curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -fsS -H "Authorization: Bearer $token" "$base/metrics" >"$work/metrics.txt" || fail "/metrics did not answer the administrator's token"
grep -E '^trialdesk_last_successful_backup_timestamp_seconds [1-9]' "$work/metrics.txt" || fail "/metrics has no last successful backup"
grep -E '^trialdesk_http_requests_total\{method="GET",route="/health",status="200"\}' "$work/metrics.txt" || fail "/metrics counts no /health request"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")" = 401 ] || fail "/metrics answered without a token"

step "Backup: a manual backup while the server runs"
"$trialdesk" backup --db "$data/trialdesk.sqlite" --out "$backups/before-upgrade.zip" >/dev/null

step "Testing a restore: the newest scheduled backup into a scratch file, then audit verify"
newest=$(ls "$backups"/trialdesk-backup-*.zip | sort | tail -n 1)
"$trialdesk" restore "$newest" --db "$work/restore-test.sqlite" >/dev/null
"$trialdesk" audit verify --db "$work/restore-test.sqlite" | head -n 1
rm -f "$work/restore-test.sqlite"

step "Upgrade: stop, back up, migrate --dry-run, migrate, start with the new binary"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
"$trialdesk" backup --db "$data/trialdesk.sqlite" --out "$backups/before-upgrade-2.zip" >/dev/null
"$trialdesk" migrate --dry-run --db "$data/trialdesk.sqlite"
"$trialdesk" migrate --db "$data/trialdesk.sqlite"
"$trialdesk" serve --db "$data/trialdesk.sqlite" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
curl -fsS "$base/health/ready" >/dev/null || fail "the upgraded server is not ready"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

if [ -n "$postgres_url" ]; then
  step "Moving from SQLite to PostgreSQL: back up, restore into the empty PostgreSQL database, verify, serve"
  "$trialdesk" backup --db "$data/trialdesk.sqlite" --out "$backups/move-to-postgresql.zip" >/dev/null
  DATABASE_URL="$postgres_url" "$trialdesk" restore "$backups/move-to-postgresql.zip" >/dev/null
  DATABASE_URL="$postgres_url" "$trialdesk" audit verify | head -n 1
  DATABASE_URL="$postgres_url" "$trialdesk" serve --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
  curl -fsS "$base/health" | grep -q '"database":"postgresql"' || fail "the server on PostgreSQL does not answer /health"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
else
  step "Moving from SQLite to PostgreSQL: skipped (DATABASE_URL names no empty PostgreSQL database)"
fi
echo "operations guide: every command ran"
