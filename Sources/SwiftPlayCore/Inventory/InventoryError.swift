/// A problem in an inventory source, located at file:line.
public struct InventoryError: Error, CustomStringConvertible, Sendable {
  public let file: String
  public let line: Int
  public let message: String

  public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
