import Jinja

extension JSONValue {
  /// Reads JSON text (as Python's `json.loads` would) into a value: what a host program
  /// printed, such as a local fact script's output or a probe's report.
  package init(json text: String) throws {
    self.init(try JSON.decode(text))
  }
}
