/// Why a trial design cannot be computed from the inputs given: `field` names the input at fault and
/// `rule` says what is allowed (for example `hazardRatio` must be > 0 and != 1).
public struct DesignError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }

    public var description: String { "\(field) \(rule)" }
}

extension DesignError {
    static func require(_ condition: Bool, _ field: String, _ rule: String) throws {
        if !condition { throw DesignError(field: field, rule: rule) }
    }

    /// 0 < alpha < 1/sided and sided in {1, 2}: the checks every design input shares.
    static func checkAlphaAndSides(alpha: Double, sided: Int) throws {
        try require(sided == 1 || sided == 2, "sided", "must be 1 or 2")
        try require(alpha.isFinite && alpha > 0 && alpha < 1.0 / Double(sided), "alpha",
                    sided == 1 ? "must be > 0 and < 1" : "must be > 0 and < 0.5 when sided is 2")
    }
}
