import AnsibleYAML
import ValueModel

/// `from_yaml` and `from_yaml_all` read with the program's one YAML loader, so a string
/// parsed in a template gets the same types as the same text in a playbook or vars file.
extension YAMLLoader {
  /// Every document in `text`. Errors read "could not parse YAML: ..." with the line and
  /// column inside the text.
  func templateValues(_ text: String) throws -> [Value] {
    do { return try loadAll(text, file: "<string>") } catch {
      throw EvalError("could not parse YAML: \(error.message) (line \(error.line), column \(error.column))")
    }
  }

  /// The single document in `text` (none when there is no document), as `yaml.load` reads it.
  func templateValue(_ text: String) throws -> Value {
    let documents = try templateValues(text)
    if documents.count > 1 {
      throw EvalError("could not parse YAML: expected a single document in the stream, but found another document (use from_yaml_all)")
    }
    return documents.first ?? .null
  }
}
