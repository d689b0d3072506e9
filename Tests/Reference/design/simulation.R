# Simulated power and type I error with rpact's getSimulationSurvival, and the time each run takes, for
# comparison with TrialStats' SurvivalTrialSimulation under the same assumptions. Scenarios:
#   trial:      this trial's design: 120 participants 1:1 accrued uniformly over 400 days = 400 / 30.4375
#               months, control median 5 months, dropout 5% within 12 months, one analysis at 99 events,
#               one-sided alpha 0.025;
#   sequential: the same with an interim look at 50 events, O'Brien-Fleming-like alpha spending (asOF,
#               information rates 50/99 and 1) and a non-binding futility bound at z = 0;
#   piecewise:  the same fixed design with piecewise-exponential control survival (hazards 0.1, 0.15, 0.08
#               per month from months 0, 3 and 9) and one analysis at 90 events.
# Each at HR 0.6 and HR 1, 100,000 trials. Run from this folder:  Rscript simulation.R   (writes simulation.csv)
suppressPackageStartupMessages(library(rpact))
accrual <- 400 / 30.4375
fmt <- function(v) paste(sprintf("%.17g", v), collapse = ";")
rows <- list()
run <- function(scenario, hr, design, events, survival) {
  seconds <- system.time(s <- do.call(getSimulationSurvival, c(list(
    design, hazardRatio = hr, accrualTime = c(0, accrual), maxNumberOfSubjects = 120,
    plannedEvents = events, dropoutRate1 = 0.05, dropoutRate2 = 0.05, dropoutTime = 12, directionUpper = FALSE,
    maxNumberOfIterations = 100000, seed = 20261206), survival)))[["elapsed"]]
  p <- s$overallReject
  k <- length(events)
  rows[[length(rows) + 1]] <<- data.frame(
    scenario = scenario, hazardRatio = hr, trials = 100000, rejectionRate = fmt(p),
    monteCarloStandardError = fmt(sqrt(p * (1 - p) / 100000)),
    analysisMonth = fmt(s$analysisTime[k, 1]),
    rejectPerStage = fmt(s$rejectPerStage[, 1]),
    futilityPerStage = if (k > 1) fmt(s$futilityPerStage[, 1]) else "NA",
    expectedEvents = fmt(s$expectedNumberOfEvents),
    seconds = sprintf("%.3f", seconds))
}
fixed <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
sequential <- getDesignGroupSequential(kMax = 2, alpha = 0.025, sided = 1, typeOfDesign = "asOF",
                                       informationRates = c(50 / 99, 1), futilityBounds = 0, bindingFutility = FALSE)
for (hr in c(0.6, 1)) {
  run("trial", hr, fixed, 99, list(median2 = 5))
  run("sequential", hr, sequential, c(50, 99), list(median2 = 5))
  run("piecewise", hr, fixed, 90, list(piecewiseSurvivalTime = c(0, 3, 9), lambda2 = c(0.1, 0.15, 0.08)))
}
con <- file("simulation.csv", "w")
writeLines(paste0("# rpact ", packageVersion("rpact"), ", ", R.version.string), con)
write.csv(do.call(rbind, rows), con, row.names = FALSE, quote = FALSE)
close(con)
