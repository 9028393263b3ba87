import AnsibleYAML
import Testing

@testable import Jinja

/// What the fixture cannot show about `from_yaml`: native values from the program's one
/// YAML loader (PyYAML's YAML 1.1 rules) and error wording.
struct FromYAMLTests {
  @Test func readsNativeValues() throws {
    #expect(try YAMLLoader().templateValue("a: [1, 2.5, yes, ~, '3']") == ["a": [1, 2.5, true, .null, "3"]])
    #expect(try YAMLLoader().templateValue("- k: v\n  n: 0x10\n- 017") == [["k": "v", "n": 16], 15])
    #expect(try YAMLLoader().templateValues("--- 1\n--- two\n...\n") == [1, "two"])
    #expect(try YAMLLoader().templateValues("# nothing\n") == [])
    // YAML 1.1 as Ansible reads it: no exponent without a dot, no `0o`, base 60.
    #expect(try YAMLLoader().templateValue("[1e3, 0o17, 1:30, 1.5e+3, y]") == ["1e3", "0o17", 90, 1500.0, "y"])
  }

  @Test func errorsNameTheProblemAndItsLineAndColumn() throws {
    func message(_ yaml: String) -> String {
      do {
        _ = try YAMLLoader().templateValue(yaml)
        return "no error"
      } catch {
        return (error as? EvalError)?.message ?? "\(error)"
      }
    }
    #expect(message("a: b: c") == "could not parse YAML: mapping values are not allowed in this context (line 1, column 5)")
    #expect(message("a:\n  b: 1\n c: 2") == "could not parse YAML: did not find expected key, while parsing a block mapping that starts here (line 1, column 1)")
    #expect(message("a: *nope") == "could not parse YAML: found undefined alias 'nope' (line 1, column 4)")
    #expect(message("a\n---\nb").hasPrefix("could not parse YAML: expected a single document in the stream"))
    // The scanner reads "\0" as the end of the input: a NUL inside quotes once spun forever.
    #expect(message("k: 1\na: \"x\u{0}y\"") == "could not parse YAML: unacceptable character #x0000: control characters are not allowed (line 2, column 6)")
    #expect(message("a: \u{1B}[0m") == "could not parse YAML: unacceptable character #x001B: control characters are not allowed (line 1, column 4)")
  }

  @Test func filterErrorIsATemplateErrorAtTheExpression() throws {
    do {
      _ = try Template("x\n{{ y | from_yaml }}").render(["y": "k: [1"])
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 2)
      #expect(error.message.hasPrefix("could not parse YAML: "))
    }
  }

  /// Hostile YAML ends in an error at the place, quickly: nesting too deep, and aliases
  /// that stand for more values than any data holds (the "billion laughs").
  @Test func limitsNestingAndAliasExpansion() throws {
    func message(_ yaml: String) -> String {
      do {
        _ = try YAMLLoader().templateValues(yaml)
        return "no error"
      } catch {
        return (error as? EvalError)?.message ?? "\(error)"
      }
    }
    let deep = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
    #expect(message(deep) == "could not parse YAML: collections nest deeper than 100 levels here; flatten the data (line 1, column 101)")
    #expect(message(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) == "no error")
    var blocks = ""
    for level in 0..<120 { blocks += String(repeating: "  ", count: level) + "k:\n" }
    #expect(message(blocks).hasPrefix("could not parse YAML: collections nest deeper than 100 levels"))

    var laughs = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1..<9 {
      laughs += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
    }
    let clock = ContinuousClock()
    var text = ""
    let elapsed = clock.measure { text = message(laughs) }
    #expect(text.hasPrefix("could not parse YAML: aliases make this document stand for more than 1000486 values (an alias bomb?); write the repeated data out or alias less of it (line 7"), "\(text)")
    #expect(elapsed < .seconds(5))
    // Anchors reused a reasonable number of times still load.
    #expect(message(laughs.split(separator: "\n").prefix(4).joined(separator: "\n")) == "no error")
  }
}
