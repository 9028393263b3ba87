import Testing

@testable import SwiftPlayCore
import ValueModel

/// Expected texts were printed by Python 3.11's json.dumps(..., sort_keys=True,
/// ensure_ascii=False) on the same value, the function Ansible's callbacks use.
struct PythonJSONTests {
  let value: Value = .dict([
    "b": .list([1, .double(2.5), true, .null, .string("x\"\n\t\u{01}é")]),
    "a": .dict([:]),
    "c": .list([]),
    "d": .dict(["z": 1, "y": "q"]),
  ])

  @Test func indentFourMatchesPython() {
    #expect(JSON.dump(value, indent: 4) == "{\n    \"a\": {},\n    \"b\": [\n        1,\n        2.5,\n        true,\n        null,\n        \"x\\\"\\n\\t\\u0001é\"\n    ],\n    \"c\": [],\n    \"d\": {\n        \"y\": \"q\",\n        \"z\": 1\n    }\n}")
  }

  @Test func indentZeroMatchesPython() {
    #expect(JSON.dump(value, indent: 0) == "{\n\"a\": {},\n\"b\": [\n1,\n2.5,\ntrue,\nnull,\n\"x\\\"\\n\\t\\u0001é\"\n],\n\"c\": [],\n\"d\": {\n\"y\": \"q\",\n\"z\": 1\n}\n}")
  }

  @Test func compactMatchesPython() {
    #expect(JSON.dump(value) == "{\"a\": {}, \"b\": [1, 2.5, true, null, \"x\\\"\\n\\t\\u0001é\"], \"c\": [], \"d\": {\"y\": \"q\", \"z\": 1}}")
  }

  @Test func wholeFloatsKeepTheirPoint() {
    #expect(JSON.dump(.double(1)) == "1.0")
  }
}
