import TrialCore
import TrialStore
import Foundation
import Vapor

/// What every handler needs beyond the request: the store, the study in force and the settings.
/// Built once at start-up and kept in the application's storage.
public struct ServerContext: Sendable {
    public let settings: ServerSettings
    /// The version in force; an amendment installed through this server replaces it at once.
    public var study: StudyDefinition { inForce.study }
    public let studyTitle: String
    public let protocolID: String
    public let decoyPasswordHash: String
    public let ctcae: CtcaeDictionary
    /// The study's scheduled visits by code (IMG-3, FU-2), for lists that name a stored planned visit.
    public var scheduledVisitsByCode: [String: ScheduledVisit] { inForce.scheduledVisitsByCode }
    let inForce: StudyInForce

    public init(settings: ServerSettings, study: StudyDefinition, studyTitle: String, protocolID: String, decoyPasswordHash: String,
                ctcae: CtcaeDictionary) {
        self.settings = settings
        self.inForce = StudyInForce(study)
        self.studyTitle = studyTitle
        self.protocolID = protocolID
        self.decoyPasswordHash = decoyPasswordHash
        self.ctcae = ctcae
    }

    /// Makes `study` the version in force for every later request of this process (after an amendment).
    public func replaceStudy(with study: StudyDefinition) {
        inForce.replace(with: study)
    }
}

/// The study definition in force, shared by every request and replaced as a whole when an amendment is
/// installed; the lock makes the replacement and the reads safe across threads.
final class StudyInForce: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (study: StudyDefinition, visits: [String: ScheduledVisit])

    init(_ study: StudyDefinition) {
        current = (study, Self.visitsByCode(study))
    }

    var study: StudyDefinition { lock.withLock { current.study } }
    var scheduledVisitsByCode: [String: ScheduledVisit] { lock.withLock { current.visits } }

    func replace(with study: StudyDefinition) {
        let visits = Self.visitsByCode(study)
        lock.withLock { current = (study, visits) }
    }

    private static func visitsByCode(_ study: StudyDefinition) -> [String: ScheduledVisit] {
        Dictionary(study.scheduledVisits.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

struct ServerContextKey: StorageKey {
    typealias Value = ServerContext
}

extension Application {
    public var trialContext: ServerContext {
        get {
            guard let context = storage[ServerContextKey.self] else {
                fatalError("TrialServer.configure(_:settings:) must run before the application serves requests")
            }
            return context
        }
        set { storage[ServerContextKey.self] = newValue }
    }
}

extension Request {
    var store: TrialStore { TrialStore(database: db, now: trialContext.settings.clock) }

    /// The lists the signed-in user may read, scoped to the user's site in one place.
    func scopedRecords() throws -> SiteScopedRecords {
        SiteScopedRecords(store: store, scope: try requireUser().scope)
    }
    var users: UserDirectory { UserDirectory(store: store) }
    var enrollment: EnrollmentService { EnrollmentService(store: store, study: trialContext.study, auditKey: trialContext.settings.auditKey) }
    var trialContext: ServerContext { application.trialContext }

    var signInService: SignInService {
        SignInService(users: users, throttle: .standard, request: self, decoyHash: trialContext.decoyPasswordHash)
    }
}
