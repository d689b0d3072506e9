import Foundation

extension Casebook {
    /// The casebook as it stood for an analysis with data cut-off `cutoff`: every form dated after the
    /// cut-off is left out, and dates after it inside kept forms (a therapy stop, an event's resolution)
    /// are treated as not yet known. Nothing after the cut-off can then decide an endpoint.
    ///
    /// The baseline form and protocol deviations dated on or before the cut-off are kept; a death or
    /// end of study after the cut-off is unknown at the cut-off.
    public func asOf(dataCutoff cutoff: CalendarDate) -> Casebook {
        var cut = self
        cut.implantations = implantations.filter { $0.form.date <= cutoff }
        cut.therapyLines = therapyLines.filter { $0.form.startDate <= cutoff }.map { line in
            var line = line
            if let stop = line.form.stopDate, stop > cutoff {
                line.form.stopDate = nil
                line.form.stopReason = nil
            }
            return line
        }
        cut.assessments = assessments.filter { $0.form.date <= cutoff }
        cut.adverseEvents = adverseEvents.filter { $0.form.onsetDate <= cutoff }.map { event in
            var event = event
            if let resolved = event.form.resolutionDate, resolved > cutoff {
                // Ongoing at the cut-off: the outcome recorded later is not known yet.
                event.form.resolutionDate = nil
                event.form.outcome = .notRecovered
            }
            return event
        }
        cut.qualityOfLife = qualityOfLife.filter { $0.form.date <= cutoff }
        cut.followUps = followUps.filter { $0.form.date <= cutoff }.map { followUp in
            var followUp = followUp
            followUp.form.lastKnownAliveDate = min(followUp.form.lastKnownAliveDate, cutoff)
            return followUp
        }
        if let death, death.form.date > cutoff { cut.death = nil }
        if let endOfStudy, endOfStudy.form.date > cutoff { cut.endOfStudy = nil }
        cut.deviations = deviations.filter { $0.form.date <= cutoff }
        return cut
    }
}
