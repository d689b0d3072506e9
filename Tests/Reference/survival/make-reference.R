# Reference values for TrialStats' survival methods, computed with R's survival package.
# Run from this folder:  Rscript make-reference.R
# Writes the data sets it uses (CSV, event coded 1 event / 0 censored, NA for missing) and
# reference.json (numbers printed with %.17g so that the Swift tests can compare to 1e-9).
suppressPackageStartupMessages(library(survival))
Sys.setlocale("LC_COLLATE", "C")  # factor levels in byte order, as the Swift side sorts text

# ---- a tiny JSON writer: named list -> object, unnamed list -> array, I(vector) -> array ----
toj <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      return(paste0("{", paste(sprintf("\"%s\":%s", names(x), vapply(x, toj, "")), collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, toj, ""), collapse = ","), "]"))
  }
  one <- function(v) {
    if (is.na(v)) return("null")
    if (is.logical(v)) return(if (v) "true" else "false")
    if (is.character(v)) return(sprintf("\"%s\"", v))
    if (is.infinite(v)) return("null")
    sprintf("%.17g", v)
  }
  parts <- vapply(as.vector(x), one, "")
  if (inherits(x, "AsIs") || length(x) != 1) paste0("[", paste(parts, collapse = ","), "]") else parts
}
arr <- function(v) I(as.vector(v))

# ---- data sets ----
write_data <- function(df, file) write.csv(df, file, row.names = FALSE, na = "NA")

lung_df <- data.frame(time = lung$time, status = lung$status - 1, age = lung$age, sex = lung$sex,
                      ph.ecog = lung$ph.ecog, wt.loss = lung$wt.loss)
write_data(lung_df, "lung.csv")
veteran_df <- data.frame(time = veteran$time, status = veteran$status, trt = veteran$trt,
                         celltype = as.character(veteran$celltype), karno = veteran$karno, age = veteran$age)
write_data(veteran_df, "veteran.csv")
ovarian_df <- data.frame(futime = ovarian$futime, fustat = ovarian$fustat, age = ovarian$age,
                         rx = ovarian$rx, resid.ds = ovarian$resid.ds, ecog.ps = ovarian$ecog.ps)
write_data(ovarian_df, "ovarian.csv")
aml_df <- data.frame(time = aml$time, status = aml$status, x = as.character(aml$x))
write_data(aml_df, "aml.csv")

# Trial-shaped synthetic data: 1:1 arms, integer days (ties between events and censorings at the
# same day), two sites as strata, a continuous and a binary covariate.
set.seed(20261125)
n <- 120
arm <- rep(0:1, each = n / 2)
x1 <- round(rnorm(n), 3)
x2 <- rbinom(n, 1, 0.4)
site <- sample(c("north", "south"), n, replace = TRUE)
event_time <- ceiling(rexp(n, rate = 1 / 180 * exp(-0.5 * arm + 0.3 * x1)))
censor_time <- ceiling(runif(n, 60, 540))
time <- pmin(event_time, censor_time)
status <- as.integer(event_time <= censor_time)
# force an event and a censoring on the same day in each arm
time[1:2] <- 100; status[1:2] <- c(1, 0)
time[61:62] <- 150; status[61:62] <- c(1, 0)
trial_df <- data.frame(time, status, arm, x1, x2, site)
write_data(trial_df, "trial.csv")

# Edge cases: group A falls to 0 (the longest time is an event), group B has no events,
# group C never reaches 0.5.
edge_df <- data.frame(
  time   = c(2, 3, 3, 5, 7, 8,   4, 6, 6, 9, 12,   1, 2, 3, 3, 4, 5, 6, 8, 9, 10),
  status = c(1, 1, 0, 1, 1, 1,   0, 0, 0, 0, 0,    1, 0, 1, 0, 0, 0, 0, 0, 0, 0),
  group  = c(rep("A", 6), rep("B", 5), rep("C", 10)))
write_data(edge_df, "edge.csv")

# Separation: every event in arm 1, none in arm 0 -> the arm coefficient runs to infinity.
separation_df <- data.frame(time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                            status = c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0),
                            arm = c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0),
                            age = c(50, 61, 47, 55, 70, 52, 66, 58, 49, 63))
write_data(separation_df, "separation.csv")

# ---- Kaplan-Meier ----
km_case <- function(name, file, df, time, event, group, conf_type, conf_level, at, tau) {
  groups <- if (is.null(group)) list(NULL) else as.list(sort(unique(as.character(df[[group]]))))
  out <- lapply(groups, function(g) {
    d <- if (is.null(g)) df else df[as.character(df[[group]]) == g, ]
    d <- d[!is.na(d[[time]]) & !is.na(d[[event]]), ]
    fit <- survfit(Surv(d[[time]], d[[event]]) ~ 1, conf.type = conf_type, conf.int = conf_level)
    q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
    s <- summary(fit, times = at, extend = FALSE)
    rm <- summary(fit, rmean = tau)$table
    list(group = if (is.null(g)) NA else g,
         table = list(time = arr(fit$time), nRisk = arr(fit$n.risk), nEvent = arr(fit$n.event),
                      nCensor = arr(fit$n.censor), survival = arr(fit$surv),
                      stdErr = arr(fit$surv * fit$std.err), lower = arr(fit$lower), upper = arr(fit$upper)),
         quantiles = list(p = arr(c(0.25, 0.5, 0.75)), estimate = arr(q$quantile), lower = arr(q$lower), upper = arr(q$upper)),
         at = list(time = arr(s$time), survival = arr(s$surv), stdErr = arr(s$std.err),
                   lower = arr(s$lower), upper = arr(s$upper)),
         rmst = list(tau = tau, estimate = unname(rm["rmean"]), se = unname(rm["se(rmean)"])))
  })
  list(name = name, file = file, time = time, event = event, group = if (is.null(group)) NA else group,
       confType = conf_type, confLevel = conf_level, at = arr(at), tau = tau, groups = out)
}
km <- list(
  km_case("lung overall, log", "lung.csv", lung_df, "time", "status", NULL, "log", 0.95, c(0, 5, 180, 365, 730), 365),
  km_case("lung by sex, log-log 90%", "lung.csv", lung_df, "time", "status", "sex", "log-log", 0.90, c(100, 365.25), 500),
  km_case("veteran by celltype, plain", "veteran.csv", veteran_df, "time", "status", "celltype", "plain", 0.95, c(30, 90), 180),
  km_case("aml by arm, log", "aml.csv", aml_df, "time", "status", "x", "log", 0.95, c(12, 30), 40),
  km_case("ovarian, log-log", "ovarian.csv", ovarian_df, "futime", "fustat", NULL, "log-log", 0.95, c(365, 1000), 1000),
  km_case("trial by arm, log", "trial.csv", trial_df, "time", "status", "arm", "log", 0.95, c(100, 150, 365), 365),
  km_case("edge groups, log", "edge.csv", edge_df, "time", "status", "group", "log", 0.95, c(3, 6, 8), 8),
  km_case("edge groups, log-log", "edge.csv", edge_df, "time", "status", "group", "log-log", 0.95, c(3, 6), 6),
  km_case("edge groups, plain", "edge.csv", edge_df, "time", "status", "group", "plain", 0.95, c(3, 6), 6))

# ---- log-rank / G-rho ----
lr_case <- function(name, file, df, time, event, group, strata, rho) {
  d <- df[complete.cases(df[, c(time, event, group, strata)]), ]
  g <- factor(as.character(d[[group]]), levels = sort(unique(as.character(d[[group]]))))
  fit <- if (is.null(strata)) survdiff(Surv(d[[time]], d[[event]]) ~ g, rho = rho)
         else survdiff(Surv(d[[time]], d[[event]]) ~ g + strata(d[[strata]]), rho = rho)
  obs <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  expct <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  df_ <- length(fit$n) - 1
  list(name = name, file = file, time = time, event = event, group = group,
       strata = if (is.null(strata)) NA else strata, rho = rho,
       chisq = fit$chisq, df = sum(expct > 0) - 1, p = pchisq(fit$chisq, sum(expct > 0) - 1, lower.tail = FALSE),
       groups = arr(levels(g)), n = arr(as.vector(table(g))), observed = arr(obs), expected = arr(expct))
}
logrank <- list(
  lr_case("lung by sex", "lung.csv", lung_df, "time", "status", "sex", NULL, 0),
  lr_case("lung by sex, Peto-Peto", "lung.csv", lung_df, "time", "status", "sex", NULL, 1),
  lr_case("lung by sex stratified by ph.ecog", "lung.csv", lung_df, "time", "status", "sex", "ph.ecog", 0),
  lr_case("veteran by celltype", "veteran.csv", veteran_df, "time", "status", "celltype", NULL, 0),
  lr_case("veteran by celltype, rho 0.5", "veteran.csv", veteran_df, "time", "status", "celltype", NULL, 0.5),
  lr_case("ovarian rx stratified by resid.ds", "ovarian.csv", ovarian_df, "futime", "fustat", "rx", "resid.ds", 0),
  lr_case("trial by arm stratified by site", "trial.csv", trial_df, "time", "status", "arm", "site", 0),
  lr_case("edge groups", "edge.csv", edge_df, "time", "status", "group", NULL, 0))

# ---- Cox ----
cox_case <- function(name, file, df, time, event, covariates, factors, strata, ties) {
  d <- df[complete.cases(df[, c(time, event, covariates, strata)]), ]
  for (f in factors) d[[f]] <- factor(as.character(d[[f]]), levels = sort(unique(as.character(d[[f]]))))
  rhs <- paste(covariates, collapse = " + ")
  if (!is.null(strata)) rhs <- paste0(rhs, " + strata(", strata, ")")
  form <- as.formula(paste0("Surv(", time, ", ", event, ") ~ ", rhs))
  warned <- FALSE
  fit <- withCallingHandlers(coxph(form, data = d, ties = ties),
                             warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
  s <- summary(fit)
  z <- tryCatch(cox.zph(fit)$table, error = function(e) NULL)
  cc <- fit$concordance
  names_ <- gsub("^(.*)\\b", "\\1", names(fit$coefficients))
  for (f in factors) names_ <- sub(paste0("^", f), paste0(f, "="), names_)
  list(name = name, file = file, time = time, event = event, covariates = arr(covariates),
       factors = if (length(factors)) arr(factors) else list(), strata = if (is.null(strata)) NA else strata,
       ties = ties, converged = !warned, n = fit$n, events = fit$nevent,
       names = arr(names_), coef = arr(fit$coefficients), se = arr(sqrt(diag(fit$var))),
       lower = arr(s$conf.int[, 3]), upper = arr(s$conf.int[, 4]),
       z = arr(s$coefficients[, 4]), p = arr(s$coefficients[, 5]),
       logLik = arr(fit$loglik),
       lrTest = arr(s$logtest), waldTest = arr(c(fit$wald.test, length(fit$coefficients), pchisq(fit$wald.test, length(fit$coefficients), lower.tail = FALSE))), scoreTest = arr(s$sctest),
       concordance = arr(c(cc["concordance"], cc["std"])),
       zph = if (is.null(z)) NA else list(names = arr(rownames(z)), chisq = arr(z[, 1]), df = arr(z[, 2]), p = arr(z[, 3])))
}
cox <- list(
  cox_case("lung age+sex+ph.ecog efron", "lung.csv", lung_df, "time", "status", c("age", "sex", "ph.ecog"), c(), NULL, "efron"),
  cox_case("lung age+sex+ph.ecog breslow", "lung.csv", lung_df, "time", "status", c("age", "sex", "ph.ecog"), c(), NULL, "breslow"),
  cox_case("veteran trt+karno+celltype factor", "veteran.csv", veteran_df, "time", "status", c("trt", "karno", "celltype"), c("celltype"), NULL, "efron"),
  cox_case("ovarian age+rx strata resid.ds", "ovarian.csv", ovarian_df, "futime", "fustat", c("age", "rx"), c(), "resid.ds", "efron"),
  cox_case("trial arm+x1+x2 strata site efron", "trial.csv", trial_df, "time", "status", c("arm", "x1", "x2"), c(), "site", "efron"),
  cox_case("trial arm+x1 breslow", "trial.csv", trial_df, "time", "status", c("arm", "x1"), c(), NULL, "breslow"),
  cox_case("lung sex factor + wt.loss", "lung.csv", lung_df, "time", "status", c("sex", "wt.loss"), c("sex"), NULL, "efron"),
  cox_case("separation", "separation.csv", separation_df, "time", "status", c("arm", "age"), c(), NULL, "efron"))

# ---- RMST difference ----
rmst_case <- function(name, file, df, time, event, group, tau) {
  levels_ <- sort(unique(as.character(df[[group]])))
  arms <- lapply(levels_, function(g) {
    d <- df[as.character(df[[group]]) == g, ]
    t <- summary(survfit(Surv(d[[time]], d[[event]]) ~ 1), rmean = tau)$table
    c(unname(t["rmean"]), unname(t["se(rmean)"]))
  })
  diff <- arms[[2]][1] - arms[[1]][1]
  se <- sqrt(arms[[1]][2]^2 + arms[[2]][2]^2)
  list(name = name, file = file, time = time, event = event, group = group, tau = tau,
       groups = arr(levels_), estimates = arr(sapply(arms, `[`, 1)), ses = arr(sapply(arms, `[`, 2)),
       difference = diff, se = se, lower = diff - qnorm(0.975) * se, upper = diff + qnorm(0.975) * se,
       p = 2 * pnorm(-abs(diff / se)))
}
rmst <- list(
  rmst_case("veteran trt tau 200", "veteran.csv", veteran_df, "time", "status", "trt", 200),
  rmst_case("aml tau 40", "aml.csv", aml_df, "time", "status", "x", 40),
  rmst_case("trial arm tau 365", "trial.csv", trial_df, "time", "status", "arm", 365))

writeLines(toj(list(survivalVersion = as.character(packageVersion("survival")),
                    km = km, logrank = logrank, cox = cox, rmst = rmst)), "reference.json")
