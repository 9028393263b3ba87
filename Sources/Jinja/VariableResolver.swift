import ValueModel

/// Supplies a template's top-level variables on demand, so a variable that holds a template
/// is rendered when it is used (as Ansible resolves variables lazily) and a variable defined
/// in terms of itself can fail with Ansible's "Recursive loop detected" instead of looping.
package protocol VariableResolver {
  /// The value of `name`, nil when the resolver does not know it (the template's context
  /// is asked next); throws when `name` cannot be resolved.
  func resolve(_ name: String) throws -> Value?
}
