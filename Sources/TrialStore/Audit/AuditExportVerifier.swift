import Foundation

/// What `audit verify --export FILE` found.
public struct AuditExportVerification: Codable, Sendable {
    public var eventsChecked: Int
    /// True for a complete export (no filter), whose links and head were checked end to end; a partial one
    /// proves each event's own content only (and the links between events that follow each other in it).
    public var isComplete: Bool
    public var chainHead: AuditTrailExport.ChainHead
    public var checkpointsChecked: Int
    public var signedThrough: Int64?
    public var problems: [AuditProblem]
    public var isIntact: Bool { problems.isEmpty }
}

/// Checks an exported audit trail without the database: each event's hash recomputed from its exported
/// content and exported previous hash (the chain's rule, `AuditChain`), the links between consecutive
/// events, and for a complete export the whole chain from the first event to the head it names. Signed
/// checkpoints in the file are checked against their signatures, the trusted keys when given, and the
/// exported events at their sequence.
public enum AuditExportVerifier {
    public static func verify(_ export: AuditTrailExport, trustedPublicKeys: [String] = []) -> AuditExportVerification {
        var problems: [AuditProblem] = []
        func problem(_ kind: AuditProblem.Kind, _ event: AuditExportedEvent?, _ message: String, sequence: Int64? = nil) {
            problems.append(AuditProblem(kind: kind, sequence: sequence ?? event?.sequence, entityType: event?.entityType, entityID: event?.entityID,
                                         message: message))
        }
        var previous: AuditExportedEvent?
        var hashes: [Int64: String] = [:]
        for event in export.events {
            if !hashMatches(event) {
                problem(.hashMismatch, event, "exported audit event \(event.sequence) (\(event.action) \(event.entityType) \(event.entityID)) differs from what was hashed: a value in the file was changed")
            }
            if let previous, event.sequence <= previous.sequence {
                problem(.sequenceGap, event, "exported audit event \(event.sequence) follows event \(previous.sequence): events are out of order or repeated")
            }
            if event.sequence > export.chainHead.sequence {
                problem(.headMismatch, event, "exported audit event \(event.sequence) lies after the chain head the file names (\(export.chainHead.sequence))")
            }
            // Events that follow each other in the chain link to each other, in a partial export too.
            if let previous, event.sequence == previous.sequence + 1, event.previousHash != previous.hash {
                problem(.brokenLink, event, "exported audit event \(event.sequence) does not link to event \(previous.sequence) before it (previous hash differs)")
            }
            hashes[event.sequence] = event.hash
            previous = event
        }
        if export.isComplete {
            // A complete export is the chain itself: 1...head without a gap, from the genesis link to the head.
            var expected: Int64 = 1
            for event in export.events {
                if event.sequence > expected {
                    problem(.sequenceGap, event, "exported audit event \(event.sequence) follows \(expected - 1): events \(expected)...\(event.sequence - 1) are missing from a complete export")
                }
                expected = max(expected, event.sequence + 1)
            }
            if let first = export.events.first, first.sequence == 1, first.previousHash != AuditChain.genesisHash {
                problem(.brokenLink, first, "exported audit event 1 does not start the chain (its previous hash is not the genesis hash)")
            }
            let lastSequence = export.events.last?.sequence ?? 0
            let lastHash = export.events.last?.hash ?? AuditChain.genesisHash
            if lastSequence != export.chainHead.sequence || lastHash != export.chainHead.hash {
                problem(.headMismatch, nil, "the file's chain head names event \(export.chainHead.sequence) but its last event is \(lastSequence) with another hash: events were removed from the end or the head was edited",
                        sequence: export.chainHead.sequence)
            }
        }
        var signedThrough: Int64?
        let trusted = Set(trustedPublicKeys)
        for checkpoint in export.checkpoints {
            let name = "checkpoint of event \(checkpoint.sequence) signed at \(checkpoint.signedAt)"
            guard checkpoint.hasValidSignature else {
                problem(.checkpointSignatureInvalid, nil, "the \(name) has no valid signature: it was altered or forged", sequence: checkpoint.sequence)
                continue
            }
            if !trusted.isEmpty, !trusted.contains(checkpoint.publicKey) {
                problem(.checkpointUntrustedKey, nil, "the \(name) is signed by key \(AuditSigningKey.fingerprint(ofPublicKey: checkpoint.publicKey)), not by a trusted key",
                        sequence: checkpoint.sequence)
                continue
            }
            if let hash = hashes[checkpoint.sequence] {
                guard hash == checkpoint.hash else {
                    problem(.checkpointMismatch, nil, "the exported chain does not pass through the \(name): events up to \(checkpoint.sequence) were rewritten",
                            sequence: checkpoint.sequence)
                    continue
                }
                if export.isComplete { signedThrough = max(signedThrough ?? 0, checkpoint.sequence) }
            } else if export.isComplete {
                problem(.checkpointMismatch, nil, "the \(name) names an event the complete export does not hold", sequence: checkpoint.sequence)
            }
        }
        return AuditExportVerification(eventsChecked: export.events.count, isComplete: export.isComplete, chainHead: export.chainHead,
                                       checkpointsChecked: export.checkpoints.count, signedThrough: signedThrough, problems: problems)
    }

    /// An empty reason cell of the CSV reads as no reason; an event stored with an empty reason hashes with
    /// it, so both readings are tried before a mismatch counts.
    static func hashMatches(_ event: AuditExportedEvent) -> Bool {
        if event.recomputedHash == event.hash { return true }
        guard event.reason == nil else { return false }
        return AuditChain.hash(of: event.hashedContent(reason: ""), previousHash: event.previousHash) == event.hash
    }
}
