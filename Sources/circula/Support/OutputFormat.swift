import ArgumentParser

/// How a command prints its data. JSON is stable (sorted keys, documented fields); CSV has a header row.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `--format table|json|csv`, shared by every command that prints data.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table
}
