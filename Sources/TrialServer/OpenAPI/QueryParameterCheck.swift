import TrialCore
import Vapor

/// Holds every request to the query parameters its route documents: a value that the document's schema
/// does not allow (a word where a number belongs, a status that does not exist, a limit out of range) is a
/// 422 naming the parameter, before the handler runs. What the document promises is what the server does.
enum QueryParameterCheck {
    static func problems(in request: Request, declared parameters: [QueryParameter]) -> [FieldError] {
        var errors: [FieldError] = []
        for parameter in parameters {
            guard let text = request.query[String.self, at: parameter.name] else { continue }
            if let problem = problem(with: text, schema: parameter.schema.value, field: parameter.name) { errors.append(problem) }
        }
        return errors
    }

    static func problem(with text: String, schema: [String: Any], field: String) -> FieldError? {
        switch schema["type"] as? String {
        case "integer":
            guard text.count <= 20, let number = Int(text) else {
                return FieldError(field: field, RuleMessage("input.wholeNumber", "must be a whole number"))
            }
            let minimum = schema["minimum"] as? Int ?? Int.min
            let maximum = schema["maximum"] as? Int ?? Int.max
            if number < minimum || number > maximum {
                return FieldError(field: field, RuleMessage("input.numberOutOfRange", "must be between {minimum} and {maximum}",
                                                            ["minimum": String(minimum), "maximum": String(maximum)]))
            }
        case "boolean":
            if text != "true" && text != "false" {
                return FieldError(field: field, RuleMessage("input.notTrueOrFalse", "must be true or false"))
            }
        default:
            if let choices = schema["enum"] as? [String], !choices.contains(text) {
                return FieldError(field: field, RuleMessage("input.notAChoice", "'{value}' is not one of: {choices}",
                                                            ["value": String(text.prefix(80)), "choices": choices.joined(separator: ", ")]))
            }
            if let maximum = schema["maxLength"] as? Int, let problem = InputLimits.textProblem(text, field: field, maximum: maximum) {
                return problem
            }
        }
        return nil
    }
}
