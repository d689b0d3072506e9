import Foundation

/// The rule a study definition broke, as a stable identifier that tests and tools can match on.
/// The human-readable explanation is the problem's message.
public enum StudyRule: String, Codable, Sendable, Hashable, CaseIterable {
    // Reading the file
    case invalidSyntax
    case missingField
    case wrongType
    case invalidValue
    case unknownField
    // Identity and codes
    case duplicateCode
    case invalidCode
    case invalidRegistryId
    // Arms and allocation
    case tooFewArms
    case unknownArmCode
    case armWithoutWeight
    case nonPositiveWeight
    case nonPositiveTargetEnrollment
    // Randomization
    case blockSizeNotMultipleOfRatio
    case invalidBlockSize
    case unknownStratificationFactor
    case invalidProbability
    case minimizationWithoutFactors
    // Screening fields, eligibility and stratification
    case unknownScreeningField
    case fieldKindMismatch
    case criterionNeverMet
    case answerRuleMismatch
    case tooFewLevels
    case levelNeverProduced
    case levelOutsideEligibility
    case overlappingLevels
    case eligibleValuesWithoutLevel
    // Visits, endpoints and questionnaires
    case unknownForm
    case invalidWindow
    case invalidRepeat
    case overlappingVisitWindows
    case unknownVisitCode
    case visitMissingForm
    case notRepeatingVisit
    case nonPositiveTimeFrame
    case primaryEndpointCount
    case missingReason
    // Amending a running trial (StudyAmendmentCheck)
    case protocolIdChanged
    case amendsAnotherVersion
    case versionAlreadyInstalled
    case randomizationFrozen
    case removesRecordedData
    case changesRecordedType
}
