import ArgumentParser
import Foundation
import SwiftPlayCore

/// `swiftplay config dump`: each setting in force and where it came from.
struct ConfigCommand: AsyncParsableCommand, RunnableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config", abstract: "Show the settings in force (`config dump`), like ansible-config.")

  @Argument(help: "What to show: dump.")
  var action: String

  func execute() async throws -> Int32 {
    guard action == "dump" else { throw ValidationError("unknown action '\(action)': use dump") }
    let config = try AnsibleConfig.load()
    let display = Display(colors: false)
    config.warnings.forEach(display.warning)
    display.out("config file: \(config.file ?? "none")")
    for definition in AnsibleConfig.definitions {
      guard let value = config.values[definition.key] else {
        display.out("\(definition.key)(unset) =")
        continue
      }
      display.out("\(definition.key)(\(value.origin)) = \(value.text)")
    }
    return 0
  }
}
