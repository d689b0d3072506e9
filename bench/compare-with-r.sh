#!/usr/bin/env bash
# Times trialdesk's Kaplan-Meier, log-rank and 3-covariate Efron Cox fit against R's survfit, survdiff
# and coxph on the same generated data, in the same run, and prints the ratios (R time / trialdesk time).
#
# Needs:
#   - a release build of trialdesk:   swift build -c release   (binary at .build/release/trialdesk),
#     or set TRIALDESK=/path/to/trialdesk
#   - R with the survival package:    e.g. apt-get install r-base-core r-cran-survival
# Usage: bench/compare-with-r.sh [N ...]      (default: 10000 100000 1000000)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
binary="${TRIALDESK:-$here/../.build/release/trialdesk}"
if [ ! -x "$binary" ]; then
    echo "no trialdesk binary at $binary; run 'swift build -c release' first or set TRIALDESK" >&2
    exit 1
fi
command -v Rscript >/dev/null || { echo "Rscript not found; install R and the survival package" >&2; exit 1; }

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf '%9s  %-8s %12s %12s %8s\n' n method trialdesk R ratio
for n in "${sizes[@]}"; do
    # trialdesk times itself (median of 5 runs, data generation excluded) and writes the data it used.
    swift_json="$("$binary" bench stats --n "$n" --json --write-csv "$work")"
    r_json="$(Rscript --vanilla -e '
        suppressPackageStartupMessages(library(survival))
        args <- commandArgs(trailingOnly = TRUE)
        d <- read.csv(args[1])
        median5 <- function(f) median(sapply(1:5, function(i) system.time(f())[["elapsed"]]))
        km <- median5(function() survfit(Surv(time, status) ~ 1, data = d))
        lr <- median5(function() survdiff(Surv(time, status) ~ arm, data = d))
        cx <- median5(function() coxph(Surv(time, status) ~ x1 + x2 + x3, data = d, ties = "efron"))
        cat(sprintf("%.6f %.6f %.6f\n", km, lr, cx))
    ' "$work/bench-$n.csv")"
    read -r r_km r_lr r_cox <<<"$r_json"
    value() { sed -E "s/.*\"$1\":([0-9.eE+-]+).*/\1/" <<<"$swift_json"; }
    s_km="$(value kmSeconds)"; s_lr="$(value logrankSeconds)"; s_cox="$(value coxSeconds)"
    for row in "km $s_km $r_km" "logrank $s_lr $r_lr" "cox $s_cox $r_cox"; do
        read -r method s r <<<"$row"
        awk -v n="$n" -v m="$method" -v s="$s" -v r="$r" \
            'BEGIN { printf "%9d  %-8s %11.4fs %11.4fs %7.1fx\n", n, m, s, r, (s > 0 ? r / s : 0) }'
    done
done
