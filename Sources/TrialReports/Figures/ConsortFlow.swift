import Foundation

/// A reason and how many participants it applies to (e.g. "Declined to participate", 4).
public struct ConsortReason: Sendable, Hashable, Codable {
    public var reason: String
    public var count: Int

    public init(reason: String, count: Int) {
        self.reason = reason
        self.count = count
    }
}

/// The counts of one arm through allocation, follow-up and analysis (CONSORT 2010 flow diagram).
public struct ConsortArmFlow: Sendable, Hashable, Codable {
    /// The arm's name as the diagram prints it.
    public var name: String
    public var allocated: Int
    public var receivedAllocatedIntervention: Int
    /// Why allocated participants did not receive the intervention; the box total is the sum.
    public var didNotReceiveAllocatedIntervention: [ConsortReason]
    public var lostToFollowUp: [ConsortReason]
    public var discontinuedIntervention: [ConsortReason]
    public var analysed: Int
    public var excludedFromAnalysis: [ConsortReason]

    public init(name: String, allocated: Int, receivedAllocatedIntervention: Int,
                didNotReceiveAllocatedIntervention: [ConsortReason] = [], lostToFollowUp: [ConsortReason] = [],
                discontinuedIntervention: [ConsortReason] = [], analysed: Int, excludedFromAnalysis: [ConsortReason] = []) {
        self.name = name
        self.allocated = allocated
        self.receivedAllocatedIntervention = receivedAllocatedIntervention
        self.didNotReceiveAllocatedIntervention = didNotReceiveAllocatedIntervention
        self.lostToFollowUp = lostToFollowUp
        self.discontinuedIntervention = discontinuedIntervention
        self.analysed = analysed
        self.excludedFromAnalysis = excludedFromAnalysis
    }
}

/// Participant flow of a parallel-group randomized trial, the content of the CONSORT 2010 diagram.
public struct ConsortFlow: Sendable, Hashable, Codable {
    public var assessedForEligibility: Int
    /// Reasons for exclusion before randomization (not meeting criteria, declined, other); total is the sum.
    public var excluded: [ConsortReason]
    public var randomized: Int
    public var arms: [ConsortArmFlow]

    public init(assessedForEligibility: Int, excluded: [ConsortReason], randomized: Int, arms: [ConsortArmFlow]) {
        self.assessedForEligibility = assessedForEligibility
        self.excluded = excluded
        self.randomized = randomized
        self.arms = arms
    }
}

/// The words of the CONSORT diagram in the report's language. Texts containing "{arm}" have it replaced by
/// the arm's name; counts are appended as " (n=12)".
public struct ConsortDiagramLabels: Sendable, Hashable {
    public var title: String
    public var description: String
    public var enrollment: String
    public var allocation: String
    public var followUp: String
    public var analysis: String
    public var assessedForEligibility: String
    public var excluded: String
    public var randomized: String
    public var allocatedTo: String
    public var receivedAllocatedIntervention: String
    public var didNotReceiveAllocatedIntervention: String
    public var lostToFollowUp: String
    public var discontinuedIntervention: String
    public var analysed: String
    public var excludedFromAnalysis: String

    public init(title: String, description: String, enrollment: String, allocation: String, followUp: String,
                analysis: String, assessedForEligibility: String, excluded: String, randomized: String,
                allocatedTo: String, receivedAllocatedIntervention: String, didNotReceiveAllocatedIntervention: String,
                lostToFollowUp: String, discontinuedIntervention: String, analysed: String, excludedFromAnalysis: String) {
        self.title = title
        self.description = description
        self.enrollment = enrollment
        self.allocation = allocation
        self.followUp = followUp
        self.analysis = analysis
        self.assessedForEligibility = assessedForEligibility
        self.excluded = excluded
        self.randomized = randomized
        self.allocatedTo = allocatedTo
        self.receivedAllocatedIntervention = receivedAllocatedIntervention
        self.didNotReceiveAllocatedIntervention = didNotReceiveAllocatedIntervention
        self.lostToFollowUp = lostToFollowUp
        self.discontinuedIntervention = discontinuedIntervention
        self.analysed = analysed
        self.excludedFromAnalysis = excludedFromAnalysis
    }
}
