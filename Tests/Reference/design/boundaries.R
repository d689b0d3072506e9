# Reference values for TrialStats' group-sequential boundaries, computed with rpact
# (getDesignGroupSequential, version printed in the output's first comment line).
# Run from this folder:  Rscript boundaries.R   (writes boundaries.csv)
# One row per design and stage: design (an id), type, alpha, sided, gamma (NA when unused),
# informationFractions (';'-separated), stage, criticalValue, cumulativeAlphaSpent, stageLevel (%.17g).
suppressPackageStartupMessages(library(rpact))
rows <- list()
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
add <- function(type, alpha, sided, rates, gamma = NA) {
  args <- list(kMax = length(rates), alpha = alpha, sided = sided, typeOfDesign = type,
               informationRates = rates)
  if (!is.na(gamma)) args$gammaA <- gamma
  d <- do.call(getDesignGroupSequential, args)
  id <- length(rows) + 1
  rows[[id]] <<- data.frame(design = id, type = type, alpha = fmt(alpha), sided = sided, gamma = fmt(gamma),
                            informationFractions = paste(fmt(rates), collapse = ";"), stage = seq_along(rates),
                            criticalValue = fmt(d$criticalValues), cumulativeAlphaSpent = fmt(d$alphaSpent),
                            stageLevel = fmt(d$stageLevels))
}
fractions <- list(
  c(0.5, 1), c(0.3, 1), c(0.75, 1),
  c(1, 2, 3) / 3, c(0.25, 0.6, 1),
  c(1, 2, 3, 4) / 4, c(0.2, 0.45, 0.7, 1),
  c(1, 2, 3, 4, 5) / 5, c(0.15, 0.3, 0.5, 0.8, 1)
)
for (alpha in c(0.025, 0.05)) {
  for (rates in fractions) {
    for (type in c("OF", "P", "asOF", "asP")) add(type, alpha, 1, rates)
    add("asKD", alpha, 1, rates, gamma = 1)
    add("asKD", alpha, 1, rates, gamma = 3)
    add("asHSD", alpha, 1, rates, gamma = -4)
    add("asHSD", alpha, 1, rates, gamma = 1)
  }
}
# Two-sided (symmetric) designs on part of the grid.
for (rates in fractions[c(1, 4, 7, 8)]) {
  for (type in c("OF", "P", "asOF", "asP")) add(type, 0.05, 2, rates)
  add("asKD", 0.05, 2, rates, gamma = 2)
  add("asHSD", 0.05, 2, rates, gamma = -2)
}
out <- do.call(rbind, rows)
con <- file("boundaries.csv", "w")
writeLines(paste0("# rpact ", packageVersion("rpact"), ", ", R.version.string), con)
write.csv(out, con, row.names = FALSE, quote = FALSE)
close(con)
cat(length(rows), "designs,", nrow(out), "rows\n")
