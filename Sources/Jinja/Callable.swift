import ValueModel

/// What a template can call besides functions and filters: a macro, the body of a
/// `{% call %}` (`caller`), or an imported template whose macros are called through it.
/// They are kept beside the variables, not in them, as the value model holds data only.
enum Callable {
  /// A macro; `owner` is the renderer of the template that defined it, nil for the one
  /// holding this entry (which keeps a renderer from owning itself).
  case macro(Node.Macro, owner: Renderer?)
  /// A `{% call %}` body, run with the scopes of the place it was written.
  case caller(Node.Macro, scopes: [ValueDict], owner: Renderer)
  case module(ImportedModule)

  /// The same callable for another renderer to hold.
  func owned(by renderer: Renderer) -> Callable {
    if case .macro(let m, nil) = self { return .macro(m, owner: renderer) }
    return self
  }
}

/// A template brought in by `{% import %}`: its macros and top-level variables, kept by
/// the renderer that ran its body.
final class ImportedModule {
  let renderer: Renderer

  init(renderer: Renderer) {
    self.renderer = renderer
  }

  /// A top-level variable the template exported (names starting with `_` stay private).
  func exported(_ name: String) -> Value? {
    guard !name.hasPrefix("_"), renderer.exported.contains(name) else { return nil }
    return renderer.scopes[0][name]
  }
}

/// A block of some template of an inheritance chain, with that template's name for errors.
struct BlockReference {
  var block: Node.Block
  var templateName: String
}

/// `{% break %}` and `{% continue %}`, unwinding to the innermost loop.
enum LoopSignal: Error {
  case breakLoop, continueLoop
}
