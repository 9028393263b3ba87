import Foundation
import Jinja
import ValueModel

/// Turns `loop:` and `with_<lookup>:` into the list of items, as Ansible does: `loop:`
/// must render to a list; `with_<name>:` runs the lookup of that name (`Templar.loopItems`).
enum LoopItems {
  struct LoopError: Error { let message: String }

  static func items(_ loop: Loop, templar: Templar, action: String) throws -> [Value] {
    switch loop {
    case let .items(value):
      let rendered = try templar.render(value, name: "loop")
      guard case let .list(items) = rendered else {
        throw LoopError(message: "Invalid data passed to 'loop', it requires a list, got this instead: \(rendered.plainText). "
          + "Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.")
      }
      return items
    case let .lookup(name, terms):
      do {
        return try templar.loopItems(lookup: name, terms: terms, action: action)
      } catch let error as LookupError {
        throw LoopError(message: "The lookup plugin '\(name)' failed: \(error.reason)")
      }
    }
  }
}
