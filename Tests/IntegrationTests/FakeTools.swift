import Foundation

/// Puts fakes from lab/fakes on every lab host's PATH (as /usr/local/bin links, which
/// sudo's secure_path puts first) for one test, and takes them away again. The lab tests
/// run one at a time, so no other test sees them. With `systemd: true` it also makes
/// /run/systemd/system, the mark by which Ansible and swiftplay tell that systemd runs
/// the host, so services go to systemctl-fake.
struct FakeTools {
  static let bin = "/usr/local/bin"
  private var linked: [String] = []
  private var madeSystemdMark = false

  init(_ names: [String], systemd: Bool = false) throws {
    let files = FileManager.default
    for name in names {
      let link = "\(Self.bin)/\(name)"
      // Never hide a real tool: only a link left by an earlier fake may be replaced.
      if files.fileExists(atPath: link), (try? files.destinationOfSymbolicLink(atPath: link)) == nil {
        throw Lab.LabError(message: "\(link) is a real program: not replacing it with a fake")
      }
      try? files.removeItem(atPath: link)
      try files.createSymbolicLink(atPath: link, withDestinationPath: "\(Lab.root)/lab/fakes/\(name)-fake")
      linked.append(link)
    }
    if systemd && !files.fileExists(atPath: "/run/systemd/system") {
      try files.createDirectory(atPath: "/run/systemd/system", withIntermediateDirectories: true)
      madeSystemdMark = true
    }
  }

  func remove() {
    for link in linked { try? FileManager.default.removeItem(atPath: link) }
    if madeSystemdMark { try? FileManager.default.removeItem(atPath: "/run/systemd/system") }
  }
}
