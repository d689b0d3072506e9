#!/usr/bin/env bash
# The whole-trial simulation of this trial's design, timed for TrialDesk and for rpact in the same run:
# 120 participants accrued uniformly over the demo's 400 days, control median 5 months, HR 0.6, dropout 5%
# within 12 months, one analysis at 99 events, one-sided alpha 0.025 (docs/design.md, "Whole-trial simulation").
# TrialDesk adds the study's permuted blocks per stratum, the stratified log-rank test and the Cox model;
# rpact's getSimulationSurvival alternates the arms and gives the log-rank test. Prints both times and the
# ratio. Needs a release build and R with rpact (apt-get install r-base-core r-cran-rpact):
#   swift build -c release --product trialdesk
#   TRIALDESK_BIN=.build/release/trialdesk bench/design-vs-rpact.sh [TRIALS]
# Not run by CI: benchmarks are run by hand, on a machine that is otherwise quiet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trialdesk=${TRIALDESK_BIN:-"$here/../.build/release/trialdesk"}
trials=${1:-100000}
[ -x "$trialdesk" ] || { echo "no trialdesk binary at $trialdesk: build with -c release or set TRIALDESK_BIN" >&2; exit 1; }
command -v Rscript >/dev/null || { echo "Rscript is missing: apt-get install r-base-core r-cran-rpact" >&2; exit 1; }
echo "=== $trials trials of this trial's design, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
ours=$("$trialdesk" bench design --trials "$trials" --json)
rpact=$(Rscript -e "suppressPackageStartupMessages(library(rpact))
design <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
t <- system.time(s <- getSimulationSurvival(design, hazardRatio = 0.6, median2 = 5, accrualTime = c(0, 400 / 30.4375),
  maxNumberOfSubjects = 120, plannedEvents = 99, dropoutRate1 = 0.05, dropoutRate2 = 0.05, dropoutTime = 12,
  directionUpper = FALSE, maxNumberOfIterations = $trials, seed = 20261206))[['elapsed']]
cat(sprintf('{\"seconds\": %.3f, \"power\": %.4f, \"version\": \"%s\"}', t, s\$overallReject, packageVersion('rpact')))")
python3 - "$ours" "$rpact" <<'PY'
import json, sys
ours, rpact = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"TrialDesk: {ours['seconds']:.2f} s on {ours['workers']} threads ({ours['trialsPerSecond']:.0f} trials/s), power {ours['power']:.4f}")
print(f"rpact {rpact['version']}: {rpact['seconds']:.2f} s (one thread), power {rpact['power']:.4f}")
print(f"TrialDesk is {rpact['seconds'] / ours['seconds']:.1f}x faster")
PY
