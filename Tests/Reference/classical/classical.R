# Reference values for TrialStats classical tests (R's stats package). Run from this folder:
#   Rscript classical.R
# Writes samples.csv (two-sample data), ancova.csv (change ~ arm + baseline data) and values.csv
# (test, case, quantity, value with %.17g).
set.seed(20240611)
out <- data.frame(test = character(), case = character(), quantity = character(), value = numeric())
put <- function(test, case, quantity, value) {
  out[nrow(out) + 1, ] <<- list(test, case, quantity, value)
}

# Fisher and chi-square on 2x2 tables, given as a,b,c,d = rows (a b / c d).
tables <- list(tea = c(3, 1, 1, 3), trial_ae = c(12, 48, 30, 30), sparse = c(0, 5, 7, 3),
               skewed = c(10, 2, 3, 15), large = c(50, 10, 20, 40), small = c(2, 7, 8, 2),
               balanced = c(20, 20, 20, 20), corner = c(1, 0, 0, 1))
for (name in names(tables)) {
  v <- tables[[name]]
  m <- matrix(v, 2, 2, byrow = TRUE)
  put("fisher", name, "a", v[1]); put("fisher", name, "b", v[2])
  put("fisher", name, "c", v[3]); put("fisher", name, "d", v[4])
  f <- fisher.test(m)
  put("fisher", name, "p", f$p.value)
  put("fisher", name, "rOddsRatio", f$estimate)
  put("fisher", name, "rLower", f$conf.int[1])
  put("fisher", name, "rUpper", f$conf.int[2])
  # fisher.test solves the odds ratio and its limits with uniroot's default tolerance (~1e-4); the same
  # equations solved tightly give the exact values it approximates.
  x <- m[1, 1]; mm <- sum(m[, 1]); n <- sum(m[, 2]); k <- sum(m[1, ])
  lo <- max(0, k - n); hi <- min(k, mm); support <- lo:hi
  logdc <- dhyper(support, mm, n, k, log = TRUE)
  dn <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mn <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dn(ncp)) }
  pn <- function(q, ncp, upper = FALSE) {
    if (ncp == 1) return(if (upper) phyper(x - 1, mm, n, k, lower.tail = FALSE) else phyper(x, mm, n, k))
    if (ncp == 0) return(as.numeric(if (upper) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper) q <= hi else q >= hi))
    sum(dn(ncp)[if (upper) support >= q else support <= q])
  }
  tight <- function(f, lower, upper) uniroot(f, c(lower, upper), tol = 1e-15, maxiter = 10000)$root
  logroot <- function(f) exp(tight(function(u) f(exp(u)), log(1e-300), 0))
  mle <- if (x == lo) 0 else if (x == hi) Inf else {
    mu <- mn(1)
    if (mu > x) logroot(function(t) mn(t) - x) else if (mu < x) 1 / logroot(function(t) mn(1 / t) - x) else 1
  }
  alpha <- 0.025
  upperLimit <- if (x == hi) Inf else {
    p <- pn(x, 1)
    if (p < alpha) logroot(function(t) pn(x, t) - alpha) else if (p > alpha) 1 / logroot(function(t) pn(x, 1 / t) - alpha) else 1
  }
  lowerLimit <- if (x == lo) 0 else {
    p <- pn(x, 1, upper = TRUE)
    if (p > alpha) logroot(function(t) pn(x, t, TRUE) - alpha) else if (p < alpha) 1 / logroot(function(t) pn(x, 1 / t, TRUE) - alpha) else 1
  }
  put("fisher", name, "oddsRatio", mle)
  put("fisher", name, "lower", lowerLimit)
  put("fisher", name, "upper", upperLimit)

  if (all(rowSums(m) > 0) && all(colSums(m) > 0)) {
    for (correct in c(TRUE, FALSE)) {
      case <- paste0(name, if (correct) "_yates" else "_plain")
      ch <- suppressWarnings(chisq.test(m, correct = correct))
      put("chisq", case, "table", paste(v, collapse = " "))
      put("chisq", case, "statistic", ch$statistic)
      put("chisq", case, "df", ch$parameter)
      put("chisq", case, "p", ch$p.value)
    }
  }
}
# r x c tables: hair by eye colour (HairEyeColor summed over sex) and a 3x2 safety table.
hair_eye <- apply(HairEyeColor, c(1, 2), sum)
rc <- list(hair_eye = hair_eye, grade_by_arm = matrix(c(20, 25, 15, 12, 8, 3), 3, 2, byrow = TRUE))
for (name in names(rc)) {
  m <- rc[[name]]
  ch <- suppressWarnings(chisq.test(m))
  put("chisq", name, "table", paste(apply(m, 1, paste, collapse = " "), collapse = ";"))
  put("chisq", name, "statistic", ch$statistic)
  put("chisq", name, "df", ch$parameter)
  put("chisq", name, "p", ch$p.value)
}

# Two-sample data: sleep (extra by group), mtcars (mpg by transmission), ToothGrowth (len by supp),
# and a synthetic trial-shaped QoL change score with many ties (multiples of 100/6 rounded).
samples <- list(
  sleep = list(x = sleep$extra[sleep$group == 1], y = sleep$extra[sleep$group == 2]),
  mtcars = list(x = mtcars$mpg[mtcars$am == 0], y = mtcars$mpg[mtcars$am == 1]),
  toothgrowth = list(x = ToothGrowth$len[ToothGrowth$supp == "OJ"], y = ToothGrowth$len[ToothGrowth$supp == "VC"]),
  qol_ties = list(x = round(sample(-3:4, 60, TRUE) * 100 / 6, 1), y = round(sample(-4:3, 60, TRUE) * 100 / 6, 1)))
srows <- do.call(rbind, lapply(names(samples), function(name) rbind(
  data.frame(case = name, sample = "x", value = samples[[name]]$x),
  data.frame(case = name, sample = "y", value = samples[[name]]$y))))
write.csv(data.frame(case = srows$case, sample = srows$sample, value = sprintf("%.17g", srows$value)),
          "samples.csv", row.names = FALSE, quote = FALSE)
for (name in names(samples)) {
  x <- samples[[name]]$x; y <- samples[[name]]$y
  for (equal in c(FALSE, TRUE)) {
    tt <- t.test(x, y, var.equal = equal)
    case <- paste0(name, if (equal) "_student" else "_welch")
    put("ttest", case, "statistic", tt$statistic)
    put("ttest", case, "df", tt$parameter)
    put("ttest", case, "p", tt$p.value)
    put("ttest", case, "lower", tt$conf.int[1])
    put("ttest", case, "upper", tt$conf.int[2])
    put("ttest", case, "standardError", tt$stderr)
  }
  w <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE))
  put("wilcoxon", name, "w", w$statistic)
  put("wilcoxon", name, "p", w$p.value)
}

# ANCOVA: change ~ arm + baseline on a synthetic QLQ-C30 global health data set (scores on the 0-100
# scale in steps of 100/12, two arms of 60), and ToothGrowth len ~ supp + dose as public data.
n <- 60
baseline <- round(sample(0:12, 2 * n, TRUE) * 100 / 12, 4)
arm <- rep(c("control", "seed"), each = n)
post <- pmin(100, pmax(0, baseline * 0.6 + 25 + ifelse(arm == "seed", 6, 0) + rnorm(2 * n, 0, 15)))
post <- round(round(post / (100 / 12)) * 100 / 12, 4)
qol <- data.frame(case = "qlq_global_health", arm = arm, baseline = baseline, change = post - baseline)
tooth <- data.frame(case = "toothgrowth", arm = as.character(ToothGrowth$supp), baseline = ToothGrowth$dose,
                    change = ToothGrowth$len)
ancova <- rbind(qol, tooth)
write.csv(data.frame(case = ancova$case, arm = ancova$arm, baseline = sprintf("%.17g", ancova$baseline),
                     change = sprintf("%.17g", ancova$change)), "ancova.csv", row.names = FALSE, quote = FALSE)
for (name in unique(ancova$case)) {
  d <- ancova[ancova$case == name, ]
  fit <- summary(lm(change ~ arm + baseline, data = d))
  co <- coef(fit)
  terms <- c("(Intercept)", paste0("arm=", sort(unique(d$arm))[2]), "baseline")
  for (i in seq_len(nrow(co))) {
    put("ancova", name, paste0(terms[i], "|estimate"), co[i, 1])
    put("ancova", name, paste0(terms[i], "|se"), co[i, 2])
    put("ancova", name, paste0(terms[i], "|t"), co[i, 3])
    put("ancova", name, paste0(terms[i], "|p"), co[i, 4])
  }
  put("ancova", name, "sigma", fit$sigma)
  put("ancova", name, "rSquared", fit$r.squared)
}

# Proportion intervals: Clopper-Pearson (binom.test) and Wilson (prop.test, correct = FALSE).
for (xn in list(c(0, 10), c(1, 10), c(5, 10), c(10, 10), c(17, 60), c(45, 120), c(3, 200), c(119, 120))) {
  case <- paste0(xn[1], "_of_", xn[2])
  cp <- binom.test(xn[1], xn[2])$conf.int
  wi <- suppressWarnings(prop.test(xn[1], xn[2], correct = FALSE))$conf.int
  put("proportion", case, "x", xn[1]); put("proportion", case, "n", xn[2])
  put("proportion", case, "clopperLower", cp[1]); put("proportion", case, "clopperUpper", cp[2])
  put("proportion", case, "wilsonLower", wi[1]); put("proportion", case, "wilsonUpper", wi[2])
}

fmt <- function(v) ifelse(is.na(suppressWarnings(as.numeric(v))), v, sprintf("%.17g", as.numeric(v)))
writeLines(c("test,case,quantity,value", paste(out$test, out$case, out$quantity, fmt(out$value), sep = ",")),
           "values.csv")
