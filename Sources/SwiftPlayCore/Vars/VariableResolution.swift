import Jinja

/// Resolves variables that hold templates against each other, depth first, the way
/// Ansible resolves them lazily: `url: "http://{{ host }}"` sees `host` already rendered,
/// and a variable defined in terms of itself (`x: "{{ x }}"`, or `a -> b -> a`) fails with
/// Ansible's "Recursive loop detected in template" instead of staying unrendered.
final class VariableResolution: VariableResolver {
  /// The variables as given, templates unrendered.
  let raw: [String: Value]
  let lookups: any LookupProvider
  /// Values rendered so far; a template that fails for another reason (a name defined only
  /// later, such as a loop item) keeps its text, as before.
  private(set) var resolved: [String: Value] = [:]
  /// Variables caught in a cycle, with the error any use of them gets.
  private(set) var recursive: [String: TemplateError] = [:]
  /// The chain of variables being rendered now, outermost first.
  private var active: [String] = []

  init(raw: [String: Value], lookups: any LookupProvider) {
    self.raw = raw
    self.lookups = lookups
  }

  /// Resolves every variable; the cycles end up in `recursive`.
  func resolveAll() -> [String: Value] {
    for name in raw.keys.sorted() { _ = try? resolve(name) }
    return raw.merging(resolved) { _, rendered in rendered }
  }

  func resolve(_ name: String) throws -> Value? {
    if let value = resolved[name] { return value }
    if let error = recursive[name] { throw error }
    guard let value = raw[name] else { return nil }
    guard case let .string(text) = value, Template.isTemplate(text) else { return value }
    if let start = active.firstIndex(of: name) {
      let chain = (active[start...] + [name]).map { "'\($0)'" }.joined(separator: " -> ")
      throw Self.recursion("variable \(chain)")
    }
    if active.count >= Limits.maxNesting {
      throw Self.recursion("variables nested more than \(Limits.maxNesting) deep")
    }
    active.append(name)
    defer { active.removeLast() }
    do {
      let rendered = try Template(text, name: name).renderNative(raw, lookups: lookups, resolver: self)
      resolved[name] = rendered
      return rendered
    } catch where error.message.hasPrefix(Limits.recursionMessage) {
      recursive[name] = error
      throw error
    } catch {
      resolved[name] = value
      return value
    }
  }

  private static func recursion(_ detail: String) -> TemplateError {
    TemplateError(line: 0, column: 0, message: "\(Limits.recursionMessage) (\(detail))")
  }
}

/// The variables a `VariableResolution` found in a cycle: any template that uses one fails
/// with the recursion error; every other name comes from the template's context.
struct RecursiveVariables: VariableResolver, Sendable {
  var errors: [String: TemplateError] = [:]

  func resolve(_ name: String) throws -> Value? {
    if let error = errors[name] { throw error }
    return nil
  }
}
