import SwiftPlayCore

/// `stdin` and `stdin_add_newline`, shared by command and shell.
enum StdinOption {
  static func text(_ arguments: ModuleArguments) -> String? {
    guard let stdin = arguments.string("stdin") else { return nil }
    let addNewline = arguments.options["stdin_add_newline"]?.truthy ?? true
    return addNewline ? stdin + "\n" : stdin
  }
}
