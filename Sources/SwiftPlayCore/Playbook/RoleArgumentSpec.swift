import Foundation
import Yams
import ValueModel

/// A role's argument spec (`meta/argument_specs.yml` or `.yaml`, else `argument_specs` in
/// `meta/main.yml`) turned into the task Ansible runs before the role's own first task:
/// `validate_argument_spec` named `Validating arguments against arg spec '<entry>'` (and
/// the entry's short description), tagged `always`, for the entry point being used
/// (`tasks_from`, else `main`). Roles without a spec for the entry point get none.
extension RoleLoader {
  func validationTask(
    path: String, name: String, request: RoleRequest, meta: SourceFile?, scope: KeywordScope
  ) throws(PlaybookError) -> [TaskNode] {
    guard request.validateSpec else { return [] }
    var found: (file: SourceFile, specs: Value)?
    for candidate in ["argument_specs.yml", "argument_specs.yaml"] {
      let specPath = "\(path)/meta/\(candidate)"
      guard LoadState.exists(specPath) else { continue }
      let file = try SourceFile.read(specPath, requestedAt: request.location, excerpt: request.excerpt, yaml: state.yaml)
      if let root = file.root, case let .dict(top) = try file.value(root) { found = (file, top["argument_specs"] ?? .null) }
      break
    }
    if found == nil, let meta, let root = meta.root, case let .dict(top) = try meta.value(root), let specs = top["argument_specs"] {
      found = (meta, specs)
    }
    let entry = request.tasksFrom ?? "main"
    guard let found, case let .dict(specs) = found.specs, case let .dict(spec)? = specs[entry] else { return [] }
    var title = "Validating arguments against arg spec '\(entry)'"
    if let short = spec["short_description"] { title += " - " + short.plainText }
    let arguments: Value = .dict([
      "argument_spec": Self.checkedKeys(spec["options"] ?? .dict([:])),
      "provided_arguments": .dict(request.parameters),
      "validate_args_context": .dict([
        "type": "role", "name": .string(name), "argument_spec_name": .string(entry), "path": .string(path),
      ]),
    ])
    let task: Value = .dict([
      "name": .string(title), "ansible.builtin.validate_argument_spec": arguments, "tags": .list(["always"]),
    ])
    return try TaskListParser(state: state, file: found.file, isHandler: false)
      .parse(Node([PlaybookLoader.node(task)]), "a role's argument spec", scope: scope, directory: path + "/tasks")
  }

  /// Only what the check reads of each option (type, required, choices, elements and
  /// sub-options): descriptions and defaults may hold text that is no template.
  static func checkedKeys(_ options: Value) -> Value {
    guard case let .dict(members) = options else { return .dict([:]) }
    return .dict(members.mapValues { option -> Value in
      guard case let .dict(keys) = option else { return .dict([:]) }
      var kept = keys.filter { ["type", "required", "choices", "elements"].contains($0.key) }
      if let sub = keys["options"] { kept["options"] = checkedKeys(sub) }
      return .dict(kept)
    })
  }
}
