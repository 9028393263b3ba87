import Jinja

/// The variables a `VariableResolution` found in a cycle: any template that uses one fails
/// with the recursion error; every other name comes from the template's context.
struct RecursiveVariables: VariableResolver, Sendable {
  var errors: [String: TemplateError] = [:]

  func resolve(_ name: String) throws -> Value? {
    if let error = errors[name] { throw error }
    return nil
  }
}
