#!/usr/bin/env bash
# Browser tests: TrialDesk's pages driven in headless Chromium against a server started on a free
# loopback port with a fresh SQLite database. Installs what it needs (Debian chromium and
# chromium-driver, selenium from PyPI), saves a screenshot of each page under build/screenshots/ and
# fails on any JavaScript console error or unexpected HTTP error.
#
# Usage (from the repository root or anywhere): tools/browser-tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

echo "== browser test tools"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
if ! python3 -c "import selenium" >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check selenium \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages selenium
fi

# TRIALDESK_BIN names an already built trialdesk executable; otherwise it is built here.
if [ -n "${TRIALDESK_BIN:-}" ]; then
  trialdesk="$TRIALDESK_BIN"
else
  echo "== build"
  swift build --product trialdesk
  trialdesk="$(swift build --show-bin-path)/trialdesk"
fi

work=$(mktemp -d /tmp/trialdesk-browser.XXXXXX)
db="$work/trialdesk.sqlite"
password="browser-walk-$(date +%s)-Passphrase"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== database"
"$trialdesk" migrate --db "$db" >/dev/null
# Demo data when the demo command exists; the walk's own accounts in any case.
if "$trialdesk" demo --help >/dev/null 2>&1; then
  "$trialdesk" demo --db "$db" --password "$password" --seed 1 >/dev/null
fi
printf '%s\n' "$password" | "$trialdesk" user add browser-coordinator --role coordinator --site 960 --db "$db" >/dev/null
printf '%s\n' "$password" | "$trialdesk" user add browser-monitor --role monitor --db "$db" >/dev/null
printf '%s\n' "$password" | "$trialdesk" user add browser-statistician --role statistician --db "$db" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
echo "== server on 127.0.0.1:$port"
"$trialdesk" serve --db "$db" --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=1)" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; echo "the server stopped" >&2; exit 1; fi
  sleep 0.5
done

echo "== walk"
rm -rf "$root/build/screenshots"
status=0
TRIALDESK_URL="http://127.0.0.1:$port" TRIALDESK_PASSWORD="$password" \
  TRIALDESK_COORDINATOR=browser-coordinator TRIALDESK_MONITOR=browser-monitor \
  SCREENSHOTS="$root/build/screenshots" CHROMIUM="$(command -v chromium)" CHROMEDRIVER="$(command -v chromedriver)" \
  python3 "$root/tools/browser-tests/site_walkthrough.py" || status=$?
if [ "$status" -ne 0 ]; then
  echo "-- server log (last 60 lines)" >&2
  tail -n 60 "$work/server.log" >&2
fi
exit "$status"
