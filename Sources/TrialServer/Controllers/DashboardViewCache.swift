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
/// is never kept under the earlier head; at worst a kept view is computed again once.
///
/// The rendered page is kept as well, per signed-in reader, with its CSRF token slots cut out: rendering the
/// page with Leaf was most of what was left of a dashboard once its data were kept, and 32 coordinators
/// opening it at once waited for each other's rendering. A page with a notice or a refusal (shown once) is
/// rendered for its request alone; the backup state is read for each request and is part of the page's key.
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

    /// One reader's page of a kept view.
    struct PageKey: DataVersionedKey {
        var view: Key
        var username: String
        /// The path the language switch returns to (any query but `lang=` is part of it).
        var here: String
        var backup: DashboardPage.BackupLine?

        var dataVersion: DataVersion { DataVersion(chainSequence: view.chainSequence, chainHash: view.chainHash, day: view.day) }
    }

    /// Rendered in place of the CSRF token, then cut out: random for each server process, so that no value
    /// shown on a page can contain it.
    let tokenPlaceholder = TokenSlottedPage.newPlaceholder()

    private let entries = NIOLockedValueBox<[Key: DashboardPage.DashboardView]>([:])
    private let counts = NIOLockedValueBox<(hits: Int, misses: Int)>((0, 0))
    private let pages = SingleFlightKeeping<PageKey, TokenSlottedPage>(capacity: capacity)

    /// The kept page, the one another request is rendering for the same key, or `render()`'s, which is kept.
    /// A page given again, kept or shared, counts as a reuse of its view.
    func page(for key: PageKey, render: @escaping @Sendable () async throws -> TokenSlottedPage) async throws -> TokenSlottedPage {
        try await pages.value(for: key, compute: render)
    }

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

    var hitsAndMisses: (hits: Int, misses: Int) {
        let views = counts.withLockedValue { $0 }
        return (views.hits + pages.reusedAndComputed.reused, views.misses)
    }
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
