import Testing

@testable import SwiftPlayCore

struct ConnectionSettingsTests {
  var defaults: ConnectionDefaults {
    var defaults = ConnectionDefaults()
    defaults.home = "/nonexistent-home"
    defaults.user = "cli-user"
    return defaults
  }

  @Test func userAtAddressHostNames() throws {
    let settings = try ConnectionSettings(hostName: "lab@127.0.0.2", vars: [:], defaults: defaults)
    #expect(settings.user == "lab")
    #expect(settings.address == "127.0.0.2")
    #expect(settings.port == 22)
  }

  @Test func inventoryVariablesWinOverCommandLine() throws {
    let settings = try ConnectionSettings(
      hostName: "lab@node1",
      vars: ["ansible_user": "ops", "ansible_host": "10.1.1.1", "ansible_port": 2222, "ansible_connection": "ssh"],
      defaults: defaults)
    #expect(settings.user == "ops")
    #expect(settings.address == "10.1.1.1")
    #expect(settings.port == 2222)
    #expect(settings.transport == .openssh)
  }

  @Test func commandLineUserWhenInventoryIsSilent() throws {
    #expect(try ConnectionSettings(hostName: "node1", vars: [:], defaults: defaults).user == "cli-user")
  }

  @Test func knownHostsAndStrictCheckingFromSSHArguments() throws {
    let settings = try ConnectionSettings(
      hostName: "n",
      vars: ["ansible_ssh_common_args": "-o UserKnownHostsFile=~/lab/known_hosts -oStrictHostKeyChecking=no"],
      defaults: defaults)
    #expect(settings.knownHostsFiles == ["/nonexistent-home/lab/known_hosts", "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"])
    #expect(!settings.hostKeyChecking)
    #expect(settings.sshArguments.count == 3)
  }

  /// OpenSSH reads every file UserKnownHostsFile and GlobalKnownHostsFile name, in order.
  @Test func severalKnownHostsFiles() throws {
    let settings = try ConnectionSettings(
      hostName: "n",
      vars: ["ansible_ssh_common_args": "-o 'UserKnownHostsFile=~/a /tmp/b' -o GlobalKnownHostsFile=none"],
      defaults: defaults)
    #expect(settings.knownHostsFiles == ["/nonexistent-home/a", "/tmp/b"])
  }

  @Test func defaultKnownHostsAndKeys() throws {
    let settings = try ConnectionSettings(hostName: "n", vars: [:], defaults: defaults)
    #expect(settings.knownHostsFiles == [
      "/nonexistent-home/.ssh/known_hosts", "/nonexistent-home/.ssh/known_hosts2", "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2",
    ])
    #expect(settings.privateKeyFiles.isEmpty)  // none of the defaults exist in that home
    #expect(settings.hostKeyChecking)
  }

  @Test func badPortAndConnectionAreErrors() {
    #expect(throws: ConnectionError.self) {
      try ConnectionSettings(hostName: "n", vars: ["ansible_port": "ssh"], defaults: defaults)
    }
    #expect(throws: ConnectionError.self) {
      try ConnectionSettings(hostName: "n", vars: ["ansible_connection": "telnet"], defaults: defaults)
    }
  }

  @Test(arguments: [
    ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", true),
    ("SSH-2.0-OpenSSH_8.8", true),
    ("SSH-2.0-OpenSSH_8.7p1", false),
    ("SSH-2.0-OpenSSH_7.4", false),
    ("SSH-2.0-dropbear_2022.83", true),
  ])
  func rsaHintDependsOnServerVersion(banner: String, refuses: Bool) {
    #expect(LibSSH2Connection.refusesSHA1RSA(banner: banner) == refuses)
  }
}
