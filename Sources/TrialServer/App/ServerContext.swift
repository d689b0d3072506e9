import TrialCore
import TrialStore
import Vapor

/// What every handler needs beyond the request: the store, the study in force and the settings.
/// Built once at start-up and kept in the application's storage.
public struct ServerContext: Sendable {
    public let settings: ServerSettings
    public let study: StudyDefinition
    public let studyTitle: String
    public let protocolID: String
    public let decoyPasswordHash: String
    public let ctcae: CtcaeDictionary
    /// The study's scheduled visits by code (IMG-3, FU-2), for lists that name a stored planned visit.
    public let scheduledVisitsByCode: [String: ScheduledVisit]

    public init(settings: ServerSettings, study: StudyDefinition, studyTitle: String, protocolID: String, decoyPasswordHash: String,
                ctcae: CtcaeDictionary) {
        self.settings = settings
        self.study = study
        self.studyTitle = studyTitle
        self.protocolID = protocolID
        self.decoyPasswordHash = decoyPasswordHash
        self.ctcae = ctcae
        self.scheduledVisitsByCode = Dictionary(study.scheduledVisits.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
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
