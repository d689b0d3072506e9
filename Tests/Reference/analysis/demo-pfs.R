# PFS (the primary endpoint) recomputed with R's survival package from the ADTTE that
# `trialdesk analyze` exported for the demo study (seed 1, cut-off 2026-11-25, 120 participants).
# Regenerate:
#   trialdesk demo --db demo.sqlite --password 'Demo-2026-trial' --seed 1 --today 2026-11-25
#   trialdesk analyze --db demo.sqlite --out out --cutoff 2026-11-25
#   cp out/adam/adtte.csv demo-seed1-adtte.csv
#   Rscript demo-pfs.R > demo-pfs-values.csv
suppressMessages(library(survival))
adtte <- read.csv("demo-seed1-adtte.csv", stringsAsFactors = FALSE)
pfs <- subset(adtte, PARAMCD == "PFS" & ITTFL == "Y")
# ADaM: CNSR 0 is the event; positive codes are the censoring reasons.
pfs$event <- as.integer(pfs$CNSR == 0)
pfs$arm <- factor(pfs$TRT01P, levels = c("SYS", "I125"))
out <- function(name, value) cat(sprintf("%s,%.15g\n", name, value))
cat("name,value\n")

fit <- survfit(Surv(AVAL, event) ~ arm, data = pfs, conf.type = "log")
table <- summary(fit, rmean = 365)$table
for (arm in c("SYS", "I125")) {
  row <- table[paste0("arm=", arm), ]
  out(paste0(arm, ".n"), row[["records"]])
  out(paste0(arm, ".events"), row[["events"]])
  out(paste0(arm, ".median"), row[["median"]])
  out(paste0(arm, ".median.lower"), row[["0.95LCL"]])
  out(paste0(arm, ".median.upper"), row[["0.95UCL"]])
  out(paste0(arm, ".rmst365"), row[["rmean"]])
  out(paste0(arm, ".rmst365.se"), row[["se(rmean)"]])
  one <- survfit(Surv(AVAL, event) ~ 1, data = pfs[pfs$arm == arm, ], conf.type = "log")
  at <- summary(one, times = 183)
  out(paste0(arm, ".surv183"), at$surv)
  out(paste0(arm, ".surv183.lower"), at$lower)
  out(paste0(arm, ".surv183.upper"), at$upper)
  # The registered 12-month time frame: estimable once version 1.1's day-365 scan takes follow-up past it.
  at <- summary(one, times = 365)
  out(paste0(arm, ".surv365"), at$surv)
  out(paste0(arm, ".surv365.lower"), at$lower)
  out(paste0(arm, ".surv365.upper"), at$upper)
}

lr <- survdiff(Surv(AVAL, event) ~ arm + strata(STRATUM), data = pfs)
out("logrank.stratified.chisq", lr$chisq)
out("logrank.stratified.p", pchisq(lr$chisq, df = 1, lower.tail = FALSE))

cox <- coxph(Surv(AVAL, event) ~ arm + strata(STRATUM), data = pfs, ties = "efron")
s <- summary(cox)
out("cox.stratified.hr", s$conf.int[1, "exp(coef)"])
out("cox.stratified.lower", s$conf.int[1, "lower .95"])
out("cox.stratified.upper", s$conf.int[1, "upper .95"])
out("cox.stratified.wald.p", s$coefficients[1, "Pr(>|z|)"])
zph <- cox.zph(cox)
out("cox.zph.chisq", zph$table[1, "chisq"])
out("cox.zph.p", zph$table[1, "p"])
