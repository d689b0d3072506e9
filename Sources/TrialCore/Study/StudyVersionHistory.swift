import Foundation

/// One installed version of the study definition and the day it took effect (UTC calendar date of its
/// installation; the first version is in force from the start).
public struct StudyVersion: Sendable, Hashable {
    public var version: String
    public var effectiveOn: CalendarDate
    public var definition: StudyDefinition

    public init(version: String, effectiveOn: CalendarDate, definition: StudyDefinition) {
        self.version = version
        self.effectiveOn = effectiveOn
        self.definition = definition
    }
}

/// A scheduled visit and the protocol version whose schedule it comes from.
public struct VersionedScheduledVisit: Sendable, Hashable {
    public var visit: ScheduledVisit
    public var version: String

    public init(visit: ScheduledVisit, version: String) {
        self.visit = visit
        self.version = version
    }
}

/// Every installed version in installation order, and which one governs a date or a participant's visits.
///
/// The rule (docs/study-definition.md, "Amendments"): a screening or a form is governed by the version in
/// force on its date; a participant's visits follow the version in force at randomization, and each later
/// amendment moves the visits whose window has not opened by the amendment's effective date (visits
/// already due keep their targets).
public struct StudyVersionHistory: Sendable, Hashable {
    /// Never empty: the first is the installed study.
    public let versions: [StudyVersion]

    public init?(_ versions: [StudyVersion]) {
        guard !versions.isEmpty else { return nil }
        self.versions = versions
    }

    public var latest: StudyVersion { versions[versions.count - 1] }

    /// The version in force on `date`: the last one effective on or before it (the first before it took effect).
    public func inForce(on date: CalendarDate) -> StudyVersion {
        versions.last { $0.effectiveOn <= date } ?? versions[0]
    }

    /// A participant's scheduled visits, each with the version it comes from, in time order.
    public func scheduledVisits(armCode: String, randomizedOn: CalendarDate) -> [VersionedScheduledVisit] {
        let base = inForce(on: randomizedOn)
        var visits = Self.visits(of: base, armCode: armCode)
        for amendment in versions where amendment.effectiveOn > randomizedOn {
            // Visits whose window opened before the amendment keep their targets; the rest follow it.
            let kept = visits.filter { randomizedOn.adding(days: $0.visit.earliestDay) <= amendment.effectiveOn }
            let keptCodes = Set(kept.map(\.visit.code))
            let moved = Self.visits(of: amendment, armCode: armCode).filter {
                randomizedOn.adding(days: $0.visit.earliestDay) > amendment.effectiveOn && !keptCodes.contains($0.visit.code)
            }
            visits = kept + moved
        }
        return visits.sorted { ($0.visit.targetDay, $0.visit.code) < ($1.visit.targetDay, $1.visit.code) }
    }

    private static func visits(of version: StudyVersion, armCode: String) -> [VersionedScheduledVisit] {
        version.definition.scheduledVisits.filter { $0.applies(toArm: armCode) }
            .map { VersionedScheduledVisit(visit: $0, version: version.version) }
    }
}

/// A randomized participant as an amendment's schedule change sees them.
public struct RandomizedParticipantSchedule: Sendable, Hashable {
    public var participantID: String
    public var armCode: String
    public var randomizedOn: CalendarDate

    public init(participantID: String, armCode: String, randomizedOn: CalendarDate) {
        self.participantID = participantID
        self.armCode = armCode
        self.randomizedOn = randomizedOn
    }
}

/// How one participant's not-yet-due visits change when an amendment takes effect.
public struct ScheduleMove: Sendable, Hashable, Codable {
    public var participantID: String
    /// Visits the amendment adds, moves (another target or window) or removes, by code, with what happens.
    public var changes: [String]

    public init(participantID: String, changes: [String]) {
        self.participantID = participantID
        self.changes = changes
    }
}

extension StudyVersionHistory {
    /// Which participants' schedules move if `amendment` takes effect on `effectiveOn`, and how.
    public func scheduleMoves(of participants: [RandomizedParticipantSchedule], amendment: StudyDefinition,
                              effectiveOn: CalendarDate) -> [ScheduleMove] {
        let amended = StudyVersionHistory(versions + [StudyVersion(version: amendment.version, effectiveOn: effectiveOn, definition: amendment)]) ?? self
        var moves: [ScheduleMove] = []
        for participant in participants.sorted(by: { $0.participantID < $1.participantID }) {
            let before = Dictionary(scheduledVisits(armCode: participant.armCode, randomizedOn: participant.randomizedOn)
                .map { ($0.visit.code, $0.visit) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(amended.scheduledVisits(armCode: participant.armCode, randomizedOn: participant.randomizedOn)
                .map { ($0.visit.code, $0.visit) }, uniquingKeysWith: { first, _ in first })
            var changes: [String] = []
            for code in Set(before.keys).union(after.keys).sorted() {
                switch (before[code], after[code]) {
                case (nil, let added?):
                    changes.append("\(code) added, due \(participant.randomizedOn.adding(days: added.targetDay))")
                case (let removed?, nil):
                    changes.append("\(code) removed (was due \(participant.randomizedOn.adding(days: removed.targetDay)))")
                case (let old?, let new?) where (old.targetDay, old.earliestDay, old.latestDay) != (new.targetDay, new.earliestDay, new.latestDay):
                    let (_, oldDue, _) = old.window(from: participant.randomizedOn)
                    let (earliest, due, latest) = new.window(from: participant.randomizedOn)
                    changes.append("\(code) moves from \(oldDue) to \(due) (window \(earliest) to \(latest))")
                default: break
                }
            }
            if !changes.isEmpty { moves.append(ScheduleMove(participantID: participant.participantID, changes: changes)) }
        }
        return moves
    }
}
