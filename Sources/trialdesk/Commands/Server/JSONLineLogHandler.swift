import ArgumentParser
import Foundation
import Logging
import TrialCore

/// How `serve` writes its log: lines for a person (the default), or one JSON object per line for a log
/// collector (`--log-format json`), so that nothing has to parse free text.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// A log handler that writes each message as one JSON object on standard error: time, level, logger label,
/// message, and the metadata as strings.
struct JSONLineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        FileHandle.standardError.write(Self.line(time: Date(), level: event.level, label: label, message: event.message.description,
                                                 metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> Data {
        var object: [String: Any] = [
            "time": UTCTimestamp.string(from: time),
            "level": level.rawValue, "logger": label, "message": message,
        ]
        if !metadata.isEmpty { object["metadata"] = metadata.mapValues { $0.description } }
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        data.append(0x0A)
        return data
    }
}
