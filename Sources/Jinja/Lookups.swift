import ValueModel

/// The `lookup`, `query` and `q` globals: argument handling shared by every provider.
enum Lookups {
  static func call(_ function: String, _ args: CallArguments, provider: (any LookupProvider)?,
                   variables: ValueDict) throws -> Value {
    guard let plugin = try args.positional.first?.requireDefined().text else {
      throw EvalError("\(function)() needs the name of a lookup plugin")
    }
    guard let provider else {
      throw EvalError("lookup plugins are not available here ('\(plugin)' was requested)")
    }
    // The arguments are the plugin's terms as they are, as in Ansible 2.19 (a list argument
    // is one term; the plugins that take lists, like first_found and items, unpack them).
    var terms: [Value] = []
    for term in args.positional.dropFirst() { terms.append(try term.requireDefined()) }
    var options: ValueDict = [:]
    for (key, value) in args.keyword.elements where key != "wantlist" && key != "errors" {
      options[key] = try value.requireDefined()
    }
    let wantList = function != "lookup" || args.keyword["wantlist"]?.isTruthy == true
    let results: [Value]
    do {
      results = try provider.run(plugin, terms: terms, options: options, variables: variables)
    } catch let error as TemplateError where error.message.hasPrefix(Limits.recursionMessage) {
      // a template lookup that includes itself: one message from the innermost place,
      // not one "lookup failed" wrapper per level
      throw error
    } catch {
      switch args.keyword["errors"]?.text ?? "strict" {
      case "ignore", "warn": return wantList ? .list([]) : .null
      default: throw EvalError((error as? LookupError)?.description ?? "lookup('\(plugin)') failed: \(error)")
      }
    }
    if wantList { return .list(results) }
    // Like Ansible: strings are joined with commas; anything else is returned as is.
    if results.allSatisfy({ $0.stringValue != nil }) {
      return .string(results.map(\.text).joined(separator: ","))
    }
    return results.count == 1 ? results[0] : .list(results)
  }
}
