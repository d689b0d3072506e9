import ArgumentParser
import Foundation
import TrialCore

/// `trialdesk endpoints derive FILE`: one participant object or an array of them in, the derived
/// endpoints out (an object for an object, an array for an array).
struct EndpointsDeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Derive PFS, OS and TTNT (and local control of treated lesions) for participants in a JSON file.",
        discussion: """
            Input: {"id","randomizationDate","baselineAssessment":bool,"assessments":[{"date","response"}],\
            "deathDate":date|null,"lastKnownAliveDate","newTherapyStarts":[{"date","reason"}],\
            "treatedLesions":[{"id","implantationDate","imaging":[{"date","inFieldProgression":bool}]}]} \
            or an array of such objects. Responses: CR, PR, SD, PD, NE, NonCR/NonPD, ND (RECIST 1.1) or \
            CMR, PMR, SMD, PMD (PERCIST 1.0). Reasons: progression, clinicalDecision, toxicity, maintenance, other.
            """
    )

    @Argument(help: "JSON file with one participant object or an array of them.")
    var file: String

    @Option(name: .customLong("interval-days"), help: "Planned days between tumour assessments.")
    var intervalDays: Int = EndpointSettings().assessmentIntervalDays

    @Option(name: .customLong("window-days"), help: "Allowed +/- days around a planned assessment.")
    var windowDays: Int = EndpointSettings().assessmentWindowDays

    @Option(name: .customLong("pfs-horizon"), help: "PFS administrative horizon in days.")
    var pfsHorizon: Int = EndpointSettings().pfsHorizonDays

    @Option(name: .customLong("os-horizon"), help: "OS administrative horizon in days.")
    var osHorizon: Int = EndpointSettings().osHorizonDays

    @Option(name: .customLong("ttnt-horizon"), help: "Time-to-next-treatment horizon in days.")
    var ttntHorizon: Int = EndpointSettings().ttntHorizonDays

    @Option(name: .customLong("lc-horizon"), help: "Local-control horizon in days from implantation.")
    var lcHorizon: Int = EndpointSettings().localControlHorizonDays

    @Flag(name: .customLong("sensitivity-new-therapy"),
          help: "Sensitivity analysis: censor PFS at the last adequate assessment before a new therapy line.")
    var sensitivityNewTherapy = false

    /// Settings fields named as the options that set them, for error messages.
    private static let optionNames = [
        "assessmentIntervalDays": "--interval-days", "assessmentWindowDays": "--window-days",
        "pfsHorizonDays": "--pfs-horizon", "osHorizonDays": "--os-horizon",
        "ttntHorizonDays": "--ttnt-horizon", "localControlHorizonDays": "--lc-horizon",
    ]

    func run() throws {
        let settings = EndpointSettings(
            assessmentIntervalDays: intervalDays, assessmentWindowDays: windowDays,
            pfsHorizonDays: pfsHorizon, osHorizonDays: osHorizon, ttntHorizonDays: ttntHorizon,
            localControlHorizonDays: lcHorizon, censorPFSAtNewTherapyLine: sensitivityNewTherapy)
        let settingsErrors = settings.validationErrors().map {
            FieldError(field: Self.optionNames[$0.field] ?? $0.field, message: $0.message)
        }
        if !settingsErrors.isEmpty { throw CommandOutput.reject(settingsErrors) }

        let input = try CommandOutput.decodeInput(
            EndpointsInputFile.self, from: try CommandOutput.readInput(path: file))
        var errors: [FieldError] = []
        var outputs: [ParticipantEndpointsOutput] = []
        for (index, record) in input.records.enumerated() {
            switch Self.derive(record, fieldPrefix: input.isArray ? "[\(index)]" : "", settings: settings) {
            case .success(let endpoints): outputs.append(ParticipantEndpointsOutput(endpoints))
            case .failure(let failure): errors.append(contentsOf: failure.errors)
            }
        }
        if !errors.isEmpty { throw CommandOutput.reject(errors) }
        if input.isArray {
            try CommandOutput.printJSON(outputs)
        } else if let only = outputs.first {
            try CommandOutput.printJSON(only)
        }
    }
}

extension EndpointsDeriveCommand {
    /// One participant's endpoints, or every error in its record (paths below `fieldPrefix`).
    static func derive(
        _ record: EndpointParticipantRecord, fieldPrefix: String, settings: EndpointSettings
    ) -> Result<ParticipantEndpoints, ValidationFailure> {
        Result { () throws(ValidationFailure) -> ParticipantEndpoints in
            let participant = try record.participant(fieldPrefix: fieldPrefix)
            return try ParticipantEndpoints.derive(for: participant, settings: settings)
        }
    }
}

/// The input file: one participant object or an array of them.
struct EndpointsInputFile: Decodable {
    let records: [EndpointParticipantRecord]
    let isArray: Bool

    init(from decoder: Decoder) throws {
        if (try? decoder.unkeyedContainer()) != nil {
            records = try [EndpointParticipantRecord](from: decoder)
            isArray = true
        } else if (try? decoder.container(keyedBy: AnyKey.self)) == nil {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [], debugDescription: "must be a participant object or an array of participant objects"))
        } else {
            records = [try EndpointParticipantRecord(from: decoder)]
            isArray = false
        }
    }
}

/// Any object key: only used to ask whether the input is an object at all.
private struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
