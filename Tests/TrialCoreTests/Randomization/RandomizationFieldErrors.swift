import TrialCore

/// The field errors a throwing call reports, empty when it succeeds, so tests can compare messages exactly.
enum RandomizationFieldErrors {
    static func of(_ body: () throws -> Void) -> [FieldError] {
        do {
            try body()
            return []
        } catch let failure as ValidationFailure {
            return failure.errors
        } catch {
            return [FieldError(field: "(unexpected)", message: "\(error)")]
        }
    }
}
