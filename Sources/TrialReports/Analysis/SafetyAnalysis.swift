import Foundation
import TrialCore
import TrialStats

/// Treatment-emergent adverse events in the safety population, by treatment received.
public struct SafetyAnalysis: Sendable, Equatable, Codable {
    /// Participant counts of one arm; each participant counts once per row, at the worst grade.
    public struct Arm: Sendable, Equatable, Codable {
        public var arm: String
        public var n: Int
        public var anyEvent: Int
        public var grade3OrWorse: Int
        public var serious: Int
        public var procedureRelated: Int
        public var procedureRelatedGrade3OrWorse: Int
        public var therapyRelated: Int
        public var therapyRelatedGrade3OrWorse: Int
        public var fatal: Int
        /// Participants by worst grade: index 0 is grade 1, ..., index 4 grade 5.
        public var byWorstGrade: [Int]
    }

    /// One term: participants with the term (any grade, grade 3 or worse) per arm.
    public struct TermRow: Sendable, Equatable, Codable {
        public var term: String
        public var systemOrganClass: String?
        public var anyGrade: [Int]
        public var grade3OrWorse: [Int]
    }

    /// A comparison of the proportion of participants between the arms (Fisher's exact test).
    public struct Comparison: Sendable, Equatable, Codable {
        /// `grade3OrWorse` or `serious`.
        public var measure: String
        public var test: FisherExactResult
    }

    /// Arms in the report's order (experimental, control); counts in `TermRow` follow it.
    public var arms: [Arm]
    public var terms: [TermRow]
    public var procedureRelatedTerms: [TermRow]
    public var seriousTerms: [TermRow]
    public var comparisons: [Comparison]
    public var treatmentEmergenceWindowDays: Int

    static func analyse(_ data: TrialAnalysisData) -> SafetyAnalysis {
        let population = data.participants.filter { $0.populations.safety }
        let members = data.arms.map { arm in population.filter { $0.populations.actualArm == arm } }
        let arms = zip(data.arms, members).map { arm, people -> Arm in
            func count(_ include: (AnalysedAdverseEvent) -> Bool) -> Int {
                people.filter { $0.safety.worstGrade(where: include) != nil }.count
            }
            var byGrade = [Int](repeating: 0, count: 5)
            for person in people {
                if let worst = person.safety.worstGrade, (1...5).contains(worst) { byGrade[worst - 1] += 1 }
            }
            return Arm(
                arm: arm, n: people.count, anyEvent: count { _ in true }, grade3OrWorse: count { $0.grade >= 3 },
                serious: count(\.serious), procedureRelated: count(\.procedureRelated),
                procedureRelatedGrade3OrWorse: count { $0.procedureRelated && $0.grade >= 3 },
                therapyRelated: count(\.therapyRelated),
                therapyRelatedGrade3OrWorse: count { $0.therapyRelated && $0.grade >= 3 },
                fatal: count { $0.grade == 5 }, byWorstGrade: byGrade)
        }
        func termRows(_ include: (AnalysedAdverseEvent) -> Bool) -> [TermRow] {
            var socByTerm: [String: String?] = [:]
            for person in population { for event in person.safety.treatmentEmergentEvents where include(event) { socByTerm[event.term] = event.systemOrganClass } }
            let rows = socByTerm.keys.map { term -> TermRow in
                let any = members.map { people in people.filter { $0.safety.worstGrade { $0.term == term && include($0) } != nil }.count }
                let severe = members.map { people in people.filter { ($0.safety.worstGrade { $0.term == term && include($0) } ?? 0) >= 3 }.count }
                return TermRow(term: term, systemOrganClass: socByTerm[term] ?? nil, anyGrade: any, grade3OrWorse: severe)
            }
            return rows.sorted { ($0.anyGrade.reduce(0, +), $1.term) > ($1.anyGrade.reduce(0, +), $0.term) }
        }
        var comparisons: [Comparison] = []
        if arms.count == 2 {
            for (measure, counts) in [("grade3OrWorse", arms.map(\.grade3OrWorse)), ("serious", arms.map(\.serious))] {
                if let test = try? FisherExactTest.test(a: counts[0], b: arms[0].n - counts[0], c: counts[1], d: arms[1].n - counts[1]) {
                    comparisons.append(Comparison(measure: measure, test: test))
                }
            }
        }
        return SafetyAnalysis(arms: arms, terms: termRows { _ in true }, procedureRelatedTerms: termRows(\.procedureRelated),
                              seriousTerms: termRows(\.serious), comparisons: comparisons,
                              treatmentEmergenceWindowDays: TreatmentEmergence.defaultWindowDays)
    }
}
