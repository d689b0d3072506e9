# Reference values for the time-to-event numbers of the analysis report, computed with R's survival
# package on the ITT rows of ADTTE exported from the synthetic trial of the TrialReports tests
# (adtte-itt.csv: SUBJID, PARAMCD, AVAL days, CNSR 0 = event, CRSTAT competing-risk status of TTNT,
# TRT01P, STRATUM); the TTNT cumulative incidence and Gray's test with cmprsk.
# Run from this folder:  Rscript make-reference.R   (writes reference.json, numbers with %.17g)
suppressPackageStartupMessages({ library(survival); library(cmprsk) })

num <- function(v) if (is.null(v) || length(v) == 0 || is.na(v) || is.infinite(v)) "null" else sprintf("%.17g", v)
obj <- function(...) {
  x <- list(...)
  paste0("{", paste(sprintf("\"%s\":%s", names(x), unlist(x)), collapse = ","), "}")
}

adtte <- read.csv("adtte-itt.csv", stringsAsFactors = FALSE)
parts <- c()
for (param in c("PFS", "OS", "TTNT")) {
  d <- adtte[adtte$PARAMCD == param, ]
  d$event <- as.integer(d$CNSR == 0)
  d$experimental <- as.integer(d$TRT01P == "I125")
  arms <- c()
  for (arm in c("I125", "SYS")) {
    a <- d[d$TRT01P == arm, ]
    fit <- survfit(Surv(AVAL, event) ~ 1, data = a, conf.type = "log")
    q <- quantile(fit, probs = 0.5)
    s <- summary(fit, times = c(183, 365), extend = FALSE)
    at <- function(t, field) { i <- which(s$time == t); if (length(i) == 0) NA else s[[field]][i] }
    rm <- summary(fit, rmean = 365)$table
    arms <- c(arms, obj(
      arm = sprintf("\"%s\"", arm), n = num(nrow(a)), events = num(sum(a$event)),
      median = num(q$quantile), medianLower = num(q$lower), medianUpper = num(q$upper),
      survival183 = num(at(183, "surv")), lower183 = num(at(183, "lower")), upper183 = num(at(183, "upper")),
      survival365 = num(at(365, "surv")), lower365 = num(at(365, "lower")), upper365 = num(at(365, "upper")),
      rmean365 = num(rm[["rmean"]]), rmeanSE365 = num(rm[["se(rmean)"]])))
  }
  lr <- survdiff(Surv(AVAL, event) ~ TRT01P + strata(STRATUM), data = d)
  lrp <- pchisq(lr$chisq, df = 1, lower.tail = FALSE)
  cox <- coxph(Surv(AVAL, event) ~ experimental + strata(STRATUM), data = d, ties = "efron")
  ci <- summary(cox)$conf.int
  zph <- cox.zph(cox, transform = "km")
  parts <- c(parts, sprintf("\"%s\":%s", param, obj(
    arms = paste0("[", paste(arms, collapse = ","), "]"),
    logRankChisq = num(lr$chisq), logRankP = num(lrp),
    hazardRatio = num(ci[1, "exp(coef)"]), hazardRatioLower = num(ci[1, "lower .95"]), hazardRatioUpper = num(ci[1, "upper .95"]),
    hazardRatioP = num(summary(cox)$coefficients[1, "Pr(>|z|)"]),
    phChisq = num(zph$table["GLOBAL", "chisq"]), phP = num(zph$table["GLOBAL", "p"]))))
}
# TTNT with death before a new line competing (CRSTAT 1 new line, 2 death, 0 censored), by arm.
d <- adtte[adtte$PARAMCD == "TTNT", ]
ci <- cuminc(d$AVAL, d$CRSTAT, group = d$TRT01P, cencode = 0)
est <- timepoints(ci, c(183, 365))$est
gray <- ci$Tests["1", ]
parts <- c(parts, sprintf("\"TTNTCR\":%s", obj(
  I125at183 = num(est["I125 1", "183"]), I125at365 = num(est["I125 1", "365"]),
  SYSat183 = num(est["SYS 1", "183"]), SYSat365 = num(est["SYS 1", "365"]),
  grayChisq = num(gray[["stat"]]), grayP = num(gray[["pv"]]))))
writeLines(paste0("{", paste(parts, collapse = ","), "}"), "reference.json")
