#!/usr/bin/env bash
# Times the statistician's path on the 120-participant demo study: `trialdesk demo` once, then
# `trialdesk analyze` several times, printing each run's wall time, its read and analysis phases and the
# peak memory. The target is under 2 seconds for analyze.
#
# Needs a release build of trialdesk (swift build -c release --product trialdesk), or TRIALDESK=/path.
# Usage: bench/analyze-demo.sh [RUNS]     (default 5)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
binary="${TRIALDESK:-$here/../.build/release/trialdesk}"
if [ ! -x "$binary" ]; then
    echo "no trialdesk binary at $binary; run 'swift build -c release --product trialdesk' first or set TRIALDESK" >&2
    exit 1
fi
runs="${1:-5}"
work=$(mktemp -d /tmp/trialdesk-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

/usr/bin/time -f "demo (120 participants): wall %e s, peak memory %M KB" \
    "$binary" demo --db "$work/demo.sqlite" --password 'Demo-2026-trial' --seed 1 --today 2026-11-25 >/dev/null
for run in $(seq 1 "$runs"); do
    /usr/bin/time -f "analyze run $run: wall %e s, peak memory %M KB" -o "$work/time.txt" \
        "$binary" analyze --db "$work/demo.sqlite" --out "$work/report" --cutoff 2026-11-25 > "$work/out.txt"
    cat "$work/time.txt"
    tail -n 1 "$work/out.txt"
done
