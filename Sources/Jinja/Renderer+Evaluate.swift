import ValueModel

/// Expression evaluation; errors without a location get the location of the node that
/// raised them, which is the innermost failing expression.
extension Renderer {
  func evaluate(_ e: Expr) throws -> Value {
    try enter(e.loc)
    defer { leave() }
    do {
      return try evaluateUnlocated(e)
    } catch {
      throw located(error, e.loc)
    }
  }

  /// Evaluates an operand that must not be undefined, blaming the operand's own location.
  func evaluateDefined(_ e: Expr) throws -> Value {
    let v = try evaluate(e)
    do {
      return try v.requireDefined()
    } catch {
      throw located(error, e.loc)
    }
  }

  private func evaluateUnlocated(_ e: Expr) throws -> Value {
    switch e.kind {
    case .literal(let v):
      return v
    case .name(let n):
      return try lookup(n)
    case .list(let items), .tuple(let items):
      return .list(try items.map { try evaluate($0) })
    case .dict(let pairs):
      var d = ValueDict()
      for (k, v) in pairs {
        let key = try evaluateDefined(k)
        d[key.text] = try evaluate(v)
      }
      return .dict(d)
    case .unary(let op, let operand):
      let v = try evaluateDefined(operand)
      switch op {
      case "not": return .bool(!v.isTruthy)
      case "-": return try Operators.negate(v)
      default:
        guard let n = v.asNumber else { throw EvalError("bad operand type for unary +: '\(v.typeName)'") }
        return n
      }
    case .binary("%", let l, let r):
      let left = try evaluateDefined(l)
      guard case .string(let template) = left else {
        return try Operators.binary("%", left, try evaluateDefined(r))
      }
      if case .tuple(let items) = r.kind {
        return .string(try PercentFormat.format(template, args: try items.map { try evaluate($0) }, mapping: nil))
      }
      let right = try evaluateDefined(r)
      if case .list = right {
        // Python treats any non-tuple sequence as one argument that may go unused
        return .string(try PercentFormat.format(template, args: [right], mapping: ValueDict()))
      }
      if case .dict(let d) = right {
        return .string(try PercentFormat.format(template, args: template.contains("%(") ? [] : [right], mapping: d))
      }
      return .string(try PercentFormat.format(template, args: [right], mapping: nil))
    case .binary(let op, let l, let r):
      return try Operators.binary(op, try evaluateDefined(l), try evaluateDefined(r))
    case .compare(let first, let rest):
      var left = try evaluateDefined(first)
      for (op, rightExpr) in rest {
        let right = try evaluateDefined(rightExpr)
        guard try Operators.compare(op, left, right) else { return .bool(false) }
        left = right
      }
      return .bool(true)
    case .and(let l, let r):
      let left = try evaluateDefined(l)
      return left.isTruthy ? try evaluate(r) : left
    case .or(let l, let r):
      let left = try evaluateDefined(l)
      return left.isTruthy ? left : try evaluate(r)
    case .conditional(let condition, let then, let otherwise):
      if try evaluateDefined(condition).isTruthy { return try evaluate(then) }
      guard let otherwise else { return .lenientUndefined }
      return try evaluate(otherwise)
    case .attribute(let target, let name):
      // Ansible 2.19 chains undefined values: `waited.rc | default(0)` and `a.b is defined`
      // work when `waited` or `a` is undefined; any other use names the undefined root.
      if let exported = importedAttribute(target, name) { return exported }
      let object = try evaluate(target)
      if object.isUndefined { return object }
      return try Operators.attribute(object, name, path: dottedPath(e))
    case .item(let target, let key):
      let k = try evaluateDefined(key)
      let object = try evaluate(target)
      if object.isUndefined { return object }
      return try Operators.item(object, k, path: dottedPath(e))
    case .slice(let target, let start, let stop, let step):
      let t = try evaluateDefined(target)
      return try Operators.slice(
        t, start: try start.map { try evaluate($0) }, stop: try stop.map { try evaluate($0) },
        step: try step.map { try evaluate($0) })
    case .call(let callee, let args):
      return try call(callee, try evaluateArguments(args))
    case .filter(let target, let name, let args):
      let value = BuiltinFilters.acceptsUndefined(name) ? try evaluate(target) : try evaluateDefined(target)
      return try BuiltinFilters.apply(name, value, try evaluateArguments(args), renderer: self)
    case .test(let target, let name, let args, let negated):
      let value = try evaluate(target)
      let result = try BuiltinTests.apply(name, value, try evaluateArguments(args), renderer: self)
      return .bool(result != negated)
    }
  }

  func evaluateArguments(_ args: Expr.Arguments) throws -> CallArguments {
    var out = CallArguments()
    out.positional = try args.positional.map { try evaluate($0) }
    for (k, v) in args.keyword { out.keyword[k] = try evaluate(v) }
    return out
  }

  /// Renders `a.b['c']` back as `a.b.c` so undefined errors name what the user wrote.
  private func dottedPath(_ e: Expr) -> String {
    switch e.kind {
    case .name(let n): return n
    case .attribute(let t, let n): return dottedPath(t) + "." + n
    case .item(let t, let k):
      if case .literal(let v) = k.kind {
        if case .string(let s) = v { return dottedPath(t) + "." + s }
        return dottedPath(t) + "[" + v.repr + "]"
      }
      return dottedPath(t) + "[...]"
    default: return "value"
    }
  }

  private func call(_ callee: Expr, _ args: CallArguments) throws -> Value {
    // a plain macro call goes straight to the macro: recursion depth is bounded by frames
    if case .name(let n) = callee.kind, case .macro(let macro, let owner)? = callables[n] {
      return try (owner ?? self).invoke(macro, args, caller: nil)
    }
    if let v = try callTemplateCallable(callee, args, caller: nil) { return v }
    switch callee.kind {
    case .attribute(let target, let method):
      let object = try evaluateDefined(target)
      if method == "cycle", case .name("loop") = target.kind, case .dict(let info) = object,
        case .int(let i)? = info["index0"]
      {
        guard !args.positional.isEmpty else { throw EvalError("no items for cycling given") }
        return args.positional[i % args.positional.count]
      }
      return try Methods.call(object, method, args)
    case .name(let n):
      if n == "lookup" || n == "query" || n == "q" {
        return try Lookups.call(n, args, provider: lookups, variables: variables)
      }
      return try Globals.call(n, args)
    default:
      throw EvalError("object is not callable")
    }
  }
}
