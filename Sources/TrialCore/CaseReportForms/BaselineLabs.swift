import Foundation

/// A unit a baseline laboratory value can be entered in.
public enum LabUnit: String, Hashable, Sendable, Codable, CaseIterable {
    case perNanolitre = "10^9/L"
    case gramsPerLitre = "g/L"
    case gramsPerDecilitre = "g/dL"
    case micromolesPerLitre = "umol/L"
    case milligramsPerDecilitre = "mg/dL"
    case ratio = "ratio"
}

/// The laboratory tests taken before a percutaneous procedure (bleeding risk, marrow and organ function).
public enum BaselineLabTest: String, Hashable, Sendable, Codable, CaseIterable {
    case platelets
    case inr
    case haemoglobin
    case neutrophils
    case creatinine
    case bilirubin

    /// The unit results are stored in.
    public var standardUnit: LabUnit {
        switch self {
        case .platelets, .neutrophils: return .perNanolitre
        case .inr: return .ratio
        case .haemoglobin: return .gramsPerLitre
        case .creatinine, .bilirubin: return .micromolesPerLitre
        }
    }

    /// Factor converting a value in `unit` to `standardUnit`; nil when the unit does not fit the test.
    /// Creatinine 1 mg/dL = 88.4 umol/L; bilirubin 1 mg/dL = 17.1 umol/L; haemoglobin 1 g/dL = 10 g/L.
    public func factor(from unit: LabUnit) -> Decimal? {
        if unit == standardUnit { return 1 }
        switch (self, unit) {
        case (.haemoglobin, .gramsPerDecilitre): return 10
        case (.creatinine, .milligramsPerDecilitre): return Decimal(string: "88.4")!
        case (.bilirubin, .milligramsPerDecilitre): return Decimal(string: "17.1")!
        default: return nil
        }
    }

    public var allowedUnits: [LabUnit] { LabUnit.allCases.filter { factor(from: $0) != nil } }

    /// Protocol limits for a safe percutaneous implantation (eligibility: platelets >= 50 x 10^9/L,
    /// INR <= 1.5); other tests have no refusal limit, only the usual clinical alert values.
    var procedureSafetyLimits: (lower: Decimal?, upper: Decimal?) {
        switch self {
        case .platelets: return (50, nil)
        case .inr: return (nil, Decimal(string: "1.5")!)
        case .haemoglobin: return (80, nil)
        case .neutrophils: return (Decimal(string: "1.5")!, nil)
        case .creatinine: return (nil, 177)
        case .bilirubin: return (nil, 51)
        }
    }
}

/// One laboratory result as entered: value and unit.
public struct LabResult: Hashable, Sendable, Codable {
    public var test: BaselineLabTest
    public var value: Decimal
    public var unit: LabUnit

    public init(test: BaselineLabTest, value: Decimal, unit: LabUnit) {
        self.test = test
        self.value = value
        self.unit = unit
    }

    /// The value in the test's standard unit; nil when the unit does not fit the test.
    public var standardValue: Decimal? { test.factor(from: unit).map { value * $0 } }
}
