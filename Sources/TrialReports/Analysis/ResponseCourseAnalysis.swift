import Foundation
import TrialCore

/// One bar of the waterfall plot: a participant's best percentage change from baseline in the sum of
/// target diameters (RECIST 1.1), unrounded, with the RECIST 1.1 best overall response.
public struct WaterfallEntry: Sendable, Equatable, Codable {
    public var participant: String
    /// The randomized arm.
    public var arm: String
    public var bestPercentChange: Double
    public var bestOverallResponse: String

    /// One entry per participant with a measured post-baseline target sum, sorted from the largest
    /// increase to the deepest decrease (the plot's order; ties by participant).
    static func entries(_ data: TrialAnalysisData) -> [WaterfallEntry] {
        data.participants.compactMap { participant -> WaterfallEntry? in
            guard let course = participant.targetSumCourse, let best = course.bestPercentChange else { return nil }
            return WaterfallEntry(participant: participant.id, arm: participant.armCode, bestPercentChange: best,
                                  bestOverallResponse: course.bestOverallResponse.rawValue)
        }.sorted { ($1.bestPercentChange, $0.participant) < ($0.bestPercentChange, $1.participant) }
    }

    /// Participants without a measured post-baseline target sum (listed under the waterfall plot).
    static func unmeasured(_ data: TrialAnalysisData) -> [ParticipantReference] {
        data.participants.filter { $0.targetSumCourse?.bestPercentChange == nil }
            .map { ParticipantReference(participant: $0.id, arm: $0.armCode) }
    }
}

/// A participant named with the arm randomized to.
public struct ParticipantReference: Sendable, Equatable, Codable {
    public var participant: String
    public var arm: String
}

/// One participant's line of the spider plot: the percentage change from baseline in the sum of target
/// diameters at each post-baseline assessment with every target measured, from the baseline (day 0, 0%).
public struct SpiderLine: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        /// Days from randomization.
        public var day: Int
        public var percentChange: Double
    }

    public var participant: String
    public var arm: String
    public var points: [Point]

    /// Participants with at least one measured post-baseline sum, in study ID order.
    static func lines(_ data: TrialAnalysisData) -> [SpiderLine] {
        data.participants.compactMap { participant -> SpiderLine? in
            guard let course = participant.targetSumCourse, !course.points.isEmpty else { return nil }
            return SpiderLine(participant: participant.id, arm: participant.armCode,
                              points: course.points.map { Point(day: $0.day, percentChange: $0.percentChange) })
        }
    }
}

/// One bar of the swimmer plot: randomization (day 0) to the last contact, with the course's events.
public struct SwimmerLane: Sendable, Equatable, Codable {
    public struct Marker: Sendable, Equatable, Codable {
        /// `implantation`, `responseOnset`, `progression`, `newTherapyLine` or `death` (`ParticipantTimeline.EventKind`).
        public var kind: String
        public var day: Int
        /// The response of a response or progression marker (`PR`, `CR`, `PMR`, `CMR`, `PD`, `PMD`).
        public var response: String?
    }

    public var participant: String
    public var arm: String
    /// Days from randomization to the last contact (death or last known alive).
    public var endDay: Int
    public var died: Bool
    public var markers: [Marker]

    /// Every randomized participant, grouped by arm in report order, then by time on study (longest first).
    static func lanes(_ data: TrialAnalysisData) -> [SwimmerLane] {
        let lanes = data.participants.map { participant in
            SwimmerLane(participant: participant.id, arm: participant.armCode, endDay: participant.timeline.endDay,
                        died: participant.timeline.died,
                        markers: participant.timeline.events.map { Marker(kind: $0.kind.rawValue, day: $0.day, response: $0.response) })
        }
        return data.arms.flatMap { arm in
            lanes.filter { $0.arm == arm }.sorted { ($1.endDay, $0.participant) < ($0.endDay, $1.participant) }
        }
    }
}

/// Patterns of the first progression (the registration's exploratory objective), by arm, for every participant
/// whose PFS event is progression.
public struct ProgressionPatternAnalysis: Sendable, Equatable, Codable {
    public struct PatternCount: Sendable, Equatable, Codable {
        /// The ADPROG parameter code (`ProgressionPattern`).
        public var pattern: String
        public var count: Int
        /// Of the arm's participants with progression (field patterns: of those with 125I-treated lesions).
        public var percent: Double
        /// Days from randomization to the first progression among participants with this pattern.
        public var medianDay: Double?
        public var minimumDay: Int?
        public var maximumDay: Int?
    }

    public struct OrganCount: Sendable, Equatable, Codable {
        public var organ: String
        /// Participants with a new lesion in this organ.
        public var count: Int
    }

    public struct Arm: Sendable, Equatable, Codable {
        public var arm: String
        /// Randomized to the arm (ITT).
        public var participants: Int
        /// Whose PFS event is progression.
        public var progressed: Int
        /// Of `progressed`, those with 125I-treated lesions (the denominator of the field patterns).
        public var progressedWithTreatedLesions: Int
        /// The disease patterns, in `ProgressionPattern.diseasePatterns` order.
        public var patterns: [PatternCount]
        /// In field, out of field, both (`ProgressionPattern.fieldPatterns` order).
        public var field: [PatternCount]
        /// Most frequent first, then by name.
        public var newLesionOrgans: [OrganCount]
    }

    public struct Participant: Sendable, Equatable, Codable {
        public var participant: String
        public var arm: String
        public var date: CalendarDate
        public var day: Int
        /// `recist11` or `percist10`.
        public var criterion: String
        public var patterns: [String]
        public var newLesionOrgans: [String]
        public var inFieldLesions: [String]
    }

    public var arms: [Arm]
    /// In study ID order.
    public var participants: [Participant]

    static func analyse(_ data: TrialAnalysisData) -> ProgressionPatternAnalysis {
        let classified = data.participants.compactMap { participant in participant.firstProgression.map { (participant, $0) } }
        func count(_ pattern: ProgressionPattern, among members: [FirstProgressionPattern], of denominator: Int) -> PatternCount {
            let days = members.filter { $0.patterns.contains(pattern) }.map(\.day).sorted()
            return PatternCount(pattern: pattern.rawValue, count: days.count,
                                percent: denominator > 0 ? 100 * Double(days.count) / Double(denominator) : 0,
                                medianDay: Self.median(days), minimumDay: days.first, maximumDay: days.last)
        }
        let arms = data.arms.map { arm -> Arm in
            let members = classified.filter { $0.0.armCode == arm }.map(\.1)
            let implanted = members.filter { $0.fieldPattern != nil }
            var organs: [String: Int] = [:]
            for member in members { for organ in member.newLesionOrgans { organs[organ, default: 0] += 1 } }
            return Arm(
                arm: arm, participants: data.participants.filter { $0.armCode == arm }.count, progressed: members.count,
                progressedWithTreatedLesions: implanted.count,
                patterns: ProgressionPattern.diseasePatterns.map { count($0, among: members, of: members.count) },
                field: ProgressionPattern.fieldPatterns.map { count($0, among: implanted, of: implanted.count) },
                newLesionOrgans: organs.map { OrganCount(organ: $0.key, count: $0.value) }
                    .sorted { ($1.count, $0.organ) < ($0.count, $1.organ) })
        }
        let participants = classified.map { participant, pattern in
            Participant(participant: participant.id, arm: participant.armCode, date: pattern.date, day: pattern.day,
                        criterion: pattern.criterion.rawValue, patterns: pattern.patterns.map(\.rawValue),
                        newLesionOrgans: pattern.newLesionOrgans, inFieldLesions: pattern.inFieldLesionIds)
        }
        return ProgressionPatternAnalysis(arms: arms, participants: participants)
    }

    /// The middle value of sorted numbers (the mean of the two middle ones for an even count).
    static func median(_ sorted: [Int]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}
