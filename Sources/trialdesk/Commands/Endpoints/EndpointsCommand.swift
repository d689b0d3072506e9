import ArgumentParser

/// `trialdesk endpoints`: the trial's time-to-event endpoints derived from recorded dates.
struct EndpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "Derive PFS, OS, time to next treatment and local control (events, censoring, CNSR codes).",
        discussion: """
            The rules, their order and thresholds follow the endpoints documentation: \
            PFS censoring per the FDA 2018 table, administrative horizons, TTNT new lines for progression \
            or clinical decision only, local control with death as a competing event. Bad input ends with \
            exit code 2 and {"errors":[{"field","message"}]} naming the JSON path.
            """,
        subcommands: [EndpointsDeriveCommand.self]
    )
}
