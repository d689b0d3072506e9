import Foundation
import Testing
import TrialCore

/// The rule behind a reported error, failing the test when there is no error or it carries no rule code.
/// Every value the template names must be given, and nothing else, so no `{name}` is left on a translated
/// page; and the English sentence must be the template filled with those values.
func codedRule(_ error: FieldError?, sourceLocation: SourceLocation = #_sourceLocation) throws -> RuleMessage {
    let found = try #require(error, "no error was reported", sourceLocation: sourceLocation)
    let rule = try #require(found.rule, "\(found.field) has no rule code: \(found.message)", sourceLocation: sourceLocation)
    #expect(RuleMessage.placeholders(in: rule.template) == Set(rule.arguments.keys), "\(rule.code)", sourceLocation: sourceLocation)
    #expect(found.message == rule.text, sourceLocation: sourceLocation)
    return rule
}
