import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore

/// The modules' declarations: complete, consistent with what the engine asks of them, and
/// documented in docs/modules.md exactly as they are declared.
struct ModuleDocumentationTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// docs/modules.md is the generated text; SWIFTPLAY_WRITE_DOCS=1 rewrites it.
  @Test func optionsPageMatchesTheDeclarations() throws {
    let path = Self.root.appendingPathComponent("docs/modules.md").path
    let generated = ModuleDocumentation.markdown()
    if ProcessInfo.processInfo.environment["SWIFTPLAY_WRITE_DOCS"] == "1" {
      try generated.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written == generated, "docs/modules.md is stale: SWIFTPLAY_WRITE_DOCS=1 swift test --filter ModuleDocumentationTests")
    for module in ModuleRegistry.all {
      #expect(written.contains("\n## \(module.name)\n"), "\(module.name) has no section")
    }
  }

  /// Every registered module but setup (being rewritten) declares its options; names and
  /// path options come from the declaration, and the declaration is sound: no name twice,
  /// rules naming declared options, defaults of the option's type and among its choices.
  @Test func everyModuleDeclaresASoundSpec() throws {
    for module in ModuleRegistry.all where module.name != "setup" {
      let spec = module.argumentSpec
      #expect(spec != .undeclared, "\(module.name) declares no options")
      let all = spec.options.flatMap(\.names)
      #expect(Set(all).count == all.count, "\(module.name) declares a name twice")
      #expect(module.argumentNames == spec.names)
      #expect(module.pathOptions == spec.pathNames)
      let declared = Set(spec.options.map(\.name))
      let ruled = spec.mutuallyExclusive.flatMap { $0 } + spec.requiredTogether.flatMap { $0 } + spec.requiredOneOf.flatMap { $0 }
        + spec.requiredIf.flatMap { [$0.option] + $0.needs } + spec.requiredBy.flatMap { [$0.option] + $0.needs }
      #expect(ruled.allSatisfy(declared.contains), "\(module.name) has a rule on an undeclared option")
      for option in spec.options {
        #expect(!(option.required && option.defaultValue != nil), "\(module.name).\(option.name): required with a default")
        guard let value = option.defaultValue else { continue }
        let converted = try ArgumentSpec.convert(value, option).get()
        #expect(converted == value || option.type == .raw, "\(module.name).\(option.name): default not of its type")
        if let choices = option.choices, case .list = value {
          #expect(option.type != .raw && choices.count > 0)
        } else if let choices = option.choices {
          #expect(choices.contains(value), "\(module.name).\(option.name): default not among its choices")
        }
      }
    }
  }

  @Test func declarationDrivesValidation() throws {
    // An alias reaches the option's name, typed and defaulted.
    let stat = try StatModule.validated(ModuleArguments(options: ["dest": "/etc", "mime": "no"]))
    #expect(stat.string("path") == "/etc" && !stat.bool("get_mime") && stat.string("checksum_algorithm") == "sha1")
    #expect(stat.isGiven("get_mime") && !stat.isGiven("follow"))
    // Options the native code does not implement are not accepted (Ansible's module takes them).
    #expect(!FileModule.argumentNames.contains("modification_time") && !CopyModule.argumentNames.contains("follow"))
    #expect(FileModule.pathOptions == ["path", "dest", "name", "src"])
    #expect {
      try CopyModule(arguments: ModuleArguments(options: ["dest": "/x", "content": "a", "attributes": "+i"]))
    } throws: { error in
      (error as? ModuleError)?.message.hasPrefix(
        "Unsupported parameters for (copy) module: attributes. Supported parameters include: backup, content, dest,") == true
    }
    // A value the native module does not implement is told apart from a wrong one.
    #expect {
      try WaitForModule(arguments: ModuleArguments(options: ["state": "drained"]))
    } throws: { error in
      (error as? ModuleError)?.isBeyondNative == true
    }
    #expect {
      try WaitForModule(arguments: ModuleArguments(options: ["state": "gone"]))
    } throws: { error in
      (error as? ModuleError)?.isBeyondNative == false
    }
    // A command's free form, given as _raw_params, is the free form.
    let shell = try ShellModule.validated(ModuleArguments(options: ["_raw_params": "echo hi", "chdir": "/tmp"]))
    #expect(shell.freeForm == "echo hi" && shell.string("chdir") == "/tmp")
  }
}
