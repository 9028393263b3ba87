import Foundation
import Testing

/// Variable lookups through `-m debug` on the inventory fixtures, checked against what
/// Ansible's own `ansible` printed for the same arguments (recorded by scripts/debug-oracle):
/// precedence of inventory, group_vars and host_vars levels, extra vars, magic variables,
/// patterns, expressions and lookups. One host at a time, so the order is Ansible's too.
struct DebugOracleTests {
  struct Case: Decodable, CustomTestStringConvertible {
    let fixture: String
    let args: [String]
    let exit: Int32
    let stdout: String
    var testDescription: String { "\(fixture): \(args.joined(separator: " "))" }
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path
  static let cases: [Case] = {
    guard let data = FileManager.default.contents(atPath: fixtures + "/debug/cases.json") else { return [] }
    return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
  }()

  @Test func casesAreRecorded() {
    #expect(Self.cases.count == 19)
  }

  @Test(arguments: cases)
  func matchesAnsible(_ recorded: Case) throws {
    let folder = Self.fixtures + "/inventories/" + recorded.fixture
    let source = try String(contentsOfFile: folder + "/source", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    let result = try Lab.run([Lab.binary, "-i", source, "-f", "1"] + recorded.args, in: folder)
    #expect(result.code == recorded.exit)
    #expect(result.stdout == recorded.stdout)
  }
}
