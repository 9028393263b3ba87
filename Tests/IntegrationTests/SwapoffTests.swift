import Foundation
import Testing

/// swapoff on a lab host (through sudo, as a playbook would) against a real swap file
/// that the test turns on, and an fstab file the test owns. Swap is the kernel's, so
/// this turns off every swap area of the machine; the lab machines have none of their own.
extension LabTests {
  @Suite struct SwapoffTests {
    @Test func swapGoesOffAndStaysOffInFstabThenNothingToDo() throws {
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          become: true
          tasks:
            - swapoff:
                fstab: WORK/fstab
        """)
      let swapfile = folder + "/swapfile"
      for step in [["dd", "if=/dev/zero", "of=\(swapfile)", "bs=1M", "count=16"], ["chmod", "600", swapfile],
                   ["mkswap", swapfile], ["swapon", swapfile]] {
        let done = try Lab.run(step)
        try #require(done.code == 0, "\(step): \(done.stderr)")
      }
      defer { _ = try? Lab.run(["swapoff", swapfile]) }
      let fstab = "UUID=1234 / ext4 defaults 0 1\n\(swapfile) none swap sw 0 0\n"
      try fstab.write(toFile: folder + "/fstab", atomically: true, encoding: .utf8)
      let becomeVars = try Lab.writeBecomeVars(folder + "/become.yml")
      func swapIsOn() throws -> Bool { try String(contentsOfFile: "/proc/swaps", encoding: .utf8).contains(swapfile) }
      let arguments = ["-i", Lab.inventory, "-e", "@" + becomeVars, playbook]

      let check = try Lab.swiftplay(["--check", "--diff"] + arguments)
      #expect(check.code == 0, "\(check.stdout)")
      #expect(check.stdout.contains("changed: [lab1]"), "\(check.stdout)")
      #expect(check.stdout.contains("-\(swapfile) none swap sw 0 0\n+#\(swapfile) none swap sw 0 0"), "no fstab diff: \(check.stdout)")
      #expect(try swapIsOn(), "check mode turned swap off")
      #expect(try String(contentsOfFile: folder + "/fstab", encoding: .utf8) == fstab, "check mode changed fstab")

      let real = try Lab.swiftplay(arguments)
      #expect(real.code == 0 && real.stdout.contains("changed: [lab1]"), "\(real.stdout)")
      #expect(try !swapIsOn(), "swap is still on")
      #expect(try String(contentsOfFile: folder + "/fstab", encoding: .utf8) == "UUID=1234 / ext4 defaults 0 1\n#\(swapfile) none swap sw 0 0\n")

      let again = try Lab.swiftplay(arguments)
      #expect(again.code == 0 && again.stdout.contains("ok: [lab1]"), "\(again.stdout)")
    }
  }
}
