import Foundation
import Jinja
import SwiftPlayCore
import ValueModel

/// What the targets share within one process: a private folder for inputs that parsers read
/// from files, and fixed data for the inputs to work on.
enum FuzzScratch {
  /// A folder of this process's own, made on first use.
  static let folder: String = {
    let path = NSTemporaryDirectory() + "swiftplay-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  /// Writes `text` to `name` in the folder; nil when it cannot (the input is then skipped).
  static func write(_ text: String, named name: String) -> String? {
    let path = folder + "/" + name
    return FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) ? path : nil
  }

  /// Whether `text` could reach a lookup plugin: it names `lookup`, `query` or `q` (a
  /// template can only call what it names).
  static func mayCallLookup(_ text: String) -> Bool {
    if text.contains("lookup") || text.contains("query") { return true }
    let scalars = Array(text.unicodeScalars)
    func isWordPart(_ index: Int) -> Bool {
      scalars.indices.contains(index) && (scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil || scalars[index] == "_")
    }
    return scalars.indices.contains { scalars[$0] == "q" && !isWordPart($0 - 1) && !isWordPart($0 + 1) }
  }

  /// Variables templates can use: every kind of value, nested.
  static let templateVariables: ValueDict = [
    "name": "web1", "count": 3, "ratio": 0.5, "flag": true, "nothing": .null,
    "items": ["a", "b", 3],
    "mapping": ["key": "value", "list": [1, 2]],
  ]

  /// An inventory for host patterns to select from.
  static let inventory: Inventory = {
    var inventory = Inventory()
    for (index, name) in ["web1", "web2", "db1", "db-a", "10.0.0.1", "host.example.com"].enumerated() {
      inventory.addHost(name, group: index < 2 ? "web" : "db")
    }
    inventory.addChild("web", to: "prod")
    inventory.finish()
    return inventory
  }()
}
