import Foundation

/// Where an analysis variable's values come from, as Define-XML 2.1 says it (`def:Origin`).
public enum DefineOrigin: Hashable, Sendable {
    /// Recorded on a case report form: the form (`CaseReportForm` raw value) and the field path in it.
    case collected(form: String, field: String)
    /// Computed by TrialDesk; the derivation in plain words.
    case derived(String)
    /// Set by TrialDesk to a fixed value or from the study definition; what it is set to.
    case assigned(String)
    /// Decided by the protocol (the study definition file).
    case `protocol`(String)

    /// The Define-XML 2.1 origin type.
    public var type: String {
        switch self {
        case .collected: return "Collected"
        case .derived: return "Derived"
        case .assigned: return "Assigned"
        case .protocol: return "Protocol"
        }
    }

    /// The plain words a reviewer reads: the CRF item, or the derivation.
    public var text: String {
        switch self {
        case .collected(let form, let field): return "CRF item \(form).\(field)"
        case .derived(let text), .assigned(let text), .protocol(let text): return text
        }
    }
}

/// What Define-XML says about each variable of the ADaM datasets beyond what the transport file holds:
/// its origin (the CRF item it was recorded in, or that it is derived), and for a derived variable how, in
/// plain words. A variable is looked up as `DATASET.NAME` first, then by its name alone (the identifiers
/// and population flags mean the same in every dataset). `DefineVariableCatalogTests` holds every variable
/// of every ADaM dataset to having an entry, so a new variable cannot reach define.xml undescribed.
public enum DefineVariableCatalog {
    public static func origin(dataset: String, variable: String) -> DefineOrigin? {
        byDataset["\(dataset).\(variable)"] ?? byName[variable] ?? stratumOrigin(variable)
    }

    /// STRAT1...STRAT9 follow the study's stratification factors.
    private static func stratumOrigin(_ variable: String) -> DefineOrigin? {
        guard variable.hasPrefix("STRAT"), let number = Int(variable.dropFirst(5)), (1...9).contains(number) else { return nil }
        return .derived("The level of stratification factor \(number) of the study definition, from the screening values recorded at randomization.")
    }

    /// The variables whose values are a fixed set (a code list in define.xml, built from the values the
    /// dataset holds). Flags (`...FL`) are code lists too.
    public static func hasCodeList(_ variable: String) -> Bool {
        codeListVariables.contains(variable) || (variable.hasSuffix("FL") && variable.count <= 8)
    }

    static let codeListVariables: Set<String> = [
        "PARAMCD", "CNSR", "EVNTDESC", "CNSDTDSC", "AVALCAT1", "AVALU", "CRSTAT", "SEX", "AGEU", "AGEGR1", "TRT01P", "TRT01A",
        "TRT01PN", "TRT01AN", "EOSSTT", "DTHCAUS", "IMGMODBL", "RSPCRIT", "AESER", "AERELPR", "AERELST", "AEOUT", "AEACN", "AVISIT",
        "PARCAT1", "PRGCRIT", "SRCDOM", "SRCVAR", "AETOXGR", "ATOXGRN", "STRATUM",
    ]

    /// The derivation of each ADTTE parameter's AVAL (value-level metadata on PARAMCD).
    public static func timeToEventDerivation(_ parameter: String) -> String? {
        switch parameter {
        case "PFS":
            return "Days from randomization to the first progression (PD or PMD, on the date of the assessment that showed it) or death from any cause, whichever comes first. Without a baseline or an adequate post-baseline assessment: an event only for a death within the missed-assessment window, else censored at randomization; an event after two or more missed assessments is censored at the last adequate assessment; without an event, censored at the last adequate assessment; then limited to the study's PFS horizon. CNSR and EVNTDESC name the rule applied (docs/endpoints.md)."
        case "PFSNLC":
            return "As PFS, but censored at the last adequate assessment on or before the start of the first new line of systemic therapy (started for progression or clinical decision) when that line began before the date the PFS rules chose; at randomization when no adequate assessment precedes it (the sensitivity analysis of PFS rule 5)."
        case "OS":
            return "Days from randomization to death from any cause; otherwise censored on the last date known alive; then limited to the study's OS horizon."
        case "TTNT":
            return "Days from randomization to the start of the first new line of systemic therapy (started for progression or clinical decision) begun after the randomization day; a death before any new line is censored at death and flagged as the competing event (CRSTAT 2); otherwise censored on the last date known alive; then limited to the study's TTNT horizon."
        case "LC":
            return "Per 125I-treated lesion: days from its implantation to the first scan flagged with in-field progression of it; death without local failure is the competing event (CRSTAT 2); otherwise censored at the lesion's last imaging (at implantation when there is none); then limited to the study's local-control horizon."
        case "LCSUBJ":
            return "Per participant with treated lesions: days from the earliest implantation to the first in-field progression of any treated lesion; death before it is the competing event (CRSTAT 2); otherwise censored at the latest imaging of any treated lesion; then limited to the study's local-control horizon."
        default:
            return nil
        }
    }

    static let byName: [String: DefineOrigin] = [
        "STUDYID": .assigned("The protocol identifier of the study definition."),
        "USUBJID": .derived("The protocol identifier, a hyphen and the participant ID."),
        "SUBJID": .assigned("The participant ID TrialDesk gave at enrollment (site code and sequence number)."),
        "SITEID": .assigned("The site the participant was enrolled at."),
        "TRT01P": .assigned("The arm code allocated at randomization."),
        "TRT01PN": .derived("The position of the allocated arm among the study definition's arms (1 = first)."),
        "TRT01A": .derived("The arm whose treatment was received: an implantation on or after randomization makes it the implantation arm, systemic therapy alone the other arm; missing when no study treatment was given."),
        "TRT01AN": .derived("The position of the actual arm among the study definition's arms (1 = first)."),
        "STRATUM": .derived("The randomization stratum: the levels of every stratification factor, joined."),
        "ITTFL": .derived("Y for every randomized participant (intention to treat)."),
        "PPROTFL": .derived("Y when the participant received the allocated treatment (implantation arm: at least one implantation; control arm: systemic therapy and no implantation) and has no major protocol deviation."),
        "SAFFL": .derived("Y when the participant received any study treatment: a 125I implantation, or a line of systemic therapy started on or after randomization."),
        "STARTDT": .derived("The time-to-event origin: the randomization date, or for local control the implantation date."),
        "SRCDOM": .derived("The dataset holding the record the date came from (RS, DM, CM, PR), when one does."),
        "SRCVAR": .derived("The variable of that record holding the date."),
        "SRCSEQ": .derived("The sequence number of that record in its dataset."),
        "AESEQ": .derived("The adverse event's position among the participant's adverse events, in recorded order."),
        "AEDECOD": .collected(form: "adverseEvents", field: "term"),
        "AEBODSYS": .derived("The CTCAE v5.0 system organ class of the recorded term."),
        "AETOXGR": .collected(form: "adverseEvents", field: "grade"),
        "AESER": .derived("Y when any seriousness criterion is ticked on the adverse event form (adverseEvents.seriousnessCriteria), else N."),
        "AEOUT": .collected(form: "adverseEvents", field: "outcome"),
        "AEACN": .collected(form: "adverseEvents", field: "actionTaken"),
    ]

    static let byDataset: [String: DefineOrigin] = [
        // ADSL
        "ADSL.AGE": .collected(form: "baseline", field: "ageYears"),
        "ADSL.AGEU": .assigned("YEARS whenever an age is recorded."),
        "ADSL.AGEGR1": .derived("<65 or >=65 from AGE in years (the groups of the baseline table and the subgroup analysis)."),
        "ADSL.SEX": .collected(form: "baseline", field: "sex"),
        "ADSL.RANDDT": .derived("The date of the randomization TrialDesk performed."),
        "ADSL.TRTSDT": .derived("The randomization date for a participant treated with systemic therapy only; otherwise the earliest 125I implantation or systemic therapy start on or after randomization."),
        "ADSL.MAJDVN": .derived("The number of protocol deviation forms classed major."),
        "ADSL.DTHFL": .derived("Y when a death form is recorded."),
        "ADSL.DTHDT": .collected(form: "death", field: "date"),
        "ADSL.DTHCAUS": .collected(form: "death", field: "cause"),
        "ADSL.LSTALVDT": .derived("The latest of the randomization date and every later recorded date (tumour assessments, implantations, therapy starts, questionnaires, adverse event onsets, follow-up last-known-alive dates, follow-up scans), not after the death date."),
        "ADSL.EOSSTT": .derived("COMPLETED when the end-of-study reason is completion, DISCONTINUED for any other reason or a death without end-of-study form, ONGOING otherwise."),
        "ADSL.EOSDT": .collected(form: "endOfStudy", field: "date"),
        "ADSL.DCSREAS": .derived("The end-of-study reason (endOfStudy.reason) in CDISC words; missing when the participant completed."),
        "ADSL.ECOGBL": .collected(form: "baseline", field: "ecog"),
        "ADSL.LESNUMBL": .derived("The number of lesions recorded on the baseline form."),
        "ADSL.IMGMODBL": .collected(form: "baseline", field: "imagingModality"),
        "ADSL.RSPCRIT": .derived("RECIST 1.1 when the baseline imaging is CT, PERCIST 1.0 when it is FDG PET/CT."),
        "ADSL.PRIMSITE": .collected(form: "baseline", field: "primaryTumourSite"),
        "ADSL.HISTOL": .collected(form: "baseline", field: "histology"),
        "ADSL.PRIORLN": .collected(form: "baseline", field: "priorLinesOfTherapy"),
        "ADSL.TRTLESN": .derived("The number of distinct lesions treated with 125I seeds on the implantation forms."),
        // ADTTE
        "ADTTE.PARAMCD": .assigned("One code per time-to-event endpoint: PFS, PFSNLC, OS, TTNT, LC (per treated lesion), LCSUBJ."),
        "ADTTE.PARAM": .assigned("The endpoint's name, with its unit."),
        "ADTTE.LESIONID": .collected(form: "implantation", field: "lesions[].lesionId"),
        "ADTTE.LESORGAN": .collected(form: "baseline", field: "lesions[].organ"),
        "ADTTE.AVAL": .derived("Days from STARTDT to ADT, by the endpoint's rule (value-level metadata on PARAMCD gives each)."),
        "ADTTE.AVALU": .assigned("DAYS."),
        "ADTTE.ADT": .derived("The date of the event, or of censoring, that the endpoint's rule chose."),
        "ADTTE.CNSR": .derived("0 when ADT is the event, a positive code when the record is censored; each parameter numbers its own censoring rules, which EVNTDESC and CNSDTDSC say in words (docs/endpoints.md)."),
        "ADTTE.EVNTDESC": .derived("The event or the censoring rule that decided AVAL, in words."),
        "ADTTE.CNSDTDSC": .derived("For a censored record, which date the censoring took."),
        "ADTTE.CRSTAT": .derived("For TTNT and local control (LC, LCSUBJ): 0 censored, 1 the event of interest, 2 death as the competing event."),
        // ADAE
        "ADAE.ATOXGRN": .derived("AETOXGR as a number."),
        "ADAE.ASTDT": .collected(form: "adverseEvents", field: "onsetDate"),
        "ADAE.AENDT": .collected(form: "adverseEvents", field: "resolutionDate"),
        "ADAE.ASTDY": .derived("Study day of ASTDT counted from randomization (day 1, no day 0)."),
        "ADAE.TRTEMFL": .derived("Y when the onset is on or after the first study treatment (TRTSDT) and not later than the study's window after the last treatment."),
        "ADAE.AERELPR": .derived("Y when the attribution to the 125I seed procedure (adverseEvents.procedureAttribution) is a related one, else N."),
        "ADAE.AERELST": .derived("Y when the attribution to systemic therapy (adverseEvents.systemicTherapyAttribution) is a related one, else N."),
        // ADQS
        "ADQS.PARAMCD": .assigned("The EORTC QLQ-C30 scale's abbreviation, and QLQSUMM for the summary score."),
        "ADQS.PARAM": .assigned("The scale's name."),
        "ADQS.AVISIT": .collected(form: "qlqC30", field: "timepoint"),
        "ADQS.ABLFL": .derived("Y on the record of the first time point, the baseline."),
        "ADQS.ADT": .collected(form: "qlqC30", field: "date"),
        "ADQS.AVAL": .derived("The scale score, 0 to 100, computed from the recorded answers by the EORTC QLQ-C30 scoring manual (the mean of the scale's items, linearly transformed)."),
        "ADQS.BASE": .derived("AVAL of the baseline record of the same participant and scale."),
        "ADQS.CHG": .derived("AVAL minus BASE."),
        "ADQS.CRIT1": .protocol("The responder threshold of the study definition, in points."),
        "ADQS.CRIT1FL": .derived("Y when the change from baseline is an improvement of at least the responder threshold."),
        "ADQS.AVALCAT1": .derived("IMPROVED, STABLE or WORSENED: the change from baseline against the responder threshold, improvement read in the scale's own direction (a higher symptom score is worse)."),
        // ADPROG
        "ADPROG.PARAMCD": .assigned("One code per pattern of the first progression."),
        "ADPROG.PARAM": .assigned("The pattern's name."),
        "ADPROG.PARCAT1": .derived("TREATED FIELD for in-field and marginal patterns, DISEASE for the others."),
        "ADPROG.AVALC": .assigned("Y: the pattern is present."),
        "ADPROG.AVAL": .derived("Days from randomization to the first progression."),
        "ADPROG.STARTDT": .derived("The randomization date."),
        "ADPROG.ADT": .collected(form: "tumourAssessment", field: "date"),
        "ADPROG.PRGCRIT": .derived("The response criterion that governs the participant (RSPCRIT)."),
        "ADPROG.NEWLOC": .collected(form: "tumourAssessment", field: "newLesions[].site"),
        "ADPROG.INFLDLES": .derived("The treated lesions whose in-field progression the assessment shows."),
        "ADPROG.SRCFORM": .assigned("The record ID of the tumour assessment form of the first progression."),
    ]
}
