import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// A role's argument spec checked as Ansible's validator checks it. The missing, choice and
/// int messages are the ones ansible-playbook 2.19 printed for the same spec and values;
/// for bool the message stops before Python's reason, which swiftplay does not repeat.
struct ArgumentSpecCheckTests {
  static let spec = #"""
    {"port": {"type": "int", "required": true}, "mode": {"choices": ["a", "b"]}, "name": {"required": true},
     "hosts": {"type": "list", "elements": "int"}, "flag": {"type": "bool"}, "extra": {},
     "tls": {"type": "dict", "options": {"cert": {"required": true}}}}
    """#

  @Test(arguments: [
    (#"{"port": "8080", "name": "n"}"#, [String]()),
    (#"{"port": "80x"}"#, ["missing required arguments: name",
                           "argument 'port' is of type str and we were unable to convert to int: \"'80x'\" cannot be converted to an int"]),
    (#"{"port": 1, "name": "n", "mode": "c"}"#, ["value of mode must be one of: a, b, got: c"]),
    (#"{"port": 1, "name": "n", "hosts": "1,2", "flag": "yes", "extra": ["a", "b"]}"#, []),
    (#"{"port": 1, "name": "n", "flag": "maybe"}"#, ["argument 'flag' is of type str and we were unable to convert to bool"]),
    (#"{"port": 1, "name": "n", "tls": {"key": "k"}}"#, ["missing required arguments: cert found in tls"]),
  ])
  func check(values: String, errors: [String]) throws {
    guard case let .dict(spec) = try Self.json(Self.spec), case let .dict(given) = try Self.json(values) else {
      Issue.record("test data must be JSON objects")
      return
    }
    #expect(ArgumentSpecCheck.errors(spec: spec, values: given, prefix: "") == errors)
  }

  static func json(_ text: String) throws -> Value {
    convert(try JSONSerialization.jsonObject(with: Data(text.utf8)))
  }

  static func convert(_ value: Any) -> Value {
    switch value {
    case let number as NSNumber where String(cString: number.objCType) == "c": return .bool(number.boolValue)
    case let number as NSNumber: return .int(number.intValue)
    case let text as String: return .string(text)
    case let items as [Any]: return .list(items.map(convert))
    case let members as [String: Any]: return .dict(ValueDict(sortingKeys: members.mapValues(convert)))
    default: return .null
    }
  }
}
