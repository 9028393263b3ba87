import ValueModel

/// Runs Ansible lookup plugins (`lookup('file', ...)`, `query('env', ...)`) for templates.
///
/// Lookups read the controller's files, environment and processes, which a pure template
/// engine must not do on its own; the caller decides what is reachable by passing a provider
/// to `Template.render(_:lookups:)`. Without one, a lookup fails with a clear error.
package protocol LookupProvider: Sendable {
  /// Runs the plugin `name` over `terms` and returns its list of results, as Ansible's
  /// `LookupBase.run` does; `lookup()` joins them, `query()` returns them as they are.
  /// `options` holds the keyword arguments other than `wantlist` and `errors`;
  /// `variables` are the variables the template is rendered with.
  func run(_ name: String, terms: [Value], options: ValueDict, variables: ValueDict) throws -> [Value]
}

/// A lookup that failed; the message names the plugin and the term so a user can find it.
package struct LookupError: Error, CustomStringConvertible, Sendable, Equatable {
  package var lookup: String
  package var term: String
  package var reason: String

  package init(lookup: String, term: String, reason: String) {
    self.lookup = lookup
    self.term = term
    self.reason = reason
  }

  package var description: String { "lookup('\(lookup)') failed for '\(term)': \(reason)" }
}
