# Reference values for TrialStats' survival sample size and power, computed with rpact
# (getSampleSizeSurvival, getPowerSurvival; version in the output's first comment line).
# Run from this folder:  Rscript survival.R   (writes survival.csv)
# Months are the time unit; the dropout rate is the probability of dropping out within 12 months
# (dropoutTime = 12) in both arms; accrual is uniform over accrualMonths.
# Columns, inputs: case, mode (sampleSize: power given | power: sampleSize given), method, alpha, sided,
#   power (the target, sampleSize mode) / sampleSize (power mode), hazardRatio, allocationRatio,
#   control (median | hazard | rate), controlValue (months | per month | P(event by eventTime)), eventTime,
#   accrualMonths, followUpMonths, dropoutRatePerYear, design (fixed or rpact's typeOfDesign), gamma,
#   informationFractions (';'-separated), futilityBounds (z scale, non-binding; ';'), piecewiseSurvivalTime and
#   lambda2 (control = piecewise: interval starts and hazards per month), accrualTime and accrualIntensity
#   (';'; accrualMode relative: the intensities give the shape and followUpMonths is given; absolute:
#   participants per month, followUpMonths NA and solved by rpact)
# outputs: eventsRequired (fixed design; the maximum for a sequential one), sampleSizeResult,
#   analysisTime (';' per stage), expectedEventsH0, expectedEventsH1 (sequential), powerResult;
#   expectedEventsH01, criticalValues, rejectPerStage, futilityPerStage, earlyStop (under H1, sequential);
#   eventMonths and expectedEventsAtMonths (';'): expected events among sampleSizeResult participants at those
#   calendar months (getEventProbabilities).
suppressPackageStartupMessages(library(rpact))
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
rows <- list()
controlArgs <- function(control, value, eventTime) {
  switch(control, median = list(median2 = value), hazard = list(lambda2 = value),
         rate = list(pi2 = value, eventTime = eventTime))
}
add <- function(mode, method, alpha, sided, target, hr, ratio, control, value, accrual, followUp, dropout,
                eventTime = 12, type = "fixed", gamma = NA, rates = 1, futility = NA, pwTime = NA, lambda2 = NA,
                accTime = c(0, accrual), accIntensity = NA, accrualMode = "uniform") {
  survivalArgs <- if (control == "piecewise") list(piecewiseSurvivalTime = pwTime, lambda2 = lambda2)
                  else controlArgs(control, value, eventTime)
  accrualArgs <- list(accrualTime = accTime)
  # rpact reads intensities as relative when all are below 1: scale them so for the relative mode.
  if (accrualMode == "relative") accrualArgs$accrualIntensity <- accIntensity / (2 * max(accIntensity))
  if (accrualMode == "absolute") accrualArgs$accrualIntensity <- accIntensity
  common <- c(list(typeOfComputation = method, hazardRatio = hr, allocationRatioPlanned = ratio,
                   dropoutRate1 = dropout, dropoutRate2 = dropout, dropoutTime = 12), accrualArgs, survivalArgs)
  followArgs <- if (is.na(followUp)) list() else list(followUpTime = followUp)
  if (type == "fixed") {
    design <- getDesignGroupSequential(kMax = 1, alpha = alpha, sided = sided, beta = if (mode == "sampleSize") 1 - target else 0.2)
  } else {
    dargs <- list(kMax = length(rates), alpha = alpha, sided = sided, typeOfDesign = type, informationRates = rates,
                  beta = 1 - target)
    if (!is.na(gamma)) dargs$gammaA <- gamma
    if (!all(is.na(futility))) { dargs$futilityBounds <- futility; dargs$bindingFutility <- FALSE }
    design <- do.call(getDesignGroupSequential, dargs)
  }
  events <- NA; n <- NA; times <- NA; e0 <- NA; e1 <- NA; power <- NA
  e01 <- NA; crit <- NA; rej <- NA; fut <- NA; early <- NA
  if (mode == "sampleSize") {
    x <- do.call(getSampleSizeSurvival, c(list(design = design), followArgs, common))
    events <- x$maxNumberOfEvents; n <- x$maxNumberOfSubjects; times <- x$analysisTime[, 1]
    if (type != "fixed") {
      e0 <- x$expectedEventsH0; e1 <- x$expectedEventsH1; e01 <- x$expectedEventsH01
      crit <- design$criticalValues; rej <- x$rejectPerStage[, 1]; early <- x$earlyStop
      if (!all(is.na(futility))) fut <- x$futilityPerStage[, 1]
    }
  } else {
    # The expected events at accrual + follow-up for `target` participants: the event probability omega of
    # a sample size calculation with the same survival, accrual and dropout, times the sample size.
    omega <- do.call(getSampleSizeSurvival, c(list(design = design), followArgs, common))$omega
    events <- target * omega
    p <- do.call(getPowerSurvival, c(list(design = design, maxNumberOfSubjects = target, maxNumberOfEvents = events,
                                          directionUpper = hr > 1), common))
    n <- target; power <- p$overallReject; times <- p$analysisTime[, 1]
  }
  months <- c(3, 6, 12, 24, 36)
  probabilityArgs <- common[setdiff(names(common), c("typeOfComputation", "median2", "pi2", "eventTime",
                                                     "allocationRatioPlanned"))]
  probabilityArgs$allocationRatioPlanned <- ratio
  if (control != "piecewise") {
    probabilityArgs$lambda2 <- switch(control, median = log(2) / value, hazard = value,
                                      rate = -log(1 - value) / eventTime)
  }
  probabilities <- do.call(getEventProbabilities, c(list(time = months, maxNumberOfSubjects = n), probabilityArgs))
  atMonths <- n * probabilities$overallEventProbabilities
  id <- length(rows) + 1
  rows[[id]] <<- data.frame(case = id, mode = mode, method = method, alpha = fmt(alpha), sided = sided,
                            power = if (mode == "sampleSize") fmt(target) else "NA",
                            sampleSize = if (mode == "power") fmt(target) else "NA",
                            hazardRatio = fmt(hr), allocationRatio = fmt(ratio), control = control,
                            controlValue = fmt(value), eventTime = fmt(eventTime), accrualMonths = fmt(accrual),
                            followUpMonths = fmt(followUp), dropoutRatePerYear = fmt(dropout), design = type,
                            gamma = fmt(gamma), informationFractions = paste(fmt(rates), collapse = ";"),
                            eventsRequired = fmt(events), sampleSizeResult = fmt(n),
                            analysisTime = paste(fmt(times), collapse = ";"), expectedEventsH0 = fmt(e0),
                            expectedEventsH1 = fmt(e1), powerResult = fmt(power),
                            futilityBounds = paste(fmt(futility), collapse = ";"),
                            piecewiseSurvivalTime = paste(fmt(pwTime), collapse = ";"),
                            lambda2 = paste(fmt(lambda2), collapse = ";"),
                            accrualTime = paste(fmt(accTime), collapse = ";"),
                            accrualIntensity = paste(fmt(accIntensity), collapse = ";"), accrualMode = accrualMode,
                            expectedEventsH01 = fmt(e01), criticalValues = paste(fmt(crit), collapse = ";"),
                            rejectPerStage = paste(fmt(rej), collapse = ";"),
                            futilityPerStage = paste(fmt(fut), collapse = ";"), earlyStop = fmt(early),
                            eventMonths = paste(fmt(months), collapse = ";"),
                            expectedEventsAtMonths = paste(fmt(atMonths), collapse = ";"))
}
# Fixed designs, required events and sample size.
for (method in c("Schoenfeld", "Freedman")) {
  for (hr in c(0.5, 0.6, 0.7, 0.8)) {
    add("sampleSize", method, 0.025, 1, 0.8, hr, 1, "median", 5, 12, 12, 0.05)
    add("sampleSize", method, 0.05, 2, 0.9, hr, 1, "median", 12, 24, 6, 0)
  }
  for (ratio in c(0.5, 2, 3)) add("sampleSize", method, 0.025, 1, 0.85, 0.65, ratio, "median", 8, 18, 12, 0.1)
  add("sampleSize", method, 0.05, 1, 0.8, 1.5, 1, "median", 10, 12, 24, 0.05)
  add("sampleSize", method, 0.025, 1, 0.8, 0.7, 1, "hazard", 0.1, 12, 12, 0.05)
  add("sampleSize", method, 0.025, 1, 0.9, 0.6, 2, "hazard", 0.03, 30, 18, 0.02)
  add("sampleSize", method, 0.025, 1, 0.8, 0.6, 1, "rate", 0.6, 12, 12, 0.05, eventTime = 12)
  add("sampleSize", method, 0.05, 2, 0.8, 0.75, 1, "rate", 0.3, 24, 12, 0.1, eventTime = 24)
}
# Fixed designs, power for a given sample size.
for (method in c("Schoenfeld", "Freedman")) {
  for (hr in c(0.6, 0.7)) {
    for (sided in c(1, 2)) {
      add("power", method, if (sided == 1) 0.025 else 0.05, sided, 120, hr, 1, "median", 5, 12, 12, 0.05)
    }
  }
  add("power", method, 0.025, 1, 200, 0.7, 2, "median", 6, 18, 6, 0.1)
  add("power", method, 0.05, 2, 80, 0.5, 1, "hazard", 0.2, 6, 6, 0)
  add("power", method, 0.025, 1, 300, 0.8, 1, "rate", 0.4, 24, 12, 0.05, eventTime = 12)
  add("power", method, 0.025, 1, 150, 1.4, 0.5, "median", 12, 12, 18, 0.05)
}
# Group-sequential designs: maximum and expected events, analysis times of each stage.
for (type in c("OF", "P", "asOF", "asP")) {
  add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.6, 1, "median", 5, 12, 12, 0.05, type = type, rates = c(0.5, 1))
  add("sampleSize", "Schoenfeld", 0.025, 1, 0.9, 0.7, 1, "median", 8, 18, 12, 0.05, type = type, rates = c(1, 2, 3) / 3)
}
add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.65, 2, "median", 6, 24, 12, 0.1, type = "asKD", gamma = 2,
    rates = c(0.3, 0.6, 1))
add("sampleSize", "Freedman", 0.025, 1, 0.8, 0.65, 1, "median", 6, 24, 12, 0.1, type = "asHSD", gamma = -4,
    rates = c(0.25, 0.5, 0.75, 1))
add("sampleSize", "Schoenfeld", 0.05, 2, 0.8, 0.7, 1, "median", 10, 24, 12, 0.05, type = "asOF", rates = c(0.5, 0.75, 1))
# Non-binding futility bounds: efficacy boundaries as without them; expected events and stopping
# probabilities count the futility stops.
add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.6, 1, "median", 5, 12, 12, 0.05, type = "asOF",
    rates = c(1, 2, 3) / 3, futility = c(0, 0.5))
add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.6, 1, "median", 5, 12, 12, 0.05, type = "asOF",
    rates = c(0.5, 1), futility = 0)
add("sampleSize", "Schoenfeld", 0.025, 1, 0.9, 0.7, 1, "median", 8, 18, 12, 0.05, type = "OF",
    rates = c(0.4, 0.7, 1), futility = c(-0.5, 0.3))
add("sampleSize", "Freedman", 0.025, 1, 0.8, 0.65, 2, "median", 6, 24, 12, 0.1, type = "P",
    rates = c(0.5, 1), futility = 0.2)
add("sampleSize", "Schoenfeld", 0.05, 1, 0.85, 0.7, 1, "hazard", 0.08, 18, 12, 0.05, type = "asP",
    rates = c(0.25, 0.5, 0.75, 1), futility = c(-1, -0.2, 0.4))
add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.65, 1, "median", 6, 24, 12, 0.1, type = "asKD", gamma = 3,
    rates = c(0.3, 0.6, 1), futility = c(-6, 0.25))
add("sampleSize", "Freedman", 0.025, 1, 0.8, 0.7, 1, "median", 10, 24, 12, 0.05, type = "asHSD", gamma = -2,
    rates = c(1, 2, 3) / 3, futility = c(0.1, 0.6))
# Piecewise-exponential control survival, uniform or piecewise accrual.
pw <- list(c(0, 3, 9), c(0.1, 0.15, 0.08))
for (method in c("Schoenfeld", "Freedman")) {
  add("sampleSize", method, 0.025, 1, 0.8, 0.6, 1, "piecewise", NA, 12, 12, 0.05, pwTime = pw[[1]], lambda2 = pw[[2]])
  add("sampleSize", method, 0.025, 1, 0.8, 0.6, 1, "piecewise", NA, 12, 12, 0.05, pwTime = pw[[1]], lambda2 = pw[[2]],
      accTime = c(0, 4, 12), accIntensity = c(6, 14), accrualMode = "relative")
  add("sampleSize", method, 0.025, 1, 0.8, 0.6, 1, "piecewise", NA, 12, NA, 0.05, pwTime = pw[[1]], lambda2 = pw[[2]],
      accTime = c(0, 4, 12), accIntensity = c(6, 14), accrualMode = "absolute")
  add("sampleSize", method, 0.05, 2, 0.9, 0.7, 2, "piecewise", NA, 18, 6, 0, pwTime = c(0, 6), lambda2 = c(0.05, 0.02))
  add("sampleSize", method, 0.025, 1, 0.8, 0.7, 1, "median", 5, 15, 9, 0.1,
      accTime = c(0, 3, 6, 15), accIntensity = c(2, 5, 10), accrualMode = "relative")
  add("sampleSize", method, 0.025, 1, 0.8, 0.65, 1, "median", 8, 15, NA, 0.05,
      accTime = c(0, 3, 6, 15), accIntensity = c(10, 20, 30), accrualMode = "absolute")
  add("power", method, 0.025, 1, 120, 0.6, 1, "piecewise", NA, 13, 12, 0.05, pwTime = c(0, 2, 6, 12),
      lambda2 = c(0.2, 0.12, 0.1, 0.05), accTime = c(0, 2, 8, 13), accIntensity = c(4, 10, 12), accrualMode = "relative")
  add("power", method, 0.05, 2, 200, 0.75, 1.5, "piecewise", NA, 20, 10, 0.05, pwTime = pw[[1]], lambda2 = pw[[2]])
}
add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.6, 1, "piecewise", NA, 12, 12, 0.05, pwTime = pw[[1]],
    lambda2 = pw[[2]], accTime = c(0, 4, 12), accIntensity = c(6, 14), accrualMode = "relative", type = "asOF",
    rates = c(0.5, 1), futility = 0)
add("sampleSize", "Schoenfeld", 0.025, 1, 0.8, 0.6, 1, "piecewise", NA, 12, NA, 0.05, pwTime = pw[[1]],
    lambda2 = pw[[2]], accTime = c(0, 4, 12), accIntensity = c(8, 16), accrualMode = "absolute", type = "asOF",
    rates = c(1, 2, 3) / 3)
out <- do.call(rbind, rows)
con <- file("survival.csv", "w")
writeLines(paste0("# rpact ", packageVersion("rpact"), ", ", R.version.string), con)
write.csv(out, con, row.names = FALSE, quote = FALSE)
close(con)
cat(nrow(out), "cases\n")
