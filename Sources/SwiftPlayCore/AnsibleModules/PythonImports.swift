import Foundation

/// The modules a Python source file imports, read from its `import` and `from … import`
/// statements, as Ansible finds the module_utils a module needs. Imports inside
/// functions and `try:` blocks count too (an optional import is packed when it exists),
/// and a name that resolves to no file is simply left out by the caller, so a line of a
/// docstring that happens to read like an import costs nothing.
enum PythonImports {
  /// One imported name: `module` is absolute and dotted; `names` are what a
  /// `from module import a, b` brings in (each may itself be a submodule).
  struct Import: Equatable {
    var module: String
    var names: [String]
  }

  /// The imports of `source`, a file whose own dotted name is `selfName` (for `from .x`);
  /// `isPackage` when the file is a package's `__init__.py`.
  static func scan(_ source: String, selfName: String, isPackage: Bool) -> [Import] {
    var imports: [Import] = []
    for statement in statements(source) {
      if statement.hasPrefix("import ") {
        for part in statement.dropFirst(7).split(separator: ",") {
          let name = part.split(separator: " ").first.map(String.init) ?? ""
          if !name.isEmpty { imports.append(Import(module: name, names: [])) }
        }
      } else if statement.hasPrefix("from "), let range = statement.range(of: " import ") {
        var module = String(statement[statement.index(statement.startIndex, offsetBy: 5)..<range.lowerBound])
          .trimmingCharacters(in: .whitespaces)
        if module.hasPrefix(".") {
          guard let absolute = absolute(module, selfName: selfName, isPackage: isPackage) else { continue }
          module = absolute
        }
        let names = statement[range.upperBound...]
          .replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
          .split(separator: ",")
          .compactMap { $0.split(separator: " ").first.map(String.init) }
          .filter { $0 != "*" }
        imports.append(Import(module: module, names: names))
      }
    }
    return imports
  }

  /// `from ..x import y` made absolute against the importing file's package.
  static func absolute(_ relative: String, selfName: String, isPackage: Bool) -> String? {
    let dots = relative.prefix { $0 == "." }.count
    var package = selfName.split(separator: ".").map(String.init)
    if !isPackage { package.removeLast() }
    guard dots - 1 <= package.count else { return nil }
    package.removeLast(dots - 1)
    let rest = relative.dropFirst(dots)
    return (package + (rest.isEmpty ? [] : [String(rest)])).joined(separator: ".")
  }

  /// Logical lines that start an import: continuation backslashes and parenthesised
  /// name lists joined, comments dropped, leading indentation removed.
  static func statements(_ source: String) -> [String] {
    var result: [String] = []
    var pending: String?
    for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(raw)
      if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
      if var open = pending {
        open += " " + line.trimmingCharacters(in: .whitespaces)
        if line.contains(")") || (!open.contains("(") && !line.hasSuffix("\\")) {
          result.append(open.replacingOccurrences(of: "\\", with: " "))
          pending = nil
        } else {
          pending = open
        }
        continue
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("import ") || trimmed.hasPrefix("from ") else { continue }
      if (trimmed.contains("(") && !trimmed.contains(")")) || trimmed.hasSuffix("\\") {
        pending = trimmed
      } else {
        result.append(trimmed)
      }
    }
    return result
  }
}
