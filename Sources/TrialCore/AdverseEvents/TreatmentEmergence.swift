import Foundation

/// Whether an adverse event is treatment-emergent.
///
/// An event is treatment-emergent when it starts (or worsens; record a worsening as its own event with the date it
/// worsened) on or after the first study treatment and no later than a protocol window after the last one.
/// First study treatment: randomization for the control arm's systemic therapy; the first implantation or systemic
/// dose in the experimental arm. The window is a parameter (default 30 days).
public enum TreatmentEmergence {
    public static let defaultWindowDays = 30

    /// - Parameters:
    ///   - onset: the event's onset (or worsening) date.
    ///   - firstTreatment: first study treatment; nil when the participant was never treated (never emergent).
    ///   - lastTreatment: last study treatment; nil while treatment continues (no upper limit yet).
    ///   - windowDays: days after the last treatment that still count (inclusive).
    public static func isTreatmentEmergent(
        onset: CalendarDate, firstTreatment: CalendarDate?, lastTreatment: CalendarDate?,
        windowDays: Int = defaultWindowDays
    ) -> Bool {
        guard let firstTreatment, onset >= firstTreatment else { return false }
        guard let lastTreatment else { return true }
        return onset <= lastTreatment.adding(days: windowDays)
    }
}
