/// A small valid study file whose line numbers the invalid-file tests refer to.
/// Each test changes one line and expects the problem on that line.
enum SmallStudyFixture {
    static let yaml = """
        protocolId: SMALL-1
        version: "2.0"
        title: {en: Small study, zh-Hans: 小型研究}
        registration:
          registry: ClinicalTrials.gov
          phase: "2"
          studyType: interventional
          masking: none
        sponsor: {en: Sponsor, zh-Hans: 申办方}
        sites:
          - code: "960"
            name: {en: Hospital, zh-Hans: 医院}
            city: {en: Jinan, zh-Hans: 济南}
        screeningFields:
          - name: lesions
            label: {en: Lesions, zh-Hans: 病灶}
            kind: integer
            range: ">= 0"
          - name: sex
            label: {en: Sex, zh-Hans: 性别}
            kind: category
            categories: [female, male]
        arms:
          - code: A
            label: {en: Arm A, zh-Hans: A组}
            description: {en: Treatment A, zh-Hans: 治疗A}
          - code: B
            label: {en: Arm B, zh-Hans: B组}
            description: {en: Treatment B, zh-Hans: 治疗B}
        allocationRatio: {A: 1, B: 1}
        targetEnrollment: 40
        randomization:
          scheme: permutedBlocks
          blockSizes: [2, 4]
        stratification:
          - code: burden
            label: {en: Burden, zh-Hans: 负荷}
            sourceField: lesions
            levels:
              - code: low
                range: between 6 and 7
              - code: high
                range: between 8 and 10
        eligibility:
          - id: I1
            kind: inclusion
            text: {en: Six to ten lesions, zh-Hans: 6-10个病灶}
            answer: value
            qualifyingRule: between 6 and 10
            sourceField: lesions
          - id: E1
            kind: exclusion
            text: {en: Pregnant, zh-Hans: 妊娠}
            answer: yesNo
            qualifyingAnswer: no
        visits:
          - code: BL
            label: {en: Baseline, zh-Hans: 基线}
            day: 0
            windowMinusDays: 28
            windowPlusDays: 0
            forms: [baseline, tumourAssessment, qlqC30]
          - code: IMG
            label: {en: Imaging, zh-Hans: 影像}
            repeat: {firstDay: 56, everyDays: 56, lastDay: 365}
            windowMinusDays: 7
            windowPlusDays: 7
            forms: [tumourAssessment]
          - code: Q6
            label: {en: Month 6, zh-Hans: 第6个月}
            day: 182
            windowMinusDays: 14
            windowPlusDays: 14
            forms: [qlqC30]
        imaging:
          visit: IMG
        endpoints:
          - code: PFS
            name: {en: PFS, zh-Hans: 无进展生存期}
            role: primary
            origin: randomization
            timeFrameDays: 365
          - code: OS
            name: {en: OS, zh-Hans: 总生存期}
            role: secondary
            origin: randomization
            timeFrameDays: 730
        qualityOfLife:
          instrument: EORTC QLQ-C30 version 3.0
          timepoints: [BL, Q6]
          responderThresholdPoints: 10

        """

    /// The fixture with one line (1-based) replaced by `replacement` (which may hold several lines).
    static func replacing(line number: Int, with replacement: String) -> String {
        var lines = yaml.components(separatedBy: "\n")
        lines[number - 1] = replacement
        return lines.joined(separator: "\n")
    }

    /// The fixture with several lines (1-based) replaced at once; an empty replacement removes the line.
    static func replacing(lines replacements: [Int: String]) -> String {
        var lines = yaml.components(separatedBy: "\n")
        for (number, replacement) in replacements.sorted(by: { $0.key > $1.key }) {
            if replacement.isEmpty { lines.remove(at: number - 1) } else { lines[number - 1] = replacement }
        }
        return lines.joined(separator: "\n")
    }

    /// The fixture with the line (1-based) removed.
    static func removing(line number: Int) -> String {
        var lines = yaml.components(separatedBy: "\n")
        lines.remove(at: number - 1)
        return lines.joined(separator: "\n")
    }

    static func line(_ number: Int) -> String {
        yaml.components(separatedBy: "\n")[number - 1]
    }
}
