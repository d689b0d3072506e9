# Reference values for TrialStats distributions: R's p*/q* functions over a grid that includes
# both far tails. Run from this folder: Rscript distributions.R  (writes distributions.csv).
# Columns: distribution, kind (cdf | survival | quantile), param1, param2, argument, value (%.17g), and for
# quantiles rError: the relative error in x implied by R's own round trip, |P(q) - p| / (density(q) |q|)
# (tail probability on the side of p), so a test can tell R's accurate quantiles from its rough ones.
rows <- list()
add <- function(dist, p1, p2, x, cdf, surv) {
  rows[[length(rows) + 1]] <<- data.frame(distribution = dist, kind = "cdf", param1 = p1, param2 = p2,
                                          argument = x, value = cdf, rError = NA)
  rows[[length(rows) + 1]] <<- data.frame(distribution = dist, kind = "survival", param1 = p1, param2 = p2,
                                          argument = x, value = surv, rError = NA)
}
addq <- function(dist, p1, p2, p, q) {
  pfun <- switch(dist, normal = function(x, lower) pnorm(x, lower.tail = lower),
                 chisq = function(x, lower) pchisq(x, p1, lower.tail = lower),
                 t = function(x, lower) pt(x, p1, lower.tail = lower),
                 f = function(x, lower) pf(x, p1, p2, lower.tail = lower),
                 beta = function(x, lower) pbeta(x, p1, p2, lower.tail = lower),
                 gamma = function(x, lower) pgamma(x, p1, scale = p2, lower.tail = lower))
  dfun <- switch(dist, normal = function(x) dnorm(x), chisq = function(x) dchisq(x, p1),
                 t = function(x) dt(x, p1), f = function(x) df(x, p1, p2), beta = function(x) dbeta(x, p1, p2),
                 gamma = function(x) dgamma(x, p1, scale = p2))
  lower <- p <= 0.5
  target <- ifelse(lower, p, 1 - p)
  achieved <- ifelse(lower, pfun(q, TRUE), pfun(q, FALSE))
  implied <- abs(achieved - target) / (dfun(q) * abs(q))
  implied[q == 0] <- NA
  rows[[length(rows) + 1]] <<- data.frame(distribution = dist, kind = "quantile", param1 = p1, param2 = p2,
                                          argument = p, value = q, rError = implied)
}
probs <- c(1e-300, 1e-100, 1e-20, 1e-15, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999,
           1 - 1e-5, 1 - 1e-10, 1 - 1e-15)
moderate <- probs[probs >= 1e-15]

x <- c(-38, -30, -20, -10, -8, -5, -3, -1.96, -1, -0.5, -1e-3, 0, 0.3, 1, 2.5, 5, 8.3, 10, 20, 37)
add("normal", NA, NA, x, pnorm(x), pnorm(x, lower.tail = FALSE))
addq("normal", NA, NA, probs, qnorm(probs))

for (df in c(0.5, 1, 2, 3, 3.7, 5, 10, 30, 100, 1000, 1e4)) {
  x <- df * c(1e-6, 0.01, 0.1, 0.5, 0.9, 1, 1.1, 1.5, 2, 4, 10)
  x <- c(x, 1e-3, 50)
  add("chisq", df, NA, x, pchisq(x, df), pchisq(x, df, lower.tail = FALSE))
  addq("chisq", df, NA, moderate, qchisq(moderate, df))
}

for (df in c(0.5, 1, 2, 2.5, 3, 5, 10, 17.3, 30, 100, 1000, 1e5)) {
  x <- c(-1e5, -100, -30, -10, -5, -2.5, -1, -0.1, 0, 0.5, 2, 4, 12, 50)
  add("t", df, NA, x, pt(x, df), pt(x, df, lower.tail = FALSE))
  addq("t", df, NA, moderate, qt(moderate, df))
}

fpairs <- list(c(1, 1), c(1, 10), c(2, 5), c(5, 2), c(3, 30), c(10, 10), c(50, 200), c(200, 50), c(0.5, 3),
               c(7.2, 13.9), c(1000, 1000))
for (d in fpairs) {
  x <- c(1e-6, 0.01, 0.1, 0.5, 1, 2, 5, 20, 100, 1e4)
  add("f", d[1], d[2], x, pf(x, d[1], d[2]), pf(x, d[1], d[2], lower.tail = FALSE))
  addq("f", d[1], d[2], moderate, qf(moderate, d[1], d[2]))
}

bpairs <- list(c(0.5, 0.5), c(0.5, 5), c(1, 1), c(2, 3), c(5, 0.3), c(10, 10), c(30, 70), c(200, 500),
               c(0.1, 100), c(1e4, 1e4), c(1, 1e4), c(0.05, 0.05), c(3.3, 1e3))
for (s in bpairs) {
  x <- c(1e-10, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999, 1 - 1e-10)
  add("beta", s[1], s[2], x, pbeta(x, s[1], s[2]), pbeta(x, s[1], s[2], lower.tail = FALSE))
  addq("beta", s[1], s[2], moderate, qbeta(moderate, s[1], s[2]))
}

gpairs <- list(c(0.01, 1), c(0.1, 1), c(0.5, 2), c(1, 1), c(2.5, 0.5), c(10, 3), c(100, 1), c(1e4, 0.01), c(1e5, 1))
for (s in gpairs) {
  x <- s[1] * s[2] * c(1e-8, 0.01, 0.1, 0.5, 0.9, 1, 1.1, 2, 5, 20)
  add("gamma", s[1], s[2], x, pgamma(x, s[1], scale = s[2]), pgamma(x, s[1], scale = s[2], lower.tail = FALSE))
  addq("gamma", s[1], s[2], moderate, qgamma(moderate, s[1], scale = s[2]))
}

out <- do.call(rbind, rows)
# Drop values that underflow in double precision: they carry no digits to compare.
out <- out[out$value != 0 | out$kind == "quantile", ]
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
lines <- paste(out$distribution, out$kind, fmt(out$param1), fmt(out$param2), fmt(out$argument), fmt(out$value),
               fmt(out$rError), sep = ",")
writeLines(c("distribution,kind,param1,param2,argument,value,rError", lines), "distributions.csv")
