import Foundation

/// What one of Ansible's modules printed, read as Ansible's action plugins read it: the
/// JSON object on its standard output (lines around it, such as a MOTD or a login
/// banner, are ignored), or a failure that keeps everything the module printed.
enum ModuleOutput {
  /// The result mapping, or nil when stdout holds no JSON object.
  static func parse(_ stdout: String) -> [String: JSONValue]? {
    let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("{") }),
      let last = lines.lastIndex(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}") }),
      first <= last
    else { return nil }
    let text = lines[first...last].joined(separator: "\n")
    guard let decoded = try? JSONDecoder().decode(Decoded.self, from: Data(text.utf8)), case let .object(values) = decoded.value
    else { return nil }
    return values
  }

  /// Any JSON value, with booleans, integers and floats kept apart as Python's json does.
  private struct Decoded: Decodable {
    let value: JSONValue

    init(from decoder: any Decoder) throws {
      if var list = try? decoder.unkeyedContainer() {
        var items: [JSONValue] = []
        while !list.isAtEnd { items.append(try list.decode(Decoded.self).value) }
        value = .array(items)
        return
      }
      if let mapping = try? decoder.container(keyedBy: Key.self) {
        var members: [String: JSONValue] = [:]
        for key in mapping.allKeys { members[key.stringValue] = try mapping.decode(Decoded.self, forKey: key).value }
        value = .object(members)
        return
      }
      let single = try decoder.singleValueContainer()
      if single.decodeNil() {
        value = .null
      } else if let flag = try? single.decode(Bool.self) {
        value = .bool(flag)
      } else if let number = try? single.decode(Int.self) {
        value = .int(number)
      } else if let number = try? single.decode(Double.self) {
        value = .double(number)
      } else {
        value = .string(try single.decode(String.self))
      }
    }
  }

  private struct Key: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
  }
}
