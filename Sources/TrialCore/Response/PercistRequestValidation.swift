import Foundation

extension PercistEvaluationRequest {
    /// Checks the record against PERCIST 1.0 and its own consistency, and returns it validated; throws
    /// `ValidationFailure` listing every problem with its JSON path (`followUps[0].lesions[1].sulPeak`).
    public func validated(settings: PercistSettings = PercistSettings()) throws -> PercistAssessmentRecord {
        var errors: [FieldError] = []
        let baselineScan = validatedScan(baseline, path: "baseline", isBaseline: true, expectedKind: nil, errors: &errors)
        let referenceKind = baselineScan?.reference.kind ?? referenceKindGiven(in: baseline)

        if let baselineScan {
            if baselineScan.lesions.isEmpty {
                errors.append(FieldError(
                    field: "baseline.lesions",
                    RuleMessage("percist.noBaselineLesion", "record at least the hottest lesion's SULpeak: PERCIST needs a measurable target lesion at baseline")))
            } else if let hottest = baselineScan.hottestLesion {
                let threshold = settings.measurabilityThreshold(baselineScan.reference)
                if hottest.sulPeak < threshold {
                    errors.append(FieldError(
                        field: "baseline.lesions",
                        belowThresholdRule(hottest, threshold: threshold, kind: baselineScan.reference.kind, settings: settings)))
                }
            }
        }

        ResponseInputChecks.checkDateOrder(
            followUps.map(\.date), baseline: baseline.date, baselineField: "baseline.date",
            field: { "followUps[\($0)].date" }, errors: &errors)

        var scans: [PercistScanReadings] = []
        for (index, followUp) in followUps.enumerated() {
            let path = "followUps[\(index)]"
            if followUp.lesions.isEmpty && followUp.completeResolution != true {
                errors.append(FieldError(
                    field: "\(path).lesions",
                    RuleMessage("percist.followUpLesionsRequired", "record the SULpeak of the hottest lesion, or completeResolution true when all uptake has resolved")))
            }
            guard let scan = validatedScan(followUp, path: path, isBaseline: false, expectedKind: referenceKind, errors: &errors) else { continue }
            if scan.completeResolution, let hottest = scan.hottestLesion, hottest.sulPeak >= scan.reference.mean {
                let values = ["mean": "\(scan.reference.mean)", "lesion": hottest.id, "sulPeak": "\(hottest.sulPeak)"]
                // PERCIST 1.0: CMR needs all uptake below the mean of the reference region the scan used.
                errors.append(FieldError(
                    field: "\(path).completeResolution",
                    scan.reference.kind == .liver
                        ? RuleMessage("percist.completeResolutionAboveLiverMean", "complete metabolic response needs every lesion below the liver mean ({mean}); '{lesion}' has SULpeak {sulPeak}", values)
                        : RuleMessage("percist.completeResolutionAboveBloodPoolMean", "complete metabolic response needs every lesion below the blood-pool mean ({mean}); '{lesion}' has SULpeak {sulPeak}", values)))
            }
            scans.append(scan)
        }

        try ValidationFailure.throwIfAny(errors)
        guard let baselineScan else { throw ValidationFailure(errors) }
        return PercistAssessmentRecord(baseline: baselineScan, followUps: scans, settings: settings)
    }

    private func referenceKindGiven(in scan: Scan) -> PercistReferenceRegion.Kind? {
        if scan.liverMean != nil || scan.liverSD != nil { return .liver }
        if scan.bloodPoolMean != nil || scan.bloodPoolSD != nil { return .bloodPool }
        return nil
    }

    private func validatedScan(
        _ scan: Scan, path: String, isBaseline: Bool, expectedKind: PercistReferenceRegion.Kind?, errors: inout [FieldError]
    ) -> PercistScanReadings? {
        let errorCount = errors.count
        let reference = validatedReference(scan, path: path, expectedKind: expectedKind, errors: &errors)

        var seen: [String: String] = [:]
        var lesions: [LesionUptake] = []
        for (index, lesion) in scan.lesions.enumerated() {
            let field = "\(path).lesions[\(index)]"
            let id = ResponseInputChecks.lesionIdentifier(lesion.id, field: "\(field).id", seen: &seen, errors: &errors)
            let sul = ResponseInputChecks.sul(lesion.sulPeak, field: "\(field).sulPeak", errors: &errors)
            if let id, let sul { lesions.append(LesionUptake(id: id, sulPeak: sul)) }
        }

        if isBaseline {
            let followUpOnly: [(String, Bool?)] = [
                ("completeResolution", scan.completeResolution), ("newLesions", scan.newLesions),
                ("nonTargetProgression", scan.nonTargetProgression),
            ]
            for (name, value) in followUpOnly where value != nil {
                errors.append(FieldError(field: "\(path).\(name)", RuleMessage("percist.followUpOnlyField", "applies to follow-up scans only; leave it out of the baseline")))
            }
        } else if scan.newLesions == nil {
            errors.append(FieldError(
                field: "\(path).newLesions",
                RuleMessage("percist.newLesionsRequired", "is required: true when a new FDG-avid lesion typical of cancer is seen, otherwise false")))
        }

        guard errors.count == errorCount, let reference else { return nil }
        return PercistScanReadings(
            date: scan.date, reference: reference, lesions: lesions,
            completeResolution: scan.completeResolution ?? false, newLesions: scan.newLesions ?? false,
            nonTargetProgression: scan.nonTargetProgression ?? false)
    }

    private func validatedReference(
        _ scan: Scan, path: String, expectedKind: PercistReferenceRegion.Kind?, errors: inout [FieldError]
    ) -> PercistReferenceRegion? {
        let liverGiven = scan.liverMean != nil || scan.liverSD != nil
        let bloodPoolGiven = scan.bloodPoolMean != nil || scan.bloodPoolSD != nil
        if liverGiven && bloodPoolGiven {
            errors.append(FieldError(
                field: "\(path).bloodPoolMean",
                RuleMessage("percist.referenceRegionsBoth", "give the liver reference (liverMean, liverSD) or, when the liver is abnormal, the blood-pool reference (bloodPoolMean, bloodPoolSD), not both")))
            return nil
        }
        // With neither region given, the one the baseline used (the liver by default) is the one missing.
        let kind: PercistReferenceRegion.Kind = bloodPoolGiven ? .bloodPool : (liverGiven ? .liver : expectedKind ?? .liver)
        if let expectedKind, kind != expectedKind {
            // PERCIST 1.0: every scan is normalised to the same reference region as the baseline.
            errors.append(FieldError(
                field: "\(path).\(kind == .liver ? "liverMean" : "bloodPoolMean")",
                expectedKind == .liver
                    ? RuleMessage("percist.liverReferenceExpected", "the baseline used the liver reference; give liverMean and liverSD at every scan")
                    : RuleMessage("percist.bloodPoolReferenceExpected", "the baseline used the blood-pool reference; give bloodPoolMean and bloodPoolSD at every scan")))
            return nil
        }
        let (meanName, sdName) = kind == .liver ? ("liverMean", "liverSD") : ("bloodPoolMean", "bloodPoolSD")
        let (meanValue, sdValue) = kind == .liver ? (scan.liverMean, scan.liverSD) : (scan.bloodPoolMean, scan.bloodPoolSD)
        var mean: Decimal?
        var sd: Decimal?
        if let meanValue {
            mean = ResponseInputChecks.sul(meanValue, field: "\(path).\(meanName)", errors: &errors)
            if mean == 0 {
                errors.append(FieldError(field: "\(path).\(meanName)", RuleMessage("percist.referenceMeanZero", "must be more than 0: normal tissue always takes up some FDG")))
                mean = nil
            }
        } else {
            // At baseline with no region given, the blood pool is the alternative to an abnormal liver.
            let offersBloodPool = kind == .liver && !liverGiven && expectedKind == nil
            errors.append(FieldError(
                field: "\(path).\(meanName)",
                offersBloodPool
                    ? RuleMessage("percist.referenceMeanRequiredOrBloodPool", "is required (or bloodPoolMean and bloodPoolSD when the liver is abnormal): the reference region's mean SUL")
                    : RuleMessage("percist.referenceMeanRequired", "is required: the reference region's mean SUL")))
        }
        if let sdValue {
            sd = ResponseInputChecks.sul(sdValue, field: "\(path).\(sdName)", errors: &errors)
        } else {
            errors.append(FieldError(field: "\(path).\(sdName)", RuleMessage("percist.referenceSDRequired", "is required: the standard deviation of SUL in the reference region")))
        }
        guard let mean, let sd else { return nil }
        return PercistReferenceRegion(kind: kind, mean: mean, standardDeviation: sd)
    }

    /// PERCIST 1.0: the baseline target must reach the measurability threshold of its reference region,
    /// whose formula the message spells out so the reader can check it.
    private func belowThresholdRule(
        _ hottest: LesionUptake, threshold: Decimal, kind: PercistReferenceRegion.Kind, settings: PercistSettings
    ) -> RuleMessage {
        var values = ["lesion": hottest.id, "sulPeak": "\(hottest.sulPeak)", "threshold": "\(threshold)"]
        if kind == .liver {
            values["meanFactor"] = "\(settings.liverMeanFactor)"
            values["sdFactor"] = "\(settings.liverSDFactor)"
            return RuleMessage("percist.baselineBelowLiverThreshold", "the hottest lesion ('{lesion}', SULpeak {sulPeak}) is below the measurability threshold {threshold} ({meanFactor} x liver mean + {sdFactor} x liver SD): PERCIST needs a measurable target lesion at baseline", values)
        }
        values["meanFactor"] = "\(settings.bloodPoolMeanFactor)"
        values["sdFactor"] = "\(settings.bloodPoolSDFactor)"
        return RuleMessage("percist.baselineBelowBloodPoolThreshold", "the hottest lesion ('{lesion}', SULpeak {sulPeak}) is below the measurability threshold {threshold} ({meanFactor} x blood-pool mean + {sdFactor} x blood-pool SD): PERCIST needs a measurable target lesion at baseline", values)
    }
}
