/// An error raised while evaluating, before its location is known; the renderer turns it
/// into a `TemplateError` at the innermost expression that failed.
struct EvalError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
