import Foundation
import LocalProcess

/// The Ansible installation on the controller (PyPI `ansible`, which brings ansible-core
/// and the collections of the community package): where its builtin modules, module_utils,
/// runtime metadata and bundled `ansible_collections` are. swiftplay reads these files to
/// run Ansible's own modules on hosts; nothing of them is copied into the project.
///
/// Found through the Python that imports `ansible`: `SWIFTPLAY_ANSIBLE_PYTHON` when set,
/// else the Python on the first line of `ansible-playbook` on PATH, else `python3`.
/// Looked up once per process.
package struct ControllerAnsible: Sendable, Equatable {
  /// The `ansible` package folder (`…/site-packages/ansible`).
  package let package: String
  /// The folder holding it, which is also where `ansible_collections` is installed.
  package let sitePackages: String

  /// `ansible/modules`: the builtin modules.
  package var builtinModules: String { package + "/modules" }
  /// `ansible/module_utils`.
  package var moduleUtils: String { package + "/module_utils" }
  /// `ansible/config/ansible_builtin_runtime.yml`: redirects of old builtin names into
  /// collections.
  package var builtinRuntime: String { package + "/config/ansible_builtin_runtime.yml" }
  /// The collections the PyPI `ansible` package installs, if it is installed (ansible-core
  /// alone has none).
  package var bundledCollections: String? {
    let path = sitePackages + "/ansible_collections"
    return FileManager.default.fileExists(atPath: path) ? sitePackages : nil
  }

  /// ansible-core's version (`2.19.14`), from its `release.py`; modules are told it.
  package var version: String {
    guard let text = try? String(contentsOfFile: package + "/release.py", encoding: .utf8) else { return "2.19.0" }
    for line in text.split(separator: "\n") where line.hasPrefix("__version__") {
      let quoted = line.split(whereSeparator: { $0 == "'" || $0 == "\"" })
      if quoted.count >= 2 { return String(quoted[1]) }
    }
    return "2.19.0"
  }

  /// The Python that imports it (its `sys.executable`): what the implicit localhost runs
  /// modules with, as Ansible gives it `ansible_playbook_python`.
  package var python = "python3"

  package init(package: String, python: String = "python3") {
    self.package = package
    self.python = python
    sitePackages = URL(fileURLWithPath: package).deletingLastPathComponent().path
  }

  /// The installation, or nil when no Python on the controller imports `ansible`.
  package static let installed: ControllerAnsible? = locate(environment: ProcessInfo.processInfo.environment)

  /// What to tell a user who needs Ansible's files for `module`.
  package static func missingMessage(module: String) -> String {
    "the module '\(module)' has no native swiftplay implementation and runs as Ansible's own module, "
      + "but Ansible is not installed on this controller: install it with `pip install ansible`"
  }

  static func locate(environment: [String: String]) -> ControllerAnsible? {
    for python in candidates(environment: environment) {
      let script = "import ansible, os, sys; print(os.path.dirname(ansible.__file__)); print(sys.executable)"
      guard let output = try? run(python, ["-c", script]) else { continue }
      let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let path = lines.first, !path.isEmpty, FileManager.default.fileExists(atPath: path + "/modules") else { continue }
      return ControllerAnsible(package: path, python: lines.count > 1 && !lines[1].isEmpty ? lines[1] : python)
    }
    return nil
  }

  /// Pythons to ask, in order.
  static func candidates(environment: [String: String]) -> [String] {
    var pythons: [String] = []
    if let explicit = environment["SWIFTPLAY_ANSIBLE_PYTHON"], !explicit.isEmpty { pythons.append(explicit) }
    for folder in (environment["PATH"] ?? "").split(separator: ":") {
      let script = String(folder) + "/ansible-playbook"
      guard let handle = FileHandle(forReadingAtPath: script) else { continue }
      defer { try? handle.close() }
      let head = String(decoding: (try? handle.read(upToCount: 256)) ?? Data(), as: UTF8.self)
      if head.hasPrefix("#!"), let line = head.dropFirst(2).split(separator: "\n").first {
        let words = line.split(separator: " ").map(String.init)
        // `#!/usr/bin/env python3` names the program after env.
        if let first = words.first {
          let program = first.hasSuffix("/env") && words.count > 1 ? words[1] : first
          // A pyenv or asdf shim is a shell script: PATH's python3 is then the one.
          if program.split(separator: "/").last?.hasPrefix("python") == true { pythons.append(program) }
        }
      }
      break
    }
    pythons.append("python3")
    return pythons
  }

  /// What `program arguments` printed, through the project's one subprocess runner; an
  /// error when it cannot start or fails.
  private static func run(_ program: String, _ arguments: [String]) throws -> String {
    let outcome = try LocalProcess.run(["/usr/bin/env", program] + arguments, timeout: 30)
    guard outcome.exitStatus == 0 else { throw CocoaError(.executableLoad) }
    return String(decoding: outcome.stdout, as: UTF8.self)
  }
}
