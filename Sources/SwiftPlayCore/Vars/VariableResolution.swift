import Jinja
import ValueModel

/// Resolves variables that hold templates against each other, depth first, the way
/// Ansible resolves them lazily: `url: "http://{{ host }}"` sees `host` already rendered,
/// and a variable defined in terms of itself (`x: "{{ x }}"`, or `a -> b -> a`) fails with
/// Ansible's "Recursive loop detected in template" instead of staying unrendered.
final class VariableResolution: VariableResolver {
  /// The variables as given, templates unrendered.
  let raw: ValueDict
  let lookups: any LookupProvider
  /// Values rendered so far; a template that fails for another reason (a name defined only
  /// later, such as a loop item) keeps its text, as before.
  private(set) var resolved: ValueDict = [:]
  /// Variables caught in a cycle, with the error any use of them gets.
  private(set) var recursive: [String: TemplateError] = [:]
  /// The chain of variables being rendered now, outermost first, and for each the
  /// deepest chain among the variables it used so far.
  private var active: [String] = []
  private var deepestUsed: [Int] = []
  /// How long the chain of templates behind each resolved variable is, so a cached value
  /// still counts toward the depth of the variables that use it, whatever the order.
  private var depths: [String: Int] = [:]

  init(raw: ValueDict, lookups: any LookupProvider) {
    self.raw = raw
    self.lookups = lookups
  }

  /// Resolves every variable; the cycles end up in `recursive`.
  func resolveAll() -> ValueDict {
    // A variable without a template resolves to itself and changes nothing here, so only
    // the ones with one are walked (in name order, as before); facts make the rest many.
    let names = raw.compactMap { Self.holdsTemplate($0.value, name: $0.key) ? $0.key : nil }.sorted()
    for name in names { _ = try? resolve(name) }
    // A chain found too deep is not cached on the way out, so the variables above it are
    // tried again now that the depths below are known; what still fails fails for good.
    for name in names where resolved[name] == nil && recursive[name] == nil {
      do {
        _ = try resolve(name)
      } catch let error as TemplateError where error.message.hasPrefix(Limits.recursionMessage) {
        recursive[name] = error
      } catch {}
    }
    return raw.merging(resolved) { _, rendered in rendered }
  }

  func resolve(_ name: String) throws -> Value? {
    if let value = resolved[name] {
      note(depths[name] ?? 0)
      return value
    }
    if let error = recursive[name] { throw error }
    guard let value = raw[name] else { return nil }
    guard Self.holdsTemplate(value, name: name) else { return value }
    if let start = active.firstIndex(of: name) {
      let chain = (active[start...] + [name]).map { "'\($0)'" }.joined(separator: " -> ")
      throw Self.recursion("variable \(chain)")
    }
    // Keeps the stack shallow; nothing is cached on the way out, since the variables
    // further down the chain may be shallow enough once their depths are known.
    if active.count >= Limits.maxNesting { throw Self.recursion(Self.tooDeep) }
    active.append(name)
    deepestUsed.append(0)
    let rendered: Value
    do {
      rendered = try render(value, name: name)
    } catch where error.message.hasPrefix(Limits.recursionMessage) {
      active.removeLast()
      deepestUsed.removeLast()
      // a cycle fails for good; a chain too deep was marked where its depth was known
      if !error.message.contains(Self.tooDeep), !error.message.contains(Limits.nestedRenders) { recursive[name] = error }
      throw error
    } catch {
      active.removeLast()
      deepestUsed.removeLast()
      resolved[name] = value
      return value
    }
    active.removeLast()
    let depth = 1 + deepestUsed.removeLast()
    if depth > Limits.maxNesting {
      let error = Self.recursion(Self.tooDeep)
      recursive[name] = error
      throw error
    }
    resolved[name] = rendered
    depths[name] = depth
    note(depth)
    return rendered
  }

  /// A template string, or a list or mapping holding one: Ansible renders the strings
  /// inside a variable's containers too (`pkgs: ["php{{ v }}-cli"]`). Facts, `hostvars`
  /// and `groups` are not templates and are not searched (they are large, and every
  /// task's variables are resolved anew).
  private static func holdsTemplate(_ value: Value, name: String) -> Bool {
    switch value {
    case .string(let text): return Template.isTemplate(text)
    case .list, .dict:
      if name.hasPrefix("ansible_") || ["hostvars", "groups", "vars"].contains(name) { return false }
      return containsTemplate(value)
    default: return false
    }
  }

  private static func containsTemplate(_ value: Value) -> Bool {
    switch value {
    case .string(let text): return Template.isTemplate(text)
    case .list(let items): return items.contains(where: containsTemplate)
    case .dict(let members): return members.values.contains(where: containsTemplate)
    default: return false
    }
  }

  /// Renders a template string, or each template string inside a container; a member that
  /// fails for a reason other than recursion keeps its text, as a whole variable does.
  private func render(_ value: Value, name: String, nested: Bool = false) throws(TemplateError) -> Value {
    switch value {
    case .string(let text) where Template.isTemplate(text):
      guard nested else { return try Template(text, name: name).renderNative(raw, lookups: lookups, resolver: self) }
      do {
        return try Template(text, name: name).renderNative(raw, lookups: lookups, resolver: self)
      } catch where !error.message.hasPrefix(Limits.recursionMessage) {
        return value
      }
    case .list(let items):
      var rendered: [Value] = []
      for item in items { rendered.append(try render(item, name: name, nested: true)) }
      return .list(rendered)
    case .dict(let members):
      var rendered = ValueDict()
      for (key, member) in members { rendered[key] = try render(member, name: name, nested: true) }
      return .dict(rendered)
    default:
      return value
    }
  }

  /// Records that the variable being rendered used one `depth` variables deep.
  private func note(_ depth: Int) {
    if let last = deepestUsed.indices.last { deepestUsed[last] = max(deepestUsed[last], depth) }
  }

  /// Ansible stops a chain of variables between 50 and 100 deep (measured with 2.19).
  private static let tooDeep = "variables nested more than \(Limits.maxNesting) deep"

  private static func recursion(_ detail: String) -> TemplateError {
    TemplateError(line: 0, column: 0, message: "\(Limits.recursionMessage) (\(detail))")
  }
}
