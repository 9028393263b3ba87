import ArgumentParser

/// `swiftplay report SUBCOMMAND`: work on the json reports runs leave behind.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Work on json reports (`--output json`): merge the reports of the shards of one run.",
    subcommands: [ReportMergeCommand.self])
}
