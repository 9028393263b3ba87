import Foundation
import Testing
import AnsibleYAML

@testable import SwiftPlayCore
import ValueModel

/// ArgumentSpec against AnsibleModule itself: each case's spec, rules and arguments went
/// through a real AnsibleModule (scripts/argspec-oracle, recorded in
/// Tests/Fixtures/argspec/oracle.json); swiftplay's validator must give the same typed,
/// defaulted parameters, or the same failure message.
struct ArgumentSpecOracleTests {
  static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/argspec/oracle.json").path

  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let spec: ArgumentSpec
    let arguments: ValueDict
    let expected: Value
    var testDescription: String { name }
  }

  static let cases: [Case] = {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8),
      case let .list(items)? = try? YAMLLoader().load(text, file: file)
    else { return [] }
    return items.compactMap { item -> Case? in
      guard case let .dict(fields) = item, case let .string(name)? = fields["name"],
        case let .dict(spec)? = fields["spec"], case let .dict(rules)? = fields["rules"],
        case let .dict(arguments)? = fields["arguments"], let expected = fields["expected"]
      else { return nil }
      return Case(name: name, spec: Self.spec(spec, rules), arguments: arguments, expected: expected)
    }
  }()

  /// An Ansible-style argument_spec and its rules as an ArgumentSpec.
  static func spec(_ options: ValueDict, _ rules: ValueDict) -> ArgumentSpec {
    func names(_ value: Value?) -> [String] {
      guard case let .list(items)? = value else { return [] }
      return items.map(\.plainText)
    }
    func groups(_ key: String) -> [[String]] {
      guard case let .list(items)? = rules[key] else { return [] }
      return items.map { names($0) }
    }
    func type(_ name: String?) -> ArgumentType {
      switch name {
      case "bool": return .bool
      case "int": return .int
      case "float": return .float
      case "path": return .path
      case "raw": return .raw
      case "jsonarg": return .jsonarg
      case "dict": return .dict
      default: return .str
      }
    }
    let declared = options.keys.sorted().map { name -> ArgumentOption in
      guard case let .dict(fields)? = options[name] else { return ArgumentOption(name) }
      var kind = type(fields["type"]?.plainText)
      if fields["type"]?.plainText == "list" { kind = .list(elements: fields["elements"].map { type($0.plainText) }) }
      let choices: [Value]? = if case let .list(items)? = fields["choices"] { items } else { nil }
      return ArgumentOption(
        name, kind, default: fields["default"], choices: choices, aliases: names(fields["aliases"]),
        required: fields["required"]?.asBoolean ?? false)
    }
    var requiredIf: [ArgumentSpec.RequiredIf] = []
    if case let .list(items)? = rules["required_if"] {
      for case let .list(rule) in items where rule.count >= 3 {
        requiredIf.append(.init(rule[0].plainText, rule[1], names(rule[2]), anyOf: rule.count > 3 && rule[3].asBoolean))
      }
    }
    var requiredBy: [(option: String, needs: [String])] = []
    if case let .dict(pairs)? = rules["required_by"] {
      requiredBy = pairs.keys.sorted().map { ($0, names(pairs[$0])) }
    }
    return ArgumentSpec(
      declared, mutuallyExclusive: groups("mutually_exclusive"), requiredTogether: groups("required_together"),
      requiredOneOf: groups("required_one_of"), requiredIf: requiredIf, requiredBy: requiredBy)
  }

  @Test func theRecordingIsThere() {
    #expect(Self.cases.count >= 50)
  }

  @Test(arguments: cases)
  func validatesAsAnsibleModule(_ testCase: Case) {
    let outcome: Result<ArgumentValues, ModuleError>
    do {
      outcome = .success(try testCase.spec.validate(ModuleArguments(options: testCase.arguments), module: "oracle"))
    } catch {
      outcome = .failure(error)
    }
    switch (testCase.expected, outcome) {
    case let (.dict(expected), .failure(error)) where expected["msg"] != nil:
      let message = expected["msg"]?.plainText ?? ""
      // Python lists the boolean spellings in a set's order, which changes from run to run.
      if let cut = message.range(of: "Valid booleans include:") {
        #expect(error.message.hasPrefix(String(message[..<cut.upperBound])))
      } else {
        #expect(error.message == message)
      }
    case let (.dict(expected), .success(values)):
      guard case let .dict(parameters)? = expected["params"] else {
        Issue.record("Ansible failed with \(expected["msg"]?.plainText ?? "?"), swiftplay accepted \(values.values)")
        return
      }
      for (key, value) in parameters {
        #expect(values[key] == (value == .null ? nil : value), "\(key)")
      }
    case let (_, .failure(error)):
      Issue.record("Ansible accepted the arguments, swiftplay said: \(error.message)")
    case (_, .success):
      Issue.record("the recording has no expected outcome")
    }
  }
}
