import Foundation
import Testing
import TrialCore
@testable import TrialServer
import Vapor
import VaporTesting

/// Data a page test types into the forms: an eligible patient's checklist, a CT baseline, an assessment.
enum PageFixtures {
    static var today: CalendarDate { CalendarDate(localDayOf: Date(), in: .current) }

    /// The eligibility checklist of an eligible patient with `lesions` metastatic lesions, as the page posts it.
    static func checklist(lesions: Int = 7) -> [String: String] {
        var fields = [
            "siteCode": "960", "screeningDate": today.iso8601, "values.age": "61", "values.sex": "female", "values.primaryTumour": "lung",
            "values.metastaticLesionCount": String(lesions), "values.ecog": "1", "values.plateletCount": "180", "values.inr": "1.0",
        ]
        for id in ["I02", "I05", "I06", "I07", "I08", "I09", "I12"] { fields["answers.\(id)"] = "yes" }
        for id in ["E01", "E02", "E03", "E04", "E05", "E06"] { fields["answers.\(id)"] = "no" }
        return fields
    }

    /// A CT baseline with two target lesions and one non-target lesion, as the baseline page posts it.
    static func baseline() -> [String: String] {
        [
            "assessmentDate": today.adding(days: -1).iso8601, "ageYears": "61", "sex": "female", "primaryTumourSite": "lung",
            "histology": "adenocarcinoma", "priorLinesOfTherapy": "1", "ecog": "1", "imagingModality": "ct",
            "labs[0][test]": "platelets", "labs[0][value]": "180", "labs[0][unit]": "10^9/L",
            "labs[1][test]": "inr", "labs[1][value]": "1.0", "labs[1][unit]": "ratio",
            "lesions[0][id]": "L1", "lesions[0][organ]": "lung", "lesions[0][location]": "right upper lobe", "lesions[0][sizeMm]": "30",
            "lesions[0][measurable]": "true", "lesions[0][role]": "target", "lesions[0][plannedForImplantation]": "true",
            "lesions[1][id]": "L2", "lesions[1][organ]": "liver", "lesions[1][location]": "segment 6", "lesions[1][sizeMm]": "25",
            "lesions[1][measurable]": "true", "lesions[1][role]": "target", "lesions[1][plannedForImplantation]": "true",
            "lesions[2][id]": "L3", "lesions[2][organ]": "bone", "lesions[2][location]": "T10 vertebra", "lesions[2][sizeMm]": "12",
            "lesions[2][measurable]": "true", "lesions[2][role]": "nonTarget",
        ]
    }

    /// A tumour assessment of today with the target lesions at `l1` and `l2` mm.
    static func assessment(l1: String, l2: String) -> [String: String] {
        [
            "date": today.iso8601, "modality": "ct",
            "targets[0][id]": "L1", "targets[0][mm]": l1, "targets[1][id]": "L2", "targets[1][mm]": l2,
            "nonTargets[0][id]": "L3", "nonTargets[0][status]": "present",
        ]
    }

    /// Screens, consents, enrolls and (optionally) randomizes a patient through the pages; the participant ID.
    static func participant(_ server: TestServer, randomized: Bool) async throws -> String {
        var coordinator = try await PageSession.signIn(server, as: .coordinator)
        try await coordinator.get("/screenings/new")
        let screened = try await coordinator.post("/screenings", checklist())
        #expect(screened.status == .seeOther, "\(screened.body.string)")
        let screeningPath = String(screened.location.split(separator: "?")[0])
        try await coordinator.get(screeningPath)
        let consented = try await coordinator.post("\(screeningPath)/consent", ["date": today.iso8601, "formVersion": "2.1", "obtainedBy": "Dr Li"])
        #expect(consented.status == .seeOther, "\(consented.body.string)")
        let enrolled = try await coordinator.post("\(screeningPath)/enrollment", [:])
        #expect(enrolled.status == .seeOther, "\(enrolled.body.string)")
        let casebook = String(enrolled.location.split(separator: "?")[0])
        let participantID = String(casebook.split(separator: "/").last ?? "")
        if randomized {
            try await coordinator.get("\(casebook)/randomize")
            let done = try await coordinator.post("\(casebook)/randomize", ["confirm": "yes"])
            #expect(done.status == .seeOther, "\(done.body.string)")
        }
        return participantID
    }
}
