import Foundation

/// How deep evaluation is on this thread, shared by every template rendering on it: a
/// template lookup, a variable resolved from another variable, or any render started while
/// another is running adds to the same count, so nesting renders cannot multiply the
/// stack `Limits.maxEvaluationDepth` allows for one. Rendering never suspends, so the
/// count stays on the thread that started it.
enum EvaluationDepth {
  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
  }()

  /// What starting a render costs: a render inside a render (a template lookup, a
  /// variable resolved from another) stacks far more frames than one expression does.
  /// With 4, a chain of variables resolves about 80 deep (Ansible: between 50 and 100)
  /// and a template that looks itself up stops after about 80 levels, inside 3 MB of stack
  /// in a debug build.
  static let renderCost = 4

  /// Runs `body` as a render nested in whatever runs on this thread, failing with the
  /// recursion error when that would pass `Limits.maxEvaluationDepth`.
  static func rendering<T>(_ body: () throws -> T) throws -> T {
    let base = current
    if base + renderCost > Limits.maxEvaluationDepth {
      throw TemplateError(line: 0, column: 0, message: Limits.recursionMessage + " " + Limits.nestedRenders)
    }
    current = base + renderCost
    defer { current = base }
    return try body()
  }

  /// The number of evaluations in progress on this thread.
  static var current: Int {
    get { Int(bitPattern: pthread_getspecific(key)) }
    set { pthread_setspecific(key, UnsafeRawPointer(bitPattern: newValue)) }
  }
}
