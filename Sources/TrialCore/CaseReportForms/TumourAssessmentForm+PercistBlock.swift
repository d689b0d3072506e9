import Foundation

extension TumourAssessmentForm {
    /// PERCIST 1.0 reads the PET/CT of this assessment, so its scan is dated by the assessment: a form that
    /// gives no scan date takes the assessment's (a different one is refused by the form's check). A PERCIST
    /// block with nothing in it (no reference values, no lesion) is no PERCIST reading at all. Applied to
    /// every form read, so the page and the API are read the same way.
    static func completingPercist(_ json: Data) throws -> Data {
        guard var root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              var percist = root["percist"] as? [String: Any] else { return json }
        let lesions = percist["lesions"] as? [Any] ?? []
        if percist.keys.allSatisfy({ $0 == "lesions" }) && lesions.isEmpty {
            root["percist"] = nil
        } else {
            if percist["lesions"] == nil || percist["lesions"] is NSNull { percist["lesions"] = lesions }
            if percist["date"] == nil || percist["date"] is NSNull, let date = root["date"] { percist["date"] = date }
            root["percist"] = percist
        }
        return try JSONSerialization.data(withJSONObject: root)
    }
}
