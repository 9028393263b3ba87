import ArgumentParser
import Foundation
import SwiftPlayCore
import ValueModel

/// `swiftplay report merge FILE...`: the json reports of the shards of one run
/// (`--shard I/N --output json`) as the one report and recap an unsharded run gives, with
/// the exit code it would have had.
struct ReportMergeCommand: AsyncParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the json reports of the shards of one run into one report and recap.",
    discussion: "Each FILE is what `swiftplay --shard I/N --output json PLAYBOOK > FILE` wrote. Plays are joined by "
      + "position, each play's tasks by their place in the playbook, each task's host results side by side; `stats` "
      + "are summed per host. The merged json report goes to standard output (or to --output FILE) and the PLAY RECAP "
      + "to standard error (to standard output with --output). The exit code is ansible-playbook's for the merged "
      + "stats: 4 a host unreachable, 2 a host failed, else 0; 1 when a file is no report or the reports are of "
      + "different playbooks.")

  @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the merged json report to FILE.", valueName: "FILE"))
  var output: String?

  @Argument(help: ArgumentHelp("The json reports of the shards.", valueName: "FILE"))
  var files: [String] = []

  func execute() async throws -> Int32 {
    guard !files.isEmpty else { throw UsageError(message: "give the json reports of the shards: swiftplay report merge FILE...") }
    let environment = ProcessInfo.processInfo.environment
    let config = try AnsibleConfig.load(environment: environment)
    // The recap is colored when the stream it goes to is a terminal.
    let isTerminal = output == nil ? isatty(STDERR_FILENO) == 1 : Terminal.stdoutIsTerminal
    let display = Display(colors: Display.wantsColor(environment: environment, config: config, isTerminal: isTerminal))
    do {
      var reports: [JSONReportMerge.Report] = []
      for file in files {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
          throw ReportMergeError("cannot read \(file): \(error.localizedDescription); give the path of a shard's json report")
        }
        reports.append(try JSONReportMerge.read(file: file, text: text))
      }
      let merged = try JSONReportMerge.merge(reports)
      merged.warnings.forEach(display.warning)
      let json = JSON.dump(merged.document, indent: 4)
      var recap = [DefaultCallback.banner("PLAY RECAP", terminalWidth: nil)]
      for host in merged.recap.hosts.keys.sorted() {
        guard let stats = merged.recap.hosts[host] else { continue }
        recap.append(RecapLine.render(host: host, stats: stats, colors: display.colors))
      }
      recap.append("")
      if let output {
        do { try (json + "\n").write(toFile: output, atomically: true, encoding: .utf8) } catch {
          display.error("cannot write \(output): \(error.localizedDescription)")
          return 1
        }
        recap.forEach { display.out($0) }
      } else {
        display.out(json)
        recap.forEach { display.err($0) }
      }
      return merged.exitCode
    } catch let error as ReportMergeError {
      display.error(error.message)
      return 1
    }
  }
}
