import Foundation

/// Change of a QLQ-C30 score from baseline, classified as improved, stable or worsened.
///
/// A change of 10 points or more is commonly read as clinically meaningful (Osoba et al., J Clin Oncol 1998);
/// the threshold is a parameter. "Improved" means a higher score on functional scales, global health and the
/// summary score, and a lower score on symptom scales.
public enum QlqC30ChangeCategory: String, Codable, Sendable, CaseIterable {
    case improved
    case stable
    case worsened
}
