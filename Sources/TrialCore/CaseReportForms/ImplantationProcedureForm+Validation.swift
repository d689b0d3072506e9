import Foundation

extension ImplantationProcedureForm {
    /// Usual 125I seed activity for percutaneous interstitial implantation: 0.4 to 0.8 mCi (14.8 to 29.6 MBq).
    public static let usualActivityMBq: ClosedRange<Decimal> = Decimal(string: "14.8")!...Decimal(string: "29.6")!
    /// Usual prescribed dose for 125I implantation of metastases: 80 to 160 Gy.
    public static let usualPrescribedDoseGy: ClosedRange<Decimal> = 80...160
    /// An implanted lesion holds at least one seed.
    public static let fewestSeedsPerLesion = 1

    /// Checks an implantation procedure. Hard rules: the participant is randomized to an arm that has
    /// the procedure, the date is after randomization and not in the future or after death, every
    /// lesion is in the baseline inventory (once), seeds and doses are positive, V100 is a percentage,
    /// complications name recorded adverse events. Soft: activity or dose outside the usual range,
    /// D90 under the prescription, a lesion not planned for implantation, the first procedure outside
    /// its visit window.
    /// - Parameter recordId: the record being edited, so that it is not compared with itself.
    public func check(in context: CaseReportContext, recordId: String? = nil) -> FormCheckResult {
        var result = FormCheckResult()
        let casebook = context.casebook
        guard let arm = casebook.armCode, let randomized = casebook.randomizationDate else {
            result.refuse("date", RuleMessage("implantation.notRandomized", "the participant is not randomized; implantation is recorded after randomization to the implantation arm"))
            return result
        }
        if !context.implantationArms.contains(arm) {
            result.refuse("lesions", RuleMessage("implantation.armWithoutProcedure", "the participant is in arm {arm}, which has no 125I implantation (arms with it: {implantationArms})",
                                                 ["arm": arm, "implantationArms": context.implantationArms.sorted().joined(separator: ", ")]))
        }
        result.checkDate(date, field: "date", context: context)

        if lesions.isEmpty {
            result.refuse("lesions", RuleMessage("implantation.lesionsEmpty", "list at least one treated lesion from the baseline inventory"))
        }
        let inventory = casebook.baseline?.form
        if inventory == nil {
            result.refuse("lesions", RuleMessage("implantation.baselineMissing", "the baseline form with the lesion inventory must be saved before an implantation"))
        }
        var seen: Set<String> = []
        for (index, lesion) in lesions.enumerated() {
            let field = "lesions[\(index)]"
            if !seen.insert(lesion.lesionId).inserted {
                result.refuse("\(field).lesionId", RuleMessage("implantation.lesionListedTwice", "'{lesionId}' is listed twice in this procedure",
                                                            ["lesionId": lesion.lesionId]))
            }
            if let inventory {
                if let known = inventory.lesion(id: lesion.lesionId) {
                    if !known.plannedForImplantation {
                        result.query("\(field).lesionId", RuleMessage("implantation.lesionNotPlanned", "'{lesionId}' was not planned for implantation at baseline",
                                                                   ["lesionId": lesion.lesionId]))
                    }
                } else {
                    let ids = inventory.lesions.map(\.id).joined(separator: ", ")
                    result.refuse("\(field).lesionId", RuleMessage("implantation.lesionNotInInventory", "'{lesionId}' is not in the baseline lesion inventory ({inventoryLesionIds})",
                                                                    ["lesionId": lesion.lesionId, "inventoryLesionIds": ids]))
                }
            }
            if lesion.seeds < Self.fewestSeedsPerLesion {
                result.refuse("\(field).seeds", RuleMessage("implantation.seedsAtLeastOne", "must be at least 1 seed ({seeds})",
                                                         ["seeds": String(lesion.seeds)]))
            }
            if lesion.prescribedDoseGy <= 0 {
                result.refuse("\(field).prescribedDoseGy", RuleMessage("implantation.prescribedDosePositive", "must be more than 0 Gy ({prescribedDoseGy})",
                                                                    ["prescribedDoseGy": "\(lesion.prescribedDoseGy)"]))
            } else if !Self.usualPrescribedDoseGy.contains(lesion.prescribedDoseGy) {
                result.query("\(field).prescribedDoseGy", RuleMessage("implantation.prescribedDoseUnusual", "{prescribedDoseGy} Gy is outside the usual {usualLowGy}-{usualHighGy} Gy for 125I implantation; confirm it",
                                                                   ["prescribedDoseGy": "\(lesion.prescribedDoseGy)",
                                                                    "usualLowGy": "\(Self.usualPrescribedDoseGy.lowerBound)",
                                                                    "usualHighGy": "\(Self.usualPrescribedDoseGy.upperBound)"]))
            }
            if let d90 = lesion.d90Gy {
                if d90 < 0 {
                    result.refuse("\(field).d90Gy", RuleMessage("implantation.d90NotNegative", "must be 0 Gy or more ({d90Gy})", ["d90Gy": "\(d90)"]))
                } else if lesion.prescribedDoseGy > 0 && d90 < lesion.prescribedDoseGy {
                    result.query("\(field).d90Gy", RuleMessage("implantation.d90BelowPrescription", "D90 {d90Gy} Gy is below the prescribed {prescribedDoseGy} Gy: the lesion is under-dosed; confirm the dosimetry",
                                                                ["d90Gy": "\(d90)", "prescribedDoseGy": "\(lesion.prescribedDoseGy)"]))
                }
            }
            if let v100 = lesion.v100Percent, !(0...100).contains(v100) {
                result.refuse("\(field).v100Percent", RuleMessage("implantation.v100Percentage", "is a percentage of the target volume, from 0 to 100 ({v100Percent})",
                                                               ["v100Percent": "\(v100)"]))
            }
        }
        let activity = activityPerSeed.megabecquerels
        if activity <= 0 {
            result.refuse("activityPerSeed", RuleMessage("implantation.activityPositive", "must be more than 0 MBq ({activityMBq})", ["activityMBq": "\(activity)"]))
        } else if !Self.usualActivityMBq.contains(activity) {
            result.query("activityPerSeed", RuleMessage("implantation.activityUnusual", "{activityMBq} MBq per seed is outside the usual 14.8-29.6 MBq (0.4-0.8 mCi) for 125I seeds; check the unit",
                                                       ["activityMBq": "\(activity)"]))
        }
        result.requireText(operatorName, field: "operatorName",
                           RuleMessage("implantation.operatorNameRequired", "is required: name the physician who implanted the seeds"))

        let adverseEventIds = Set(casebook.adverseEvents.map(\.id))
        for (index, id) in complicationAdverseEventIds.enumerated() where !adverseEventIds.contains(id) {
            result.refuse("complicationAdverseEventIds[\(index)]", RuleMessage("implantation.complicationNotRecorded", "'{adverseEventId}' is not an adverse event recorded for this participant; record the adverse event first",
                                                                          ["adverseEventId": id]))
        }

        let earlier = casebook.implantations.filter { $0.id != recordId && $0.form.date < date }
        if earlier.isEmpty, let visit = context.study.scheduledVisits.first(where: { $0.forms.contains(.implantation) && $0.applies(toArm: arm) }) {
            let day = randomized.days(until: date)
            if !visit.windowContains(day: day) {
                result.query("date", RuleMessage("implantation.outsideWindow", "day {studyDay} from randomization is outside the implantation window (days {earliestDay} to {latestDay})",
                                                    ["studyDay": String(day), "earliestDay": "\(visit.earliestDay)", "latestDay": "\(visit.latestDay)"]))
            }
        }
        return result
    }
}
