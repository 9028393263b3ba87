/// A report that `swiftplay report merge` cannot take: it names the file, what is wrong
/// with it and what to give instead.
package struct ReportMergeError: Error, CustomStringConvertible, Equatable {
  package let message: String

  package init(_ message: String) { self.message = message }

  package var description: String { message }

  /// How a report is made, for the messages that ask for one.
  static let howToWrite = "write each shard's report with `swiftplay --shard I/N --output json PLAYBOOK > FILE`"
}
