import Foundation
@testable import TrialReports

/// A transport v5 reader used only by the tests, so that round trips check the writer against the
/// layout read field by field rather than against itself.
struct XPTTestReader {
    struct Variable: Equatable {
        var isNumeric: Bool
        var length: Int
        var number: Int
        var name: String
        var label: String
        var formatName: String
        var formatWidth: Int
        var formatDecimals: Int
        var position: Int
    }

    enum Value: Equatable {
        case number(Double)
        case missing
        case text(String)
    }

    struct Member {
        var name: String
        var label: String
        var created: String
        var modified: String
        var variables: [Variable]
        var rows: [[Value]]
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    var sasVersion = ""
    var operatingSystem = ""
    var created = ""
    var modified = ""
    var members: [Member] = []

    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) throws {
        bytes = Array(data)
        guard bytes.count % 80 == 0 else { throw ReadError(description: "file length \(bytes.count) is not a multiple of 80") }
        try expectHeader("LIBRARY ", counts: String(repeating: "0", count: 30))
        let library = try record()
        guard text(library, 0, 24) == "SAS     SAS     SASLIB  " else { throw ReadError(description: "bad library record") }
        sasVersion = trimmed(library, 24, 8)
        operatingSystem = trimmed(library, 32, 8)
        guard library[40..<64].allSatisfy({ $0 == 0x20 }) else { throw ReadError(description: "library blanks") }
        created = text(library, 64, 16)
        let modifiedRecord = try record()
        modified = text(modifiedRecord, 0, 16)
        guard modifiedRecord[16...].allSatisfy({ $0 == 0x20 }) else { throw ReadError(description: "modified blanks") }
        while offset < bytes.count {
            members.append(try readMember())
        }
    }

    private mutating func readMember() throws -> Member {
        try expectHeader("MEMBER  ", counts: "000000000000000001600000000140")
        try expectHeader("DSCRPTR ", counts: String(repeating: "0", count: 30))
        let first = try record()
        guard text(first, 0, 8) == "SAS     ", text(first, 16, 8) == "SASDATA " else { throw ReadError(description: "bad member record") }
        let second = try record()
        let namestrHeader = try record()
        guard text(namestrHeader, 0, 54) == "HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000",
              text(namestrHeader, 58, 22) == String(repeating: "0", count: 20) + "  ",
              let count = Int(text(namestrHeader, 54, 4)) else {
            throw ReadError(description: "bad NAMESTR header")
        }
        var variables: [Variable] = []
        let namestrStart = offset
        for index in 0..<count {
            let n = Array(bytes[(namestrStart + 140 * index)..<(namestrStart + 140 * (index + 1))])
            guard int(n, 2, 2) == 0, n[70] == 0, n[71] == 0, text(n, 72, 8) == "        ",
                  n[88..<140].allSatisfy({ $0 == 0 }) else {
                throw ReadError(description: "namestr \(index) has unexpected filler")
            }
            variables.append(Variable(
                isNumeric: int(n, 0, 2) == 1, length: int(n, 4, 2), number: int(n, 6, 2),
                name: trimmed(n, 8, 8), label: trimmed(n, 16, 40), formatName: trimmed(n, 56, 8),
                formatWidth: int(n, 64, 2), formatDecimals: int(n, 66, 2), position: int(n, 84, 4)
            ))
        }
        offset = namestrStart + 140 * count
        try skipPadding()
        try expectHeader("OBS     ", counts: String(repeating: "0", count: 30))

        let memberHeader = Array("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!".utf8)
        var end = offset
        while end < bytes.count, !bytes[end..<min(end + 48, bytes.count)].elementsEqual(memberHeader) { end += 80 }
        let rowLength = variables.reduce(0) { $0 + $1.length }
        let region = end - offset
        // Rows fill all but the final blank padding, which is shorter than one record.
        var rowCount = rowLength == 0 ? 0 : region / rowLength
        while rowCount > 0, (rowCount - 1) * rowLength >= region - 79,
              bytes[(offset + (rowCount - 1) * rowLength)..<end].allSatisfy({ $0 == 0x20 }) {
            rowCount -= 1
        }
        var rows: [[Value]] = []
        for rowIndex in 0..<rowCount {
            let start = offset + rowIndex * rowLength
            rows.append(variables.map { variable in
                let field = bytes[(start + variable.position)..<(start + variable.position + variable.length)]
                if variable.isNumeric {
                    return IBMHexFloat.value(of: field).map(Value.number) ?? .missing
                }
                return .text(String(decoding: field, as: UTF8.self).replacingOccurrences(of: " +$", with: "", options: .regularExpression))
            })
        }
        let padding = bytes[(offset + rowCount * rowLength)..<end]
        guard padding.allSatisfy({ $0 == 0x20 }) else { throw ReadError(description: "observation padding is not blank") }
        offset = end
        return Member(
            name: trimmed(first, 8, 8), label: trimmed(second, 32, 40),
            created: text(first, 64, 16), modified: text(second, 0, 16),
            variables: variables, rows: rows
        )
    }

    private mutating func record() throws -> [UInt8] {
        guard offset + 80 <= bytes.count else { throw ReadError(description: "file ends at \(offset)") }
        defer { offset += 80 }
        return Array(bytes[offset..<(offset + 80)])
    }

    private mutating func expectHeader(_ kind: String, counts: String) throws {
        let line = try record()
        let expected = "HEADER RECORD*******" + kind + "HEADER RECORD!!!!!!!" + counts + "  "
        guard line == Array(expected.utf8) else {
            throw ReadError(description: "expected \(expected) but found \(String(decoding: line, as: UTF8.self))")
        }
    }

    private mutating func skipPadding() throws {
        let remainder = offset % 80
        guard remainder != 0 else { return }
        guard bytes[offset..<(offset + 80 - remainder)].allSatisfy({ $0 == 0x20 }) else {
            throw ReadError(description: "namestr padding is not blank")
        }
        offset += 80 - remainder
    }

    private func text(_ record: [UInt8], _ start: Int, _ length: Int) -> String {
        String(decoding: record[start..<(start + length)], as: UTF8.self)
    }

    private func trimmed(_ record: [UInt8], _ start: Int, _ length: Int) -> String {
        var slice = record[start..<(start + length)]
        while let last = slice.last, last == 0x20 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    private func int(_ record: [UInt8], _ start: Int, _ length: Int) -> Int {
        record[start..<(start + length)].reduce(0) { $0 << 8 | Int($1) }
    }
}
