import Testing

@testable import AnsibleYAML

/// The loader against Ansible's own (`AnsibleLoader`, run at test time): scalars by the
/// YAML 1.1 resolver, tags, quoting, block scalars, anchors, merge keys and keys written
/// twice. A case Ansible refuses must be refused too.
struct YAMLOracleTests {
  static let scalars = [
    // Numbers PyYAML reads as strings where YAML 1.2 would not, and the ones it reads.
    "1e3", "1.0e3", "1e+3", "1.e3", "0o17", "+.5", "._5", "09", "12:60", "1.2.3",
    "1.5e+3", "-1.5e-3", "3.0e+2", "0.", ".5", "0.1", "1.0", "1_000.5", "1:30.5",
    "017", "0x1F", "0x_1", "0b101", "1:30", "-1:30", "190:20:30", "1_000", "1__0", "+12", "-0", "00", "0",
    "9223372036854775807", "-9223372036854775808",
    ".inf", "-.Inf", "+.INF", ".NaN",
    // Booleans of YAML 1.1, and the near misses.
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE",
    "false", "False", "FALSE", "y", "n", "Y", "N", "tRUE", "yEs",
    // Nulls.
    "~", "null", "Null", "NULL", "", "nULL",
    // Timestamps (dates and date-times, as their ISO text).
    "2001-12-14", "2001-12-14 21:59:43.10 -5", "2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.1Z",
    "2001-12-14 21:59:43", "2002-1-2 3:04:05", "2001-12-14 21:59:43.1234567 +01:30",
    // Quoted and tagged scalars.
    "'1e3'", "\"017\"", "'yes'", "\"~\"", "''", "!!str 017", "!!int '017'", "!!float '1'", "!!bool 'yes'",
    "!!null ''", "!!str", "! 12", "! '12'", "! yes", "!", "!!int 0x1F", "!!float 1e3",
    // Plain text that only looks special.
    "a: b".debugDescription, "'it''s'", "\"tab\\there\"", "<<x", "=x", "- x", "v1.0", "1.0.0-rc1", "0x", "0b",
    "=", "<<", "!!int abc", "!foo bar",
  ]

  static let documents = [
    "a: 1\nb: [1, 2.5, yes, ~, '3', 1e3]\nc: {d: 0o17, e: 017}\n",
    "- one\n- - nested\n  - 2\n- k: v\n  n: 0x10\n",
    "text: |\n  line one\n  line two\n\nfolded: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\nlast: 1\n",
    "base: &b {a: 1, b: 2}\nmerged:\n  <<: *b\n  b: 3\n  c: 4\n",
    "one: &one {x: 1, y: 1}\ntwo: &two {x: 2, z: 2}\nboth:\n  <<: [*one, *two]\n  w: 0\n",
    "a: &a {k: 1}\nb:\n  <<: *a\n  <<: {k: 2, j: 3}\n",
    "'<<': {a: 1}\n",
    "dup: 1\nother: x\ndup: 2\n",
    "list: &l [1, 2]\ncopy: *l\n",
    "x: *nope\n",
    "a: b: c\n",
    "--- 1\n--- 2\n",
    "# only a comment\n",
    "---\n...\n",
    "? complex\n: value\n",
    "a: !!str\nb: !!map {c: 1}\nc: !!seq [1]\n",
    "<<: {a: 1}\n",
    "x: {<<: [1]}\n",
    "1: int\n0x10: hex\nno: bool\n~: null\n1.5: float\n1e3: text\n",
  ]

  @Test func scalarsResolveAsAnsible() throws {
    let texts = Self.scalars.map { "x: \($0)\n" }
    let expected = try AnsibleOracle.render(texts)
    #expect(expected.count == texts.count)
    for (text, want) in zip(texts, expected) {
      #expect(Canonical.render(text) == want, "\(text.debugDescription)")
    }
  }

  @Test func documentsLoadAsAnsible() throws {
    let expected = try AnsibleOracle.render(Self.documents)
    #expect(expected.count == Self.documents.count)
    for (text, want) in zip(Self.documents, expected) {
      #expect(Canonical.render(text) == want, "\(text.debugDescription)")
    }
  }
}
