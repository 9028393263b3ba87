import Synchronization
import Testing
import Vault
import Yams

@testable import AnsibleYAML

/// What the oracle cannot show: error places and wording, the bounds against hostile
/// text, warnings, positions of nodes, and the keyring the loader owns.
struct YAMLLoaderTests {
  func failure(_ text: String, loader: YAMLLoader = YAMLLoader()) -> YAMLParseError? {
    do {
      for node in try loader.composeAll(text, file: "f.yml") {
        _ = try loader.build(node, file: "f.yml", scalar: { _ in 0 }, list: { _ in 0 }, map: { _ in 0 })
      }
      return nil
    } catch {
      return error
    }
  }

  @Test func errorsNameFileLineColumnAndTheProblem() {
    #expect(failure("a: b: c")?.description == "f.yml:1:5: mapping values are not allowed in this context")
    #expect(failure("a: [1, 2\nb: 3\n")?.description.hasPrefix("f.yml:1:4: did not find expected ',' or ']', while parsing a flow sequence that starts here") == true)
    #expect(failure("a: *nope")?.description == "f.yml:1:4: found undefined alias 'nope'")
    #expect(failure("k: 1\na: \"x\u{0}y\"")?.description == "f.yml:2:6: unacceptable character #x0000: control characters are not allowed")
    #expect(failure("x: =")?.description == "f.yml:1:4: could not determine a constructor for the tag 'tag:yaml.org,2002:value'")
    #expect(failure("x: !foo bar")?.description == "f.yml:1:4: could not determine a constructor for the tag '!foo'")
    #expect(failure("x: !!int abc")?.description == "f.yml:1:4: invalid literal for int(): 'abc'")
    #expect(failure("x:\n  <<: 1\n")?.description == "f.yml:2:7: expected a mapping or list of mappings for merging, but found a scalar")
    #expect(failure("? [a]\n: 1\n")?.description == "f.yml:1:3: mapping keys must be strings")
    do {
      _ = try YAMLLoader().compose("--- 1\n--- 2\n", file: "f.yml")
      Issue.record("two documents read as one")
    } catch {
      #expect(error.message == "expected a single document in the stream, but found another document")
      #expect(error.line == 2)
    }
  }

  @Test func nodesKeepTheirPositions() throws {
    #expect(MemoryLayout<Mark>.size == 2 * MemoryLayout<Int>.size)
    let root = try #require(try YAMLLoader().compose("a:\n  - 1\n  - b: x\n", file: "f.yml"))
    #expect(root.mark?.line == 1 && root.mark?.column == 1)
    let item = try #require(root["a"]?[1]?["b"])
    #expect(item.mark?.line == 3 && item.mark?.column == 8)
  }

  /// Hostile text ends in an error at the place, quickly.
  @Test func boundsNestingAndAliasExpansion() {
    let deep = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
    #expect(failure(deep)?.description == "f.yml:1:101: collections nest deeper than 100 levels here; flatten the data")
    #expect(failure(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) == nil)
    var laughs = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1..<9 {
      laughs += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
    }
    let clock = ContinuousClock()
    var error: YAMLParseError?
    let elapsed = clock.measure { error = failure(laughs) }
    #expect(error?.message.hasPrefix("aliases make this document stand for more than") == true, "\(String(describing: error))")
    #expect(error?.line == 7)
    #expect(elapsed < .seconds(5))
    #expect(failure(laughs.split(separator: "\n").prefix(4).joined(separator: "\n")) == nil)
    // The budget is the stream's: documents cannot each spend it.
    let half = laughs.split(separator: "\n").prefix(6).joined(separator: "\n") + "\n"
    #expect(failure(half) == nil)
    #expect(failure("--- \n" + half + "--- \n" + half)?.message.hasPrefix("aliases make this document stand for more than") == true)
  }

  @Test func aKeyWrittenTwiceWarnsAndTheLastWins() throws {
    let warnings = Mutex<[String]>([])
    let loader = YAMLLoader(warn: { message in warnings.withLock { $0.append(message) } })
    let root = try #require(try loader.compose("dup: 1\nother: x\ndup: 2\n", file: "f.yml"))
    let keys = root.mapping.map { Array($0.keys.compactMap(\.string)) }
    #expect(keys == ["dup", "other"])
    #expect(root["dup"]?.string == "2")
    #expect(warnings.withLock { $0 } == ["Found duplicate mapping key 'dup'.\nOrigin: f.yml:3:1"])
    // Merged keys count too, and the warnings follow the text.
    warnings.withLock { $0 = [] }
    _ = try loader.compose("a: 1\nm:\n  <<: {b: 1}\n  b: 2\na: 3\n", file: "f.yml")
    #expect(warnings.withLock { $0 } == [
      "Found duplicate mapping key 'b'.\nOrigin: f.yml:4:3", "Found duplicate mapping key 'a'.\nOrigin: f.yml:5:1",
    ])
    // DUPLICATE_YAML_DICT_KEY=error refuses the file; ignore says nothing.
    #expect(failure("a: 1\na: 2\n", loader: YAMLLoader(duplicateKeys: .error))?.description == "f.yml:2:1: Found duplicate mapping key 'a'.")
    warnings.withLock { $0 = [] }
    let quiet = YAMLLoader(duplicateKeys: .ignore, warn: { message in warnings.withLock { $0.append(message) } })
    #expect(try quiet.compose("a: 1\na: 2\n", file: "f.yml")?["a"]?.string == "2")
    #expect(warnings.withLock { $0 }.isEmpty)
  }

  @Test func wideIntegersKeepTheirDigits() throws {
    let loader = YAMLLoader()
    let node = try #require(try loader.compose("99999999999999999999", file: "f.yml"))
    #expect(try loader.scalar(node, file: "f.yml") == .string("99999999999999999999"))
  }

  /// The keyring is the loader's: two loaders with different secrets read side by side.
  @Test func vaultSecretsBelongToTheLoader() throws {
    let secret = VaultSecret(id: "prod", password: "correct horse")
    let lines = secret.encrypt(Array("tok en".utf8)).split(separator: "\n").map { "  " + $0 }
    let text = "token: !vault |\n" + lines.joined(separator: "\n") + "\n"
    let opened = YAMLLoader(keyring: VaultKeyring([secret]))
    let root = try #require(try opened.compose(text, file: "v.yml"))
    #expect(try opened.scalar(try #require(root["token"]), file: "v.yml") == .string("tok en"))
    let error = failure(text)
    #expect(error?.line == 1 && error?.message.contains("no vault secrets") == true, "\(String(describing: error))")
    let whole = secret.encrypt(Array("a: 1\n".utf8))
    #expect(try opened.compose(whole, file: "w.yml")?["a"]?.string == "1")
    #expect(failure(whole)?.line == 1)
  }
}
