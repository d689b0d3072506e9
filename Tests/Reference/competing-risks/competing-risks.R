# Reference values for TrialStats competing risks. Run from this folder: Rscript competing-risks.R
# Data sets (written here as CSV: time, status 0 censored / 1..k cause, group, and a binary covariate x):
#  - mgus2 (survival package): time to plasma-cell malignancy (cause 1) or death without it (cause 2),
#    in months, by sex; 1384 patients with many tied times.
#  - trial: synthetic two-arm trial of 120 patients, days rounded to whole weeks (ties between events and
#    censorings), cause 1 local progression, cause 2 death without progression.
#  - edge: small data where one group's incidence curves reach all-cause 1 (everyone fails) and a cause
#    never occurs in one group.
# Values: cif.csv (survfit on Surv(time, factor(status, 0:k)): pstate and std.err at each listed time),
# gray.csv (cmprsk::cuminc tests; p recomputed as the chi-square upper tail), crr.csv (cmprsk::crr with a
# tight convergence tolerance, cause 1, covariate x; and crr2.csv, the same with covariates x and z where
# z is age for mgus2 and a standard-normal covariate for the trial).
library(survival)
library(cmprsk)
set.seed(19880601)

m <- mgus2
mg <- data.frame(time = ifelse(m$pstat == 1, m$ptime, m$futime),
                 status = ifelse(m$pstat == 1, 1, 2 * m$death),
                 group = as.character(m$sex), x = as.numeric(m$sex == "M"), z = m$age)

n <- 120
arm <- rep(c("control", "seed"), each = n / 2)
rate1 <- ifelse(arm == "seed", 1 / 500, 1 / 300)
t1 <- rexp(n, rate1); t2 <- rexp(n, 1 / 900); cens <- runif(n, 200, 1000)
tt <- pmin(t1, t2, cens)
trial <- data.frame(time = 7 * ceiling(tt / 7), status = ifelse(tt == cens, 0, ifelse(tt == t1, 1, 2)),
                    group = arm, x = as.numeric(arm == "seed"), z = round(rnorm(n), 3))

edge <- data.frame(time = c(1, 2, 2, 3, 4, 5, 5, 6, 2, 3, 3, 4, 6, 7, 8, 8),
                   status = c(1, 2, 0, 1, 1, 0, 2, 1, 1, 1, 0, 1, 1, 1, 1, 1),
                   group = rep(c("a", "b"), each = 8), x = rep(c(0, 1), each = 8),
                   z = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3))

sets <- list(mgus2 = mg, trial = trial, edge = edge)
cif <- data.frame(); gray <- data.frame(); crrout <- data.frame(); crr2 <- data.frame()
for (name in names(sets)) {
  d <- sets[[name]]
  write.csv(d, paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
  k <- max(d$status)
  fit <- survfit(Surv(time, factor(status, 0:k)) ~ group, data = d)
  at <- sort(unique(c(quantile(d$time, c(0.1, 0.25, 0.5, 0.75, 0.9), type = 1), max(d$time), 0.5 * min(d$time))))
  for (g in sort(unique(d$group))) {
    sub <- survfit(Surv(time, factor(status, 0:k)) ~ 1, data = d[d$group == g, ])
    s <- summary(sub, times = at, extend = TRUE)
    for (cause in 1:k) {
      col <- match(as.character(cause), sub$states)
      cif <- rbind(cif, data.frame(dataset = name, group = g, cause = cause, time = s$time,
                                   estimate = s$pstate[, col], stdErr = s$std.err[, col]))
    }
  }
  ci <- cuminc(d$time, d$status, d$group)
  tests <- ci$Tests
  for (cause in rownames(tests)) {
    gray <- rbind(gray, data.frame(dataset = name, cause = as.integer(cause), chisq = tests[cause, "stat"],
                                   df = tests[cause, "df"],
                                   p = pchisq(tests[cause, "stat"], tests[cause, "df"], lower.tail = FALSE)))
  }
  cr <- crr(d$time, d$status, cov1 = cbind(x = d$x), failcode = 1, cencode = 0, gtol = 1e-12, maxiter = 100)
  se <- sqrt(diag(cr$var))
  z <- cr$coef / se
  crrout <- rbind(crrout, data.frame(dataset = name, coef = cr$coef, se = se, hr = exp(cr$coef),
                                     lower = exp(cr$coef - qnorm(0.975) * se), upper = exp(cr$coef + qnorm(0.975) * se),
                                     z = z, p = 2 * pnorm(-abs(z)), converged = cr$converged))
  cr <- crr(d$time, d$status, cov1 = cbind(x = d$x, z = d$z), failcode = 1, cencode = 0, gtol = 1e-12, maxiter = 100)
  se <- sqrt(diag(cr$var))
  crr2 <- rbind(crr2, data.frame(dataset = name, term = names(cr$coef), coef = cr$coef, se = se,
                                 p = 2 * pnorm(-abs(cr$coef / se)), converged = cr$converged))
}
fmt <- function(df) {
  for (c in names(df)) if (is.numeric(df[[c]])) df[[c]] <- sprintf("%.17g", df[[c]])
  df
}
write.csv(fmt(cif), "cif.csv", row.names = FALSE, quote = FALSE)
write.csv(fmt(gray), "gray.csv", row.names = FALSE, quote = FALSE)
write.csv(fmt(crrout), "crr.csv", row.names = FALSE, quote = FALSE)
write.csv(fmt(crr2), "crr2.csv", row.names = FALSE, quote = FALSE)
