import Vapor

/// Stores a session only when something in it changed. The framework writes the session back after every
/// request that has one, and makes one for any visitor whose code touched it; here a request that changed
/// nothing (every GET of a page) writes nothing, and an empty new session is never stored, so anonymous
/// visits and bogus cookies leave no rows behind.
struct ChangedSessionsDriver: SessionDriver {
    let stored: any SessionDriver

    private struct LoadedData: StorageKey {
        typealias Value = SessionData
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        guard !data.snapshot.isEmpty else {
            // Nothing to keep: the cookie carries an id no row has, and the next request starts afresh.
            return request.eventLoop.makeSucceededFuture(SessionID(string: [UInt8].random(count: 32).base64String()))
        }
        return stored.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        stored.readSession(sessionID, for: request).map { data in
            if let data { request.storage[LoadedData.self] = data }
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if request.storage[LoadedData.self] == data { return request.eventLoop.makeSucceededFuture(sessionID) }
        return stored.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        stored.deleteSession(sessionID, for: request)
    }
}
