import Foundation
import Testing
import ValueModel

/// Hostile templates in `-a` fail the host the way Ansible's do (`| FAILED!`, exit 2) with
/// a message naming the problem, and the binary never dies of a signal.
extension LabTests {
  @Suite struct TemplateLimitsTests {
    /// A template and a part of the message the host fails with.
    static let cases: [(String, String)] = [
      ("{{ 1e19 | int }}", "integer overflow: 1e+19 does not fit in a 64-bit integer"),
      ("{{ '1e300' | int }}", "integer overflow: 1e+300 does not fit in a 64-bit integer"),
      ("{{ 1e300 | round | int }}", "integer overflow: 1e+300 does not fit in a 64-bit integer"),
      ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
       "Recursive loop detected in template: maximum recursion depth exceeded while calling macro 'm'"),
      ("{{ " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + " }}",
       "more than 100 levels of nesting"),
      ("{{ 1" + String(repeating: "|abs", count: 10_000) + " }}", "expression more than 500 operations deep"),
      ("{{ ('[' * 100000 + ']' * 100000) | from_json }}", "maximum recursion depth exceeded while decoding a JSON array"),
      ("{{ 'a' | center(10**10) }}", "center(10000000000) would build a string of 10000000001 bytes"),
      ("{{ 'x' * 10**12 }}", "'*' would build a string of 1000000000000 bytes"),
    ]

    @Test func hostileTemplatesFailTheHost() throws {
      for (template, message) in Self.cases {
        let result = try Lab.swiftplay(["-i", Lab.inventory, "-m", "debug", "-a", "msg=\(template)", "lab1"])
        #expect(result.code == 2, "\(template.prefix(60)): \(result.code) \(result.stderr)")
        #expect(result.stdout.contains("lab1 | FAILED!"), "\(result.stdout)")
        #expect(result.stdout.contains(message), "\(template.prefix(60)): \(result.stdout.prefix(400))")
      }
    }

    /// `x: "{{ x }}"` and `a -> b -> a` fail with Ansible's recursion message; a host
    /// whose variables are fine still answers.
    @Test func selfReferencingVariablesFailWithAnsiblesMessage() throws {
      let inventory = try Lab.writeInventory("""
        lab1 ansible_host=\(Lab.address(1)) x="{{ x }}" a="{{ b }}" b="{{ a }}" \(Lab.connectionVars())
        lab2 ansible_host=\(Lab.address(2)) x="{{ y }}" y=fine \(Lab.connectionVars())

        """)
      let result = try Lab.swiftplay(["-i", inventory, "-m", "debug", "-a", "msg={{ x }}", "lab1,lab2"])
      #expect(result.code == 2, "\(result.stdout)\(result.stderr)")
      #expect(result.stdout.contains("lab1 | FAILED!"), "\(result.stdout)")
      #expect(result.stdout.contains(
        "Recursive loop detected in template: maximum recursion depth exceeded (variable 'x' -> 'x')"), "\(result.stdout)")
      #expect(result.stdout.contains("lab2 | SUCCESS => {\n    \"msg\": \"fine\"\n}"), "\(result.stdout)")
      let cycle = try Lab.swiftplay(["-i", inventory, "-m", "debug", "-a", "msg={{ a }}", "lab1"])
      #expect(cycle.code == 2)
      #expect(cycle.stdout.contains("maximum recursion depth exceeded (variable 'a' -> 'b' -> 'a')"), "\(cycle.stdout)")
    }
  }
}
