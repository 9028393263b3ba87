import Jinja
import ValueModel

/// The variables a `VariableResolution` found in a cycle: any template that uses one fails
/// with the recursion error; every other name comes from the template's context.
struct RecursiveVariables: VariableResolver, Sendable {
  var errors: [String: TemplateError] = [:]

  func resolve(_ name: String) throws -> Value? {
    if let error = errors[name] { throw error }
    return nil
  }
}

/// What a Templar's templates resolve beyond their context: the recursion errors, and
/// `vars`, Ansible's mapping of every variable (`'x' in vars`, `vars[name]`), built only
/// when a template asks for it.
struct TemplarResolver: VariableResolver, Sendable {
  let recursive: RecursiveVariables
  let context: ValueDict

  func resolve(_ name: String) throws -> Value? {
    if let found = try recursive.resolve(name) { return found }
    guard name == "vars", context["vars"] == nil else { return nil }
    return .dict(context)
  }
}
