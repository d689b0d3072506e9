import PropertyBased
import Testing
import TrialCore

@Suite("Value rules")
struct NumericRuleTests {
    @Test(arguments: [
        (">= 18", "lower 18 inclusive", ">= 18"),
        (">=18", "operator glued to the number", ">= 18"),
        ("<= 2", "upper 2 inclusive", "<= 2"),
        ("< 1.5", "upper 1.5 exclusive", "< 1.5"),
        ("between 6 and 10", "both ends included", "between 6 and 10"),
        ("> 5 and <= 10", "two comparisons", "> 5 and <= 10"),
        (">= 6 and <= 10", "two inclusive comparisons read as between", "between 6 and 10"),
        ("= 0", "a single value", "= 0"),
        ("≥ 50", "unicode operator", ">= 50"),
    ])
    func rule_text_parses_to_its_canonical_form(text: String, meaning: String, canonical: String) throws {
        let rule = try NumericRule(parsing: text)
        #expect(rule.description == canonical, "\(meaning)")
        #expect(try NumericRule(parsing: rule.description) == rule)
    }

    @Test(arguments: ["", "more than 6", ">= eighteen", "between 10 and 6", "between 6 10", "> 1 and > 2",
                      "< 1 and < 2", "= 1 and < 3", "> 1 and < 2 and < 3", ">= inf"])
    func malformed_rule_text_is_rejected(text: String) {
        #expect(throws: NumericRuleSyntaxError.self) { try NumericRule(parsing: text) }
    }

    @Test func inclusive_and_exclusive_bounds_decide_the_boundary_values() throws {
        let lesions = try NumericRule(parsing: "> 5 and <= 10")
        #expect(!lesions.contains(5))
        #expect(lesions.contains(5.5))
        #expect(lesions.contains(6))
        #expect(lesions.contains(10))
        #expect(!lesions.contains(10.01))
        let inr = try NumericRule(parsing: "<= 1.5")
        #expect(inr.contains(1.5))
        #expect(!inr.contains(1.51))
    }

    @Test func whole_numbers_of_a_rule_respect_open_ends() throws {
        #expect(try NumericRule(parsing: "> 5 and <= 10").wholeNumbers.map { [$0.lowest, $0.highest] } == [6, 10])
        #expect(try NumericRule(parsing: "> 7 and < 8").wholeNumbers == nil)
        #expect(try NumericRule(parsing: ">= 6.5").wholeNumbers.map { [$0.lowest, $0.highest] } == [7, nil])
    }

    @Test func a_rule_whose_lower_end_passes_its_upper_end_is_empty() throws {
        #expect(try NumericRule(parsing: "> 3 and < 3").isEmpty)
        #expect(try NumericRule(parsing: ">= 10 and < 5").isEmpty)
        #expect(!(try NumericRule(parsing: "= 3").isEmpty))
    }

    @Test func canonical_text_of_any_rule_parses_back_to_the_same_rule() async {
        let bound = Gen.int(in: -50...50)
        await propertyCheck(input: bound, bound, Gen.int(in: 0...3)) { low, high, shape in
            let a = Double(min(low, high)) / 2, b = Double(max(low, high)) / 2
            let rule: NumericRule
            switch shape {
            case 0: rule = .between(a, b)
            case 1: rule = NumericRule(lower: .init(a, inclusive: false), upper: .init(b, inclusive: true))
            case 2: rule = NumericRule(lower: nil, upper: .init(b, inclusive: false))
            default: rule = .atLeast(a)
            }
            #expect((try? NumericRule(parsing: rule.description)) == rule)
        }
    }
}
