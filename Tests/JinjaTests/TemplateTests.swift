import Testing

@testable import Jinja
import ValueModel

/// Focused behaviour the fixture cannot express: error details, native values, options.
struct TemplateTests {
  @Test func undefinedVariableErrorNamesVariableAndLocation() throws {
    do {
      _ = try Template("line one\n  {{ foo }}", name: "t.j2").render([:])
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "'foo' is undefined")
      #expect(error.line == 2)
      #expect(error.column == 6)
      #expect(error.description == "t.j2:2:6: 'foo' is undefined")
    }
  }

  @Test func missingAttributeErrorNamesDottedPath() throws {
    do {
      _ = try Template("{{ a.b.c }}").render(["a": ["x": 1]])
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "'a.b' is undefined")
    }
  }

  @Test func parseErrorHasLocation() throws {
    do {
      _ = try Template("ok\n{% if %}")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 2)
    }
  }

  @Test func nativeRenderingKeepsTypes() throws {
    let ctx: ValueDict = ["xs": [1, "a"], "n": 3]
    #expect(try Template("{{ xs }}").renderNative(ctx) == [1, "a"])
    #expect(try Template("{{ n + 1 }}").renderNative(ctx) == 4)
    #expect(try Template("{{ xs | length > 1 }}").renderNative(ctx) == true)
    // Anything but one expression is text in Ansible 2.19, even when it reads as a literal.
    #expect(try Template("[{{ n }}, {{ n }}]").renderNative(ctx) == "[3, 3]")
    #expect(try Template("{{ n }}{{ n }}").renderNative(ctx) == "33")
    // One expression and the source's last newline: a value stays itself, a text keeps it.
    #expect(try Template("{{ n }}\n").renderNative(ctx) == 3)
    #expect(try Template("{{ 'x' }}\n").renderNative(ctx) == "x\n")
    #expect(try Template("n={{ n }}").renderNative(ctx) == "n=3")
    #expect(try Template(" {{ n }}").renderNative(ctx) == " 3")
  }

  @Test func literalParserReadsPythonLiterals() {
    #expect(LiteralParser.parse("[1, 2]") == [1, 2])
    #expect(LiteralParser.parse("{'a': [True, None], \"b\": -1.5}") == ["a": [true, .null], "b": -1.5])
    #expect(LiteralParser.parse("(1, 'x')") == [1, "x"])
    #expect(LiteralParser.parse("-3") == -3)
    #expect(LiteralParser.parse("False") == false)
    #expect(LiteralParser.parse("true") == nil)
    #expect(LiteralParser.parse("hello") == nil)
    #expect(LiteralParser.parse("1 + 2") == nil)
    #expect(LiteralParser.parse("[1, x]") == nil)
  }

  @Test func optionsControlBlockWhitespace() throws {
    let source = "  {% if true %}\nx\n  {% endif %}\n"
    // Ansible: jinja2 drops the source's last newline, trim_blocks has none left to eat
    // after endif, and the newline the source ended with is added back
    #expect(try Template(source).render() == "  x\n  \n")
    #expect(try Template(source, options: TemplateOptions(trimBlocks: true, lstripBlocks: true)).render() == "x\n")
    #expect(try Template(source, options: .jinja).render() == "  \nx\n  ")
  }

  @Test func pythonFloatRepr() {
    #expect(Value.double(1).text == "1.0")
    #expect(Value.double(0.1).text == "0.1")
    #expect(Value.double(1e20).text == "1e+20")
    #expect(Value.double(1e-5).text == "1e-05")
    #expect(Value.double(123.456).text == "123.456")
    #expect(Value.double(1e16).text == "1e+16")
    #expect(Value.double(1234567890123456).text == "1234567890123456.0")
  }

  @Test func qualifiedFilterAndTestNamesResolve() throws {
    let t = try Template("{{ x | ansible.builtin.to_json }} {{ '1.2' is ansible.builtin.version('1.1', '>') }}")
    #expect(try t.render(["x": ["a": 1]]) == "{\"a\": 1} True")
  }

  @Test func errorInsideFilterArgumentPointsAtIt() throws {
    do {
      // An undefined attribute chain is itself no error (as in Ansible 2.19); using it is.
      _ = try Template("{% for x in xs %}\n{{ x | default(missing.key ~ 'a') }}\n{% endfor %}").render(["xs": [.null]])
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "'missing' is undefined")
      #expect(error.line == 2)
      #expect(error.column == 23)  // the `.key` of the chain that reached the operator
    }
  }

  @Test func unknownFilterIsReported() throws {
    #expect(throws: TemplateError.self) { try Template("{{ 1 | nope }}").render() }
    do {
      _ = try Template("{{ 1 | nope }}").render()
    } catch {
      #expect(error.message == "no filter named 'nope'")
    }
  }

  @Test func templateDetection() {
    #expect(Template.isTemplate("a {{ b }}"))
    #expect(Template.isTemplate("{% if x %}{% endif %}"))
    #expect(!Template.isTemplate("plain { text }"))
    // The byte scan that answers most strings must agree with the character comparison.
    #expect(Template.isTemplate("{# note #}"))
    #expect(Template.isTemplate("#jinja2: trim_blocks: False\nx"))
    #expect(Template.isTemplate("é{{x}}") && Template.isTemplate("tail {%"))
    #expect(Template.isTemplate(String("x{{ y }}".dropFirst())))
    #expect(!Template.isTemplate("") && !Template.isTemplate("{") && !Template.isTemplate("{ {"))
    #expect(!Template.isTemplate("}}{ %{ #jinja2 é{"))
  }

  @Test func rendersManyTimesWithDifferentContexts() throws {
    let t = try Template("{% for u in users %}{{ u.name }}{{ ',' if not loop.last }}{% endfor %}")
    #expect(try t.render(["users": [["name": "a"], ["name": "b"]]]) == "a,b")
    #expect(try t.render(["users": []]) == "")
  }

  /// Expected values printed by Ansible's own `comment` filter (ansible.plugins.filter.core).
  @Test func commentFilterInAnsiblesPlainStyle() throws {
    #expect(try Template("{{ 'text' | comment }}").render([:]) == "#\n# text\n#")
    #expect(try Template("{{ 'a\\n\\nb' | comment }}").render([:]) == "#\n# a\n#\n# b\n#")
    #expect(try Template("{{ 'x' | comment(decoration='// ', prefix='/*', postfix='*/') }}").render([:]) == "/*\n// x\n*/")
  }

  @Test func seededRandomIsStableAndInRange() throws {
    let ctx: ValueDict = ["host": "web1", "xs": ["a", "b", "c", "d"]]
    let pick = try Template("{{ xs | random(seed=host) }} {{ 60 | random(seed=host) }}").render(ctx)
    for _ in 0..<5 {
      #expect(try Template("{{ xs | random(seed=host) }} {{ 60 | random(seed=host) }}").render(ctx) == pick)
    }
    for _ in 0..<20 {
      let n = try Template("{{ 10 | random(start=5, step=2) }}").renderNative([:])
      #expect([5, 7, 9].map { Value.int($0) }.contains(n))
      #expect(try ["a", "b", "c", "d"].contains(Template("{{ xs | random }}").render(ctx)))
    }
    #expect(throws: TemplateError.self) { try Template("{{ [] | random }}").render([:]) }
  }
}

/// Undefined values chain through attributes and items, as in Ansible 2.19, so a
/// registered result that one host never got can still be tested and defaulted.
struct UndefinedChainTests {
  @Test func chainsUntilUsed() throws {
    #expect(try Template("{{ waited.stdout is defined }} {{ waited.rc | default('none') }} {{ a['b'].c | default(1) }}").render([:]) == "False none 1")
    do {
      _ = try Template("{{ waited.rc + 1 }}").render([:])
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "'waited' is undefined")
    }
  }
}
