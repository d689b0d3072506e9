import Foundation
import NIOConcurrencyHelpers
import TrialCore
import Vapor

/// The dashboard's data, given again while nothing it shows can have changed: the same audit chain head
/// (every change of a participant, visit, query or serious event is an audited write that moves it), the
/// same trial day (visits fall due and overdue with the day), and the same reader (role, site, language).
/// Every coordinator opens the dashboard each morning; recomputing the work lists of six sites for each of
/// them was most of the monitor's page time at 1,200 participants.
///
/// The head is read before the data (as `CasebookAnswerCache` does), so that data read during a later write
/// is never kept under the earlier head; at worst a kept view is computed again once. Only the data is kept:
/// the page frame (user, notices, backup state) is rendered for each request.
final class DashboardViewCache: Sendable {
    struct Key: Hashable, Sendable {
        var role: Role
        var scope: SiteScope
        var language: String
        var chainSequence: Int64
        var chainHash: String
        var day: CalendarDate
    }

    /// Roles times sites times languages, several times over; past it everything is dropped (a new head makes
    /// the old entries useless anyway).
    static let capacity = 64

    private let entries = NIOLockedValueBox<[Key: DashboardPage.DashboardView]>([:])
    private let counts = NIOLockedValueBox<(hits: Int, misses: Int)>((0, 0))

    func view(for key: Key) -> DashboardPage.DashboardView? {
        let view = entries.withLockedValue { $0[key] }
        counts.withLockedValue { view == nil ? ($0.misses += 1) : ($0.hits += 1) }
        return view
    }

    func keep(_ view: DashboardPage.DashboardView, for key: Key) {
        entries.withLockedValue { entries in
            // Views of an older head or day can never be asked for again.
            entries = entries.filter { $0.key.chainSequence == key.chainSequence && $0.key.day == key.day }
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = view
        }
    }

    var hitsAndMisses: (hits: Int, misses: Int) { counts.withLockedValue { $0 } }
}

extension Application {
    private struct DashboardViewCacheKey: StorageKey {
        typealias Value = DashboardViewCache
    }

    /// Set when the server is configured; a bare application computes every dashboard.
    var dashboardViewCache: DashboardViewCache? {
        get { storage[DashboardViewCacheKey.self] }
        set { storage[DashboardViewCacheKey.self] = newValue }
    }
}
