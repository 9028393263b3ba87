import Foundation
import Testing

@testable import Jinja
import ValueModel

/// Lookups against a temporary play directory and a pinned environment.
struct LookupTests {
  /// A fresh directory with `files/motd.txt`, `hosts.txt`, `notes.txt`,
  /// `templates/greet.j2` and a subdirectory that fileglob must skip.
  static func makeDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jinja-lookups-\(UUID().uuidString)")
    let fm = FileManager.default
    try fm.createDirectory(at: dir.appendingPathComponent("files/sub.txt"), withIntermediateDirectories: true)
    try fm.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
    try "welcome\n\n".write(to: dir.appendingPathComponent("files/motd.txt"), atomically: true, encoding: .utf8)
    try "web1\nweb2\n".write(to: dir.appendingPathComponent("hosts.txt"), atomically: true, encoding: .utf8)
    try "n".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    try "Hi {{ who }} from {{ lookup('env', 'JINJA_TEST_VAR') }}\n"
      .write(to: dir.appendingPathComponent("templates/greet.j2"), atomically: true, encoding: .utf8)
    return dir
  }

  static func render(_ source: String, _ context: ValueDict = [:], in dir: URL) throws(TemplateError) -> String {
    let lookups = LocalLookups(baseDirectory: dir, environment: ["JINJA_TEST_VAR": "fixed", "HOME": "/home/t"])
    return try Template(source).render(context, lookups: lookups)
  }

  @Test func envLookup() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Self.render("{{ lookup('env', 'HOME') }}", in: dir) == "/home/t")
    #expect(try Self.render("{{ lookup('env', 'HOME', 'JINJA_TEST_VAR') }}", in: dir) == "/home/t,fixed")
    #expect(try Self.render("[{{ lookup('env', 'NOPE') }}]", in: dir) == "[]")
    #expect(try Self.render("{{ lookup('env', 'NOPE', default='d') }}", in: dir) == "d")
    #expect(try Self.render("{{ query('env', 'HOME', 'JINJA_TEST_VAR') }}", in: dir) == "['/home/t', 'fixed']")
    #expect(try Self.render("{{ q('env', 'HOME') | length }}", in: dir) == "1")
    #expect(try Self.render("{{ lookup('env', 'HOME', wantlist=True) }}", in: dir) == "['/home/t']")
  }

  @Test func fileLookupSearchesFilesThenBase() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Self.render("[{{ lookup('file', 'motd.txt') }}]", in: dir) == "[welcome]")
    #expect(try Self.render("{{ lookup('file', 'hosts.txt').split() }}", in: dir) == "['web1', 'web2']")
    #expect(try Self.render("{{ lookup('file', 'motd.txt', rstrip=False) | length }}", in: dir) == "9")
    let absolute = dir.appendingPathComponent("notes.txt").path
    #expect(try Self.render("{{ lookup('file', p) }}", ["p": .string(absolute)], in: dir) == "n")
  }

  @Test func fileLookupErrorNamesLookupAndTerm() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
      _ = try Self.render("{{ lookup('file', 'missing.txt') }}", in: dir)
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("lookup('file')"))
      #expect(error.message.contains("missing.txt"))
    }
    // The lookup gives None, which Ansible 2.19 prints as nothing (ansible-playbook prints "[]").
    #expect(try Self.render("[{{ lookup('file', 'missing.txt', errors='ignore') }}]", in: dir) == "[]")
  }

  @Test func pipeLookup() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Self.render("{{ lookup('pipe', 'echo $JINJA_TEST_VAR; ls notes.txt') }}", in: dir) == "fixed\nnotes.txt")
    #expect(throws: TemplateError.self) { try Self.render("{{ lookup('pipe', 'exit 3') }}", in: dir) }
  }

  @Test func varsLookup() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let ctx: ValueDict = ["port": 80, "name": "web"]
    #expect(try Self.render("{{ lookup('vars', 'port') + 1 }}", ctx, in: dir) == "81")
    #expect(try Self.render("{{ lookup('vars', 'na' ~ 'me') }}", ctx, in: dir) == "web")
    #expect(try Self.render("{{ lookup('vars', 'nope', default=0) }}", ctx, in: dir) == "0")
    #expect(throws: TemplateError.self) { try Self.render("{{ lookup('vars', 'nope') }}", ctx, in: dir) }
  }

  @Test func fileglobLookup() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let base = dir.standardizedFileURL.path
    #expect(try Self.render("{{ lookup('fileglob', '*.txt') }}", in: dir) == base + "/files/motd.txt")
    let all = try Self.render("{{ query('fileglob', '" + base + "/*.txt') | map('basename') | list }}", in: dir)
    #expect(all == "['hosts.txt', 'notes.txt']")
    #expect(try Self.render("[{{ lookup('fileglob', '*.nope') }}]", in: dir) == "[]")
  }

  @Test func firstFoundLookup() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let base = dir.standardizedFileURL.path
    #expect(try Self.render("{{ lookup('first_found', ['nope.txt', 'notes.txt']) }}", in: dir) == base + "/notes.txt")
    let dict = "{{ lookup('first_found', {'files': ['x', 'motd.txt'], 'paths': ['files']}) | basename }}"
    #expect(try Self.render(dict, in: dir) == "motd.txt")
    #expect(try Self.render("{{ query('first_found', ['nope'], skip=True) }}", in: dir) == "[]")
    #expect(throws: TemplateError.self) { try Self.render("{{ lookup('first_found', ['nope']) }}", in: dir) }
  }

  /// Ansible's search for a role task's relative file: role/<sub>/x, role/x, the task
  /// folder's, then the playbook folder's; a `tasks/` subfolder also tries the role's.
  @Test func fileSearchPathFollowsAnsiblesOrder() {
    let search = FileSearchPath(paths: ["/r/roles/web", "/r/roles/web/tasks/os"], baseDirectory: "/r")
    #expect(search.candidates("a.yml", subdirectory: "vars") == [
      "/r/roles/web/vars/a.yml", "/r/roles/web/a.yml", "/r/roles/web/vars/a.yml", "/r/roles/web/tasks/a.yml",
      "/r/roles/web/tasks/os/vars/a.yml", "/r/roles/web/tasks/os/a.yml", "/r/vars/a.yml", "/r/a.yml",
    ].reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
    #expect(search.candidates("vars/a.yml", subdirectory: "vars").first == "/r/roles/web/vars/a.yml")
    #expect(search.candidates("/etc/x", subdirectory: "files") == ["/etc/x"])
    #expect(search.candidates("a", subdirectory: nil) == ["/r/roles/web/a", "/r/roles/web/tasks/a", "/r/roles/web/tasks/os/a", "/r/a"])
  }

  @Test func listShapingLookups() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Self.render("{{ query('nested', [1, 2], ['a', 'b']) }}", in: dir) == "[[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]")
    #expect(try Self.render("{{ query('together', [1, 2], ['a']) }}", in: dir) == "[[1, 'a'], [2, None]]")
    #expect(try Self.render("{{ lookup('sequence', 'start=1 end=3 format=n%d') }}", in: dir) == "n1,n2,n3")
    // A list argument is one term; items flattens the terms one level.
    #expect(try Self.render("{{ query('items', [1, [2, [3]]]) }}", in: dir) == "[1, [2, [3]]]")
    #expect(try Self.render("{{ query('items', 1, [2, [3]]) }}", in: dir) == "[1, 2, [3]]")
    #expect(try Self.render("{{ query('indexed_items', ['a', 'b']) }}", in: dir) == "[[0, 'a'], [1, 'b']]")
    #expect(try Self.render("{{ query('dict', {'z': 1, 'a': 2}) | map(attribute='key') | list }}", in: dir) == "['z', 'a']")
    let users = "[{'name': 'a', 'keys': ['k1', 'k2']}, {'name': 'b'}]"
    #expect(try Self.render("{{ query('subelements', \(users), 'keys', {'skip_missing': True}) | length }}", in: dir) == "2")
    #expect(throws: TemplateError.self) { try Self.render("{{ query('subelements', \(users), 'keys') }}", in: dir) }
    #expect(throws: TemplateError.self) { try Self.render("{{ query('sequence', 'start=1 end=2000000') }}", in: dir) }
  }

  @Test func controllerLookups() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Self.render("{{ query('lines', 'printf \"a\\nb\\n\"') }}", in: dir) == "['a', 'b']")
    let vars: ValueDict = ["web_port": .int(1), "web_host": .int(2), "db": .int(3)]
    #expect(try Self.render("{{ query('varnames', '^web_') }}", vars, in: dir) == "['web_host', 'web_port']")
    let groups: ValueDict = ["groups": .dict([
      "all": .list(["w1", "w2", "d1"]), "web": .list(["w1", "w2"]), "db": .list(["d1"]),
    ])]
    #expect(try Self.render("{{ query('inventory_hostnames', 'all:!db') }}", groups, in: dir) == "['w1', 'w2']")
    #expect(try Self.render("{{ query('inventory_hostnames', 'web:&w*2,d1') }}", groups, in: dir) == "['w2', 'd1']")
    #expect(try Self.render("{{ lookup('password', '/dev/null length=12 chars=digits') | length }}", in: dir) == "12")
    let kept = "{{ lookup('password', 'secrets/pw chars=ascii_letters') }}"
    let first = try Self.render(kept, in: dir)
    let second = try Self.render(kept, in: dir)
    #expect(first.count == 20 && first.allSatisfy(\.isLetter) && second == first)
    let mode = try FileManager.default.attributesOfItem(atPath: dir.path + "/secrets/pw")[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let seeded = try Self.render("{{ lookup('password', '/dev/null seed=a') }}", in: dir)
    #expect(try Self.render("{{ lookup('password', '/dev/null seed=a') }}", in: dir) == seeded)
    #expect(throws: TemplateError.self) { try Self.render("{{ lookup('nosuch', 'x') }}", in: dir) }
  }

  @Test func templateLookupRendersWithVariablesAndLookups() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try Self.render("{{ lookup('template', 'greet.j2') }}", ["who": "bob"], in: dir) == "Hi bob from fixed\n")
  }

  @Test func lookupWithoutProviderFailsClearly() throws {
    do {
      _ = try Template("{{ lookup('env', 'HOME') }}").render([:])
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("not available"))
    }
  }

  @Test func unknownLookupIsAnError() throws {
    let dir = try Self.makeDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(throws: TemplateError.self) { try Self.render("{{ lookup('nosuch', 'x') }}", in: dir) }
  }
}
