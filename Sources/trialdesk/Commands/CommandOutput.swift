import ArgumentParser
import Foundation
import TrialCore

/// How every `trialdesk` command writes results and rejects input, so that scripts can rely on one shape:
/// JSON on stdout; invalid input as `{"errors":[{"field","message"}]}` with exit code 2.
enum CommandOutput {
    static let invalidInputExitCode = ExitCode(2)

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let data = try makeEncoder().encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    private struct ErrorList: Encodable {
        let errors: [FieldError]
    }

    /// Prints the field errors as JSON and returns the exit code to throw (`throw CommandOutput.reject(...)`).
    static func reject(_ errors: [FieldError]) -> ExitCode {
        try? printJSON(ErrorList(errors: errors))
        return invalidInputExitCode
    }

    /// Writes a refusal that is not about one input field (a damaged backup, a database newer than this
    /// binary) to standard error and returns exit code 1 to throw.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("trialdesk: \(message)\n".utf8))
        return ExitCode.failure
    }

    static func reject(field: String, message: String) -> ExitCode {
        reject([FieldError(field: field, message: message)])
    }

    /// Reads a whole input file, or rejects with the path named when it cannot be read.
    static func readInput(path: String, field: String = "FILE") throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw reject(field: field, message: "cannot read '\(path)': no such file or not readable")
        }
        return data
    }

    /// Decodes JSON input and turns a decoding failure into a field error naming the JSON path.
    static func decodeInput<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw reject([fieldError(for: error)])
        }
    }

    static func fieldError(for error: DecodingError) -> FieldError {
        func path(_ codingPath: [CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(input)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), message: "is required")
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context.codingPath), message: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldError(field: path(context.codingPath), message: "must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            let message = context.underlyingError.map { _ in "is not valid JSON" } ?? context.debugDescription
            return FieldError(field: path(context.codingPath), message: message)
        @unknown default:
            return FieldError(field: "(input)", message: "could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Double.Type, is Float.Type, is Int.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name
        }
    }
}
