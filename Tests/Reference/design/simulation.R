# Simulated power and type I error of this trial's design with rpact's getSimulationSurvival, and the time
# it takes, for comparison with TrialStats' SurvivalTrialSimulation (same assumptions: 120 participants 1:1
# accrued uniformly over 400 days = 400 / 30.4375 months, control median 5 months, dropout 5% within 12
# months, one analysis at 99 events, one-sided alpha 0.025, HR 0.6 and 1).
# Run from this folder:  Rscript simulation.R   (writes simulation.csv)
suppressPackageStartupMessages(library(rpact))
accrual <- 400 / 30.4375
rows <- list()
for (hr in c(0.6, 1)) {
  design <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
  seconds <- system.time(s <- getSimulationSurvival(
    design, hazardRatio = hr, median2 = 5, accrualTime = c(0, accrual), maxNumberOfSubjects = 120,
    plannedEvents = 99, dropoutRate1 = 0.05, dropoutRate2 = 0.05, dropoutTime = 12, directionUpper = FALSE,
    maxNumberOfIterations = 100000, seed = 20261206))[["elapsed"]]
  p <- s$overallReject
  rows[[length(rows) + 1]] <- data.frame(hazardRatio = hr, trials = 100000, rejectionRate = sprintf("%.17g", p),
                                         monteCarloStandardError = sprintf("%.17g", sqrt(p * (1 - p) / 100000)),
                                         analysisMonth = sprintf("%.17g", s$analysisTime[1, 1]),
                                         seconds = sprintf("%.3f", seconds))
}
con <- file("simulation.csv", "w")
writeLines(paste0("# rpact ", packageVersion("rpact"), ", ", R.version.string), con)
write.csv(do.call(rbind, rows), con, row.names = FALSE, quote = FALSE)
close(con)
