import Foundation

/// One saved case report form of any kind, as the store keeps it and the API receives it: the kind and
/// the form's value. It routes each kind to its own check and to its place in the casebook, so that the
/// store and every entry point reach the same rules.
public enum CaseReportEntry: Hashable, Sendable {
    case baseline(BaselineForm)
    case implantation(ImplantationProcedureForm)
    case systemicTherapy(SystemicTherapyLineForm)
    case tumourAssessment(TumourAssessmentForm)
    case adverseEvent(AdverseEventRecord)
    case followUp(FollowUpForm)
    case death(DeathForm)
    case endOfStudy(EndOfStudyForm)
    case deviation(ProtocolDeviationForm)
    case qualityOfLife(QualityOfLifeQuestionnaire)

    /// Every kind of form recorded through this entry.
    public static let recordedKinds: [CaseReportForm] = [
        .baseline, .implantation, .systemicTherapy, .tumourAssessment, .adverseEvents, .qlqC30, .followUp, .death, .endOfStudy, .deviation,
    ]

    public var kind: CaseReportForm {
        switch self {
        case .baseline: return .baseline
        case .implantation: return .implantation
        case .systemicTherapy: return .systemicTherapy
        case .tumourAssessment: return .tumourAssessment
        case .adverseEvent: return .adverseEvents
        case .followUp: return .followUp
        case .death: return .death
        case .endOfStudy: return .endOfStudy
        case .deviation: return .deviation
        case .qualityOfLife: return .qlqC30
        }
    }

    /// Forms of which a participant has at most one.
    public var isSingleton: Bool { kind.isOnePerParticipant }

    /// Reads a form of `kind` from JSON; a malformed body becomes field errors naming the JSON path.
    public static func decode(kind: CaseReportForm, json: Data) throws -> CaseReportEntry {
        // Malformed, oversized or too deeply nested input is refused by its bounds before any form reads it.
        try decodeStored(kind: kind, json: try JSONInput.normalized(json))
    }

    /// Reads a form the store wrote (`canonicalJSON`), which passed the input bounds when it was saved: the
    /// hostile-input pass is not repeated for every form of every casebook read (it was most of the analysis's
    /// reading time).
    public static func decodeStored(kind: CaseReportForm, json: Data) throws -> CaseReportEntry {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            switch kind {
            case .baseline: return .baseline(try decoder.decode(BaselineForm.self, from: json))
            case .implantation: return .implantation(try decoder.decode(ImplantationProcedureForm.self, from: json))
            case .systemicTherapy: return .systemicTherapy(try decoder.decode(SystemicTherapyLineForm.self, from: json))
            case .tumourAssessment:
                return .tumourAssessment(try decoder.decode(TumourAssessmentForm.self, from: try TumourAssessmentForm.completingPercist(json)))
            case .adverseEvents: return .adverseEvent(try decoder.decode(AdverseEventRecord.self, from: json))
            case .followUp: return .followUp(try decoder.decode(FollowUpForm.self, from: json))
            case .death: return .death(try decoder.decode(DeathForm.self, from: json))
            case .endOfStudy: return .endOfStudy(try decoder.decode(EndOfStudyForm.self, from: json))
            case .deviation: return .deviation(try decoder.decode(ProtocolDeviationForm.self, from: json))
            case .qlqC30: return .qualityOfLife(try decoder.decode(QualityOfLifeQuestionnaire.self, from: json))
            }
        } catch let error as DecodingError {
            throw ValidationFailure([FieldError(decodingError: error)])
        }
    }

    /// The form's canonical JSON (keys sorted), as stored and audited.
    public func canonicalJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        switch self {
        case .baseline(let form): data = try encoder.encode(form)
        case .implantation(let form): data = try encoder.encode(form)
        case .systemicTherapy(let form): data = try encoder.encode(form)
        case .tumourAssessment(let form): data = try encoder.encode(form)
        case .adverseEvent(let form): data = try encoder.encode(form)
        case .followUp(let form): data = try encoder.encode(form)
        case .death(let form): data = try encoder.encode(form)
        case .endOfStudy(let form): data = try encoder.encode(form)
        case .deviation(let form): data = try encoder.encode(form)
        case .qualityOfLife(let form): data = try encoder.encode(form)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The form's own rules against the rest of the casebook (hard errors refuse the save; soft findings
    /// save it and become queries).
    public func check(in context: CaseReportContext, recordId: String?, dictionary: CtcaeDictionary) -> FormCheckResult {
        switch self {
        case .baseline(let form): return form.check(in: context)
        case .implantation(let form): return form.check(in: context, recordId: recordId)
        case .systemicTherapy(let form): return form.check(in: context, recordId: recordId)
        case .tumourAssessment(let form): return form.check(in: context, recordId: recordId)
        case .adverseEvent(let form): return form.check(in: context, dictionary: dictionary)
        case .followUp(let form): return form.check(in: context)
        case .death(let form): return form.check(in: context)
        case .endOfStudy(let form): return form.check(in: context)
        case .deviation(let form): return form.check(in: context)
        case .qualityOfLife(let form): return form.check(in: context, recordId: recordId)
        }
    }
}

extension Casebook {
    /// Puts a saved form in its place, replacing an earlier version with the same id.
    public mutating func place(_ entry: CaseReportEntry, id: String) {
        func upsert<Form>(_ list: inout [RecordedForm<Form>], _ form: Form) {
            if let index = list.firstIndex(where: { $0.id == id }) {
                list[index] = RecordedForm(id: id, form: form)
            } else {
                list.append(RecordedForm(id: id, form: form))
            }
        }
        switch entry {
        case .baseline(let form): baseline = RecordedForm(id: id, form: form)
        case .implantation(let form): upsert(&implantations, form)
        case .systemicTherapy(let form): upsert(&therapyLines, form)
        case .tumourAssessment(let form): upsert(&assessments, form)
        case .adverseEvent(let form): upsert(&adverseEvents, form)
        case .followUp(let form): upsert(&followUps, form)
        case .death(let form): death = RecordedForm(id: id, form: form)
        case .endOfStudy(let form): endOfStudy = RecordedForm(id: id, form: form)
        case .deviation(let form): upsert(&deviations, form)
        case .qualityOfLife(let form): upsert(&qualityOfLife, form)
        }
    }
}

extension FieldError {
    /// A decoding failure as a field error naming the JSON path (`lesions[2].sizeMm`).
    public init(decodingError error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.reduce(into: "") { text, key in
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "(body)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(field: path(context.codingPath), message: "has the wrong type: \(context.debugDescription)")
        case .dataCorrupted(let context):
            self.init(field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(field: "(body)", message: "could not be read")
        }
    }
}
