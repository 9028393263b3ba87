import Foundation
import Testing

@testable import SwiftPlayCore

/// Files named by the user that never end (a device, a pipe) are refused before any read,
/// so `-e @/dev/zero` cannot hang the controller or fill its memory.
@Suite(.timeLimit(.minutes(1))) struct ControllerFileTests {
  @Test func devicesAndPipesAreRefusedUnread() throws {
    #expect(throws: ControllerFile.ReadError.notAFile("/dev/zero")) { try ControllerFile.readText("/dev/zero") }
    let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID())").path
    #expect(mkfifo(fifo, 0o600) == 0)
    defer { unlink(fifo) }
    #expect(throws: ControllerFile.ReadError.notAFile(fifo)) { try ControllerFile.readText(fifo) }
    #expect(throws: ControllerFile.ReadError.unreadable("/nonexistent")) { try ControllerFile.readText("/nonexistent") }
  }

  @Test func everyUserNamedFileGoesThroughIt() throws {
    do {
      _ = try ExtraVars.parse(["@/dev/zero"])
      Issue.record("a device read as extra vars")
    } catch { #expect(error.reason == "/dev/zero does not appear to be a file") }
    do {
      _ = try PlaybookLoader(catalog: EmptyCatalog()).load("/dev/zero")
      Issue.record("a device loaded as a playbook")
    } catch { #expect("\(error)".contains("'/dev/zero' does not appear to be a file"), "\(error)") }
    #expect(throws: (any Error).self) { try HostPattern.limit(["a"], to: "@/dev/zero", in: Inventory()) }
  }

  struct EmptyCatalog: ModuleCatalog {
    func moduleType(named name: String) -> (any Module.Type)? { nil }
  }
}
