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
                    message: "record at least the hottest lesion's SULpeak: PERCIST needs a measurable target lesion at baseline"))
            } else if let hottest = baselineScan.hottestLesion {
                let threshold = settings.measurabilityThreshold(baselineScan.reference)
                if hottest.sulPeak < threshold {
                    errors.append(FieldError(
                        field: "baseline.lesions",
                        message: "the hottest lesion ('\(hottest.id)', SULpeak \(hottest.sulPeak)) is below the measurability threshold \(threshold) (\(thresholdFormula(baselineScan.reference.kind, settings))): PERCIST needs a measurable target lesion at baseline"))
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
                    message: "record the SULpeak of the hottest lesion, or completeResolution true when all uptake has resolved"))
            }
            guard let scan = validatedScan(followUp, path: path, isBaseline: false, expectedKind: referenceKind, errors: &errors) else { continue }
            if scan.completeResolution, let hottest = scan.hottestLesion, hottest.sulPeak >= scan.reference.mean {
                errors.append(FieldError(
                    field: "\(path).completeResolution",
                    message: "complete metabolic response needs every lesion below the \(regionName(scan.reference.kind)) mean (\(scan.reference.mean)); '\(hottest.id)' has SULpeak \(hottest.sulPeak)"))
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
                errors.append(FieldError(field: "\(path).\(name)", message: "applies to follow-up scans only; leave it out of the baseline"))
            }
        } else if scan.newLesions == nil {
            errors.append(FieldError(
                field: "\(path).newLesions",
                message: "is required: true when a new FDG-avid lesion typical of cancer is seen, otherwise false"))
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
                message: "give the liver reference (liverMean, liverSD) or, when the liver is abnormal, the blood-pool reference (bloodPoolMean, bloodPoolSD), not both"))
            return nil
        }
        // With neither region given, the one the baseline used (the liver by default) is the one missing.
        let kind: PercistReferenceRegion.Kind = bloodPoolGiven ? .bloodPool : (liverGiven ? .liver : expectedKind ?? .liver)
        if let expectedKind, kind != expectedKind {
            let names = expectedKind == .liver ? "liverMean and liverSD" : "bloodPoolMean and bloodPoolSD"
            errors.append(FieldError(
                field: "\(path).\(kind == .liver ? "liverMean" : "bloodPoolMean")",
                message: "the baseline used the \(regionName(expectedKind)) reference; give \(names) at every scan"))
            return nil
        }
        let (meanName, sdName) = kind == .liver ? ("liverMean", "liverSD") : ("bloodPoolMean", "bloodPoolSD")
        let (meanValue, sdValue) = kind == .liver ? (scan.liverMean, scan.liverSD) : (scan.bloodPoolMean, scan.bloodPoolSD)
        var mean: Decimal?
        var sd: Decimal?
        if let meanValue {
            mean = ResponseInputChecks.sul(meanValue, field: "\(path).\(meanName)", errors: &errors)
            if mean == 0 {
                errors.append(FieldError(field: "\(path).\(meanName)", message: "must be more than 0: normal tissue always takes up some FDG"))
                mean = nil
            }
        } else {
            let alternative = kind == .liver && !liverGiven && expectedKind == nil
                ? " (or bloodPoolMean and bloodPoolSD when the liver is abnormal)" : ""
            errors.append(FieldError(field: "\(path).\(meanName)", message: "is required\(alternative): the reference region's mean SUL"))
        }
        if let sdValue {
            sd = ResponseInputChecks.sul(sdValue, field: "\(path).\(sdName)", errors: &errors)
        } else {
            errors.append(FieldError(field: "\(path).\(sdName)", message: "is required: the standard deviation of SUL in the reference region"))
        }
        guard let mean, let sd else { return nil }
        return PercistReferenceRegion(kind: kind, mean: mean, standardDeviation: sd)
    }

    private func regionName(_ kind: PercistReferenceRegion.Kind) -> String {
        kind == .liver ? "liver" : "blood-pool"
    }

    private func thresholdFormula(_ kind: PercistReferenceRegion.Kind, _ settings: PercistSettings) -> String {
        kind == .liver
            ? "\(settings.liverMeanFactor) x liver mean + \(settings.liverSDFactor) x liver SD"
            : "\(settings.bloodPoolMeanFactor) x blood-pool mean + \(settings.bloodPoolSDFactor) x blood-pool SD"
    }
}
