import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FluentKit
import Testing
import TrialStore
import TrialStoreTesting

/// Two `trialdesk serve` processes share one database (PostgreSQL when DATABASE_URL is set, as CI runs it;
/// one SQLite file otherwise) and receive 64 simultaneous randomizations for 64 participants of one stratum.
/// The database, not an in-process lock, must keep slots 1-64 each used once.
@Suite struct TwoServerRandomizationTests {
    struct Server {
        let process: Process
        let base: URL
        let log: URL
    }

    static func startServer(port: Int, folder: URL, environment: [String: String], db: [String]) throws -> Server {
        let process = Process()
        process.executableURL = try TrialDeskBinary.url()
        process.arguments = ["serve", "--port", String(port)] + db
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let log = folder.appendingPathComponent("server-\(port).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return Server(process: process, base: URL(string: "http://127.0.0.1:\(port)")!, log: log)
    }

    static func waitForHealth(_ server: Server) async throws {
        if await ServerHealthWait.body(of: server.base, while: { server.process.isRunning }) != nil { return }
        let log = (try? String(contentsOf: server.log, encoding: .utf8)) ?? ""
        Issue.record("server on \(server.base) did not answer /health; its log ends: \(log.suffix(2000))")
    }

    static func call(_ method: String, _ url: URL, token: String?, json: String?) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }

    @Test(.timeLimit(.minutes(5)))
    func sixty_four_simultaneous_randomizations_across_two_server_processes_use_each_slot_once() async throws {
        let folder = try TrialDeskBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let disposable = try await DisposableDatabase.create(postgresServerURL: ProcessInfo.processInfo.environment["DATABASE_URL"])
        var environment: [String: String] = [:]
        var dbFlag: [String] = []
        switch disposable.configuration {
        case .postgres(let url): environment["DATABASE_URL"] = url
        case .sqlite(let path): dbFlag = ["--db", path]
        }
        let password = "a long enough password"
        let migrated = try await TrialDeskBinary.run(["migrate"] + dbFlag, environment: environment)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let added = try await TrialDeskBinary.run(["user", "add", "coordinator", "--role", "coordinator", "--site", "960"] + dbFlag,
                                            stdin: password + "\n", environment: environment)
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")

        let basePort = 20_000 + Int.random(in: 0..<5000)
        let servers = try [basePort, basePort + 1].map { try Self.startServer(port: $0, folder: folder, environment: environment, db: dbFlag) }
        defer {
            for server in servers { server.process.terminate(); server.process.waitUntilExit() }
        }
        for server in servers { try await Self.waitForHealth(server) }

        let (status, tokenBody) = try await Self.call("POST", servers[0].base.appendingPathComponent("api/v1/tokens"), token: nil,
                                                      json: #"{"username":"coordinator","password":"\#(password)"}"#)
        #expect(status == 201)
        let token = try #require(tokenBody["token"] as? String)

        // 64 eligible, consented participants with 8-10 lesions (one stratum), entered through the API.
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        let studyResponse = try await Self.call("GET", servers[0].base.appendingPathComponent("api/v1/study"), token: token, json: nil)
        let criteria = try #require(studyResponse.1["eligibility"] as? [[String: Any]])
        var answers: [String] = []
        for criterion in criteria {
            guard let id = criterion["id"] as? String else { continue }
            if let qualifying = criterion["qualifyingAnswer"] as? String { answers.append("\"\(id)\":\"\(qualifying)\"") }
        }
        var participantIDs: [String] = []
        for _ in 0..<64 {
            let screening = """
            {"siteCode":"960","screeningDate":"\(today)","values":{"age":60,"sex":"male","primaryTumour":"lung","metastaticLesionCount":9,"ecog":1,"plateletCount":200,"inr":1.0},
             "answers":{\(answers.joined(separator: ","))}}
            """
            let (screened, body) = try await Self.call("POST", servers[0].base.appendingPathComponent("api/v1/screenings"), token: token, json: screening)
            #expect(screened == 201, "\(body)")
            let id = try #require(body["id"] as? String)
            let (consented, consentBody) = try await Self.call("POST", servers[1].base.appendingPathComponent("api/v1/screenings/\(id)/consent"), token: token,
                                                               json: #"{"date":"\#(today)","formVersion":"2.1","obtainedBy":"Dr Li"}"#)
            #expect(consented == 200, "\(consentBody)")
            let (enrolled, participant) = try await Self.call("POST", servers[0].base.appendingPathComponent("api/v1/screenings/\(id)/enrollment"), token: token, json: nil)
            #expect(enrolled == 201, "\(participant)")
            participantIDs.append(try #require(participant["participantID"] as? String))
        }

        struct Outcome: Sendable {
            var participantID: String
            var status: Int
            var allocationNumber: Int?
            var body: String
        }
        let bases = servers.map(\.base)
        let results = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for (index, id) in participantIDs.enumerated() {
                let base = bases[index % 2]
                group.addTask {
                    let (status, body) = try await Self.call("POST", base.appendingPathComponent("api/v1/participants/\(id)/randomization"), token: token, json: nil)
                    return Outcome(participantID: id, status: status, allocationNumber: body["allocationNumber"] as? Int, body: "\(body)")
                }
            }
            var all: [Outcome] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.allSatisfy { $0.status == 201 }, "\(results.filter { $0.status != 201 }.map { "\($0.status) \($0.body)" })")
        let numbers = results.compactMap(\.allocationNumber).sorted()
        #expect(numbers == Array(1...64))

        // Every slot 1-64 of the stratum used exactly once, each by the participant holding its arm.
        let (databases, database) = try await disposable.configuration.open()
        let slots = try await AllocationSlotRecord.query(on: database)
            .filter(\.$stratum == "lesionCount=8-10").filter(\.$participantID != nil).sort(\.$slotNumber).all()
        let audit = try await AuditVerifier(database: database).verify()
        await databases.shutdownAsync()
        #expect(slots.map(\.slotNumber) == Array(1...64))
        #expect(Set(slots.compactMap(\.participantID)) == Set(participantIDs))
        #expect(audit.isIntact, "\(audit.problems)")
        for server in servers { server.process.terminate(); server.process.waitUntilExit() }
        await disposable.destroy()
    }
}
