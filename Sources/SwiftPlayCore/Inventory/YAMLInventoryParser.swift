import AnsibleYAML
import Yams
import ValueModel

/// Reads Ansible's YAML inventory format: groups (usually under `all`) with `hosts`,
/// `vars` and `children`; hosts map to their variables (or nothing). Hosts and groups keep
/// the order the file gives them, as Ansible does.
package struct YAMLInventoryParser {
  /// Reads the file, with the run's vault secrets.
  let yaml: YAMLLoader

  package init(yaml: YAMLLoader = YAMLLoader()) { self.yaml = yaml }

  package func parse(_ text: String, file: String, into inventory: inout Inventory) throws(InventoryError) {
    let document: Node?
    do { document = try yaml.compose(text, file: file) } catch {
      throw InventoryError(error, text: text)
    }
    guard let document else { return }
    guard let groups = document.mapping else {
      throw InventoryError(
        file: file, line: line(document), message: "a YAML inventory is a mapping of groups, such as `all: {hosts: ..., children: ...}`")
    }
    for (name, body) in groups {
      try addGroup(try string(name, file), body, parent: nil, file: file, into: &inventory)
    }
  }

  private func addGroup(_ name: String, _ body: Node, parent: String?, file: String, into inventory: inout Inventory) throws(InventoryError) {
    func fail(_ node: Node, _ message: String) -> InventoryError {
      InventoryError(file: file, line: line(node), message: "group '\(name)': \(message)")
    }
    inventory.addGroup(name)
    if let parent { inventory.addChild(name, to: parent) }
    if body.tag.description == Tag.Name.null.rawValue { return }
    guard let sections = body.mapping else { throw fail(body, "expected a mapping with hosts, vars or children") }
    for (key, value) in sections {
      switch key.string {
      case "vars":
        guard case let .dict(vars) = try convert(value, file) else {
          if isNull(value) { continue }
          throw fail(value, "vars must be a mapping")
        }
        inventory.setGroupVars(name, vars)
      case "hosts":
        if isNull(value) { continue }
        guard let hosts = value.mapping else { throw fail(value, "hosts must be a mapping of host names") }
        for (patternNode, hostVars) in hosts {
          let pattern = try string(patternNode, file)
          let vars: ValueDict
          switch try convert(hostVars, file) {
          case .null: vars = [:]
          case let .dict(members): vars = members
          default: throw fail(hostVars, "host '\(pattern)' must map to its variables or to nothing")
          }
          let names: [String]
          do { names = try HostRange.expand(pattern) } catch { throw fail(patternNode, error.description) }
          for host in names { inventory.addHost(host, vars: vars, group: name == "all" ? nil : name) }
        }
      case "children":
        if isNull(value) { continue }
        guard let children = value.mapping else { throw fail(value, "children must be a mapping of groups") }
        for (child, childBody) in children {
          let childName = try string(child, file)
          if let loop = inventory.loop(addingChild: childName, to: name) {
            throw .groupLoop(loop, file: file, line: line(child))
          }
          try addGroup(childName, childBody, parent: name, file: file, into: &inventory)
        }
      default:
        throw fail(key, "unknown key '\(key.string ?? "?")': a group holds hosts, vars and children")
      }
    }
  }

  private func convert(_ node: Node, _ file: String) throws(InventoryError) -> Value {
    do { return try yaml.value(node, file: file) } catch {
      throw InventoryError(file: file, line: error.line, message: error.message)
    }
  }

  private func string(_ node: Node, _ file: String) throws(InventoryError) -> String {
    guard let text = node.string else { throw InventoryError(file: file, line: line(node), message: "names must be text") }
    return text
  }

  private func isNull(_ node: Node) -> Bool { node.tag.description == Tag.Name.null.rawValue }

  private func line(_ node: Node) -> Int { node.mark?.line ?? 0 }
}
