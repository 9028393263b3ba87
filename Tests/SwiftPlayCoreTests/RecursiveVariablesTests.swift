import Jinja
import Testing

@testable import SwiftPlayCore
import ValueModel

/// Variables that hold templates resolve against each other; cycles fail as in Ansible.
struct RecursiveVariablesTests {
  static func message(_ templar: Templar, _ text: String) -> String? {
    do {
      _ = try templar.render(.string(text))
      return nil
    } catch {
      return error.description
    }
  }

  /// Template strings inside a variable's lists and mappings render too, as Ansible's lazy
  /// containers do; one that cannot render keeps its text; facts are never templates.
  @Test func templatesInsideContainersRender() throws {
    let templar = Templar(variables: [
      "ver": "8.2", "pkgs": .list(["php{{ ver }}-common", "plain"]), "conf": .dict(["port": "{{ 80 + 1 }}", "x": "{{ item }}"]),
      "ansible_facts": .dict(["motd": "{{ ver }}"]),
    ])
    #expect(try templar.render("{{ pkgs }}") == .list(["php8.2-common", "plain"]))
    #expect(try templar.render("{{ conf.port }}") == 81)
    #expect(try templar.render("{{ conf.x }}") == "{{ item }}")
    #expect(try templar.render("{{ ansible_facts.motd }}") == "{{ ver }}")
  }

  /// `vars` is the mapping of every variable, as in Ansible.
  @Test func varsMapsEveryVariable() throws {
    let templar = Templar(variables: ["web_skip": true, "prefix": "web"])
    #expect(try templar.isTrue("prefix ~ '_skip' in vars and 'db_skip' not in vars"))
    #expect(try templar.render("{{ vars[prefix ~ '_skip'] }}") == true)
  }

  @Test func selfReferenceFailsWithAnsiblesMessage() {
    let templar = Templar(variables: ["x": "{{ x }}"])
    #expect(Self.message(templar, "{{ x }}")
      == "x:1:4: Recursive loop detected in template: maximum recursion depth exceeded (variable 'x' -> 'x')")
  }

  @Test func cycleThroughOtherVariablesFails() throws {
    let templar = Templar(variables: ["a": "{{ b }}", "b": "{{ a }}", "c": "{{ a | default(1) }}", "d": 4])
    let expected = "Recursive loop detected in template: maximum recursion depth exceeded (variable 'a' -> 'b' -> 'a')"
    #expect(Self.message(templar, "{{ a }}")?.hasSuffix(expected) == true)
    #expect(Self.message(templar, "{{ b }}")?.hasSuffix(expected) == true)
    #expect(Self.message(templar, "{{ c }}")?.hasSuffix(expected) == true)
    #expect(Self.message(templar, "x{{ [a] }}")?.hasSuffix(expected) == true)
    #expect(throws: TemplateError.self) { try templar.isTrue("a == 1") }
    #expect(throws: TemplateError.self) { try templar.renderFile("{{ b }}", name: "t.j2", adding: [:], options: .ansible) }
    #expect(try templar.render("{{ d }}") == 4)
  }

  @Test func chainsResolveDepthFirst() throws {
    let templar = Templar(variables: ["url": "http://{{ host }}/", "host": "{{ name }}.example", "name": "web"])
    #expect(try templar.render("{{ url }}") == "http://web.example/")
  }

  @Test func chainsStopAsDeepAsAnsibles() throws {
    // Ansible 2.19 resolves a chain of 50 variables and refuses one of 100
    var variables: ValueDict = ["v150": "end"]
    for i in 0..<150 { variables["v\(i)"] = .string("{{ v\(i + 1) }}") }
    let templar = Templar(variables: variables)
    #expect(try templar.render("{{ v100 }}") == "end")
    #expect(try templar.render("{{ v60 }}") == "end")
    #expect(Self.message(templar, "{{ v49 }}")?.contains("maximum recursion depth exceeded (variables nested more than") == true)
    #expect(Self.message(templar, "{{ v0 }}")?.contains("maximum recursion depth exceeded (variables nested more than") == true)
  }

  @Test func aNewValueReplacesTheCycle() throws {
    let templar = Templar(variables: ["x": "{{ x }}"]).adding(["x": 5])
    #expect(try templar.render("{{ x }}") == 5)
  }

  @Test func otherFailuresKeepTheText() throws {
    // a variable that names something defined only later (a loop item) stays as written
    let templar = Templar(variables: ["y": "{{ item }}"])
    #expect(try templar.render("{{ y }}") == "{{ item }}")
  }
}
