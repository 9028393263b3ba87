import Foundation
import ValueModel

/// The transports swiftplay can use to reach a host.
package enum Transport: String, Sendable, CaseIterable {
  /// swiftplay's own SSH client, in-process, through libssh2 (the default).
  case libssh2
  /// The system's OpenSSH client with ControlMaster, for RSA keys, ~/.ssh/config,
  /// ProxyJump and certificates.
  case openssh
  case local

  /// Accepts Ansible's names too: `ssh` and `smart` mean OpenSSH, `paramiko` means the
  /// in-process client.
  package init?(ansibleName: String) {
    switch ansibleName.lowercased() {
    case "libssh2", "paramiko", "paramiko_ssh", "ansible.builtin.paramiko_ssh": self = .libssh2
    case "openssh", "ssh", "smart", "ansible.builtin.ssh": self = .openssh
    case "local", "ansible.builtin.local": self = .local
    default: return nil
    }
  }
}

/// Run-wide connection choices: command-line options over ansible.cfg.
package struct ConnectionDefaults: Sendable {
  package var transport: Transport = .libssh2
  package var user: String?
  package var privateKeyFile: String?
  package var password: String?
  package var connectTimeout: Double = 10
  package var hostKeyChecking = true
  package var home: String = NSHomeDirectory()

  package init() {}
}

/// Everything needed to open one host's connection, resolved from its inventory variables
/// over the run-wide defaults, as Ansible resolves them.
package struct ConnectionSettings: Sendable {
  package var hostName: String
  package var transport: Transport
  package var address: String
  package var port: Int
  package var user: String
  /// Key files to offer, in order: the one configured, or the usual defaults that exist.
  package var privateKeyFiles: [String]
  package var password: String?
  package var connectTimeout: Double
  package var hostKeyChecking: Bool
  package var knownHostsFiles: [String]
  /// `ansible_ssh_common_args` and `ansible_ssh_extra_args`, for the OpenSSH client.
  package var sshArguments: [String]
  /// Seconds of silence after which a keepalive is sent (`-o ServerAliveInterval=N` in
  /// the SSH arguments, as for OpenSSH); 0 sends none.
  package var keepaliveInterval = 15
  /// Which of port, user and key were set by the inventory or the command line rather than
  /// defaulted: the OpenSSH connection passes only those, so ~/.ssh/config supplies the rest.
  package var portIsExplicit: Bool
  package var userIsExplicit: Bool
  package var privateKeyIsExplicit: Bool

  package init(hostName: String, vars: ValueDict, defaults: ConnectionDefaults) throws(ConnectionError) {
    func variable(_ names: String...) -> String? {
      names.lazy.compactMap { vars[$0]?.plainText }.first { !$0.isEmpty }
    }
    self.hostName = hostName

    // `user@address` host names, as in `lab@127.0.0.2`: ssh reads them that way.
    var inlineUser: String?
    var nameAddress = hostName
    if let at = hostName.lastIndex(of: "@") {
      inlineUser = String(hostName[..<at])
      nameAddress = String(hostName[hostName.index(after: at)...])
    }

    if let name = variable("ansible_connection") {
      guard let transport = Transport(ansibleName: name) else {
        throw .failed("unknown connection type '\(name)' for host \(hostName): use libssh2, ssh (OpenSSH) or local")
      }
      self.transport = transport
    } else {
      transport = defaults.transport
    }
    address = variable("ansible_host", "ansible_ssh_host") ?? nameAddress
    let configuredPort = variable("ansible_port", "ansible_ssh_port")
    portIsExplicit = configuredPort != nil
    let portText = configuredPort ?? "22"
    guard let port = Int(portText), (1...65535).contains(port) else {
      throw .failed("ansible_port '\(portText)' of host \(hostName) is not a port number (1-65535)")
    }
    self.port = port
    let configuredUser = variable("ansible_user", "ansible_ssh_user") ?? inlineUser ?? defaults.user
    userIsExplicit = configuredUser != nil
    user = configuredUser ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
    password = variable("ansible_password", "ansible_ssh_pass", "ansible_ssh_password") ?? defaults.password
    connectTimeout = variable("ansible_ssh_timeout", "ansible_timeout").flatMap(Double.init) ?? defaults.connectTimeout

    let home = defaults.home
    let configuredKey = variable("ansible_ssh_private_key_file", "ansible_private_key_file") ?? defaults.privateKeyFile
    privateKeyIsExplicit = configuredKey != nil
    if let key = configuredKey {
      privateKeyFiles = [Self.expandTilde(key, home: home)]
    } else {
      privateKeyFiles = ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" }
        .filter { FileManager.default.isReadableFile(atPath: $0) }
    }

    var arguments: [String] = []
    for name in ["ansible_ssh_common_args", "ansible_ssh_extra_args"] {
      guard let text = variable(name) else { continue }
      do { arguments += try ShellQuote.split(text) } catch {
        throw .failed("\(name) of host \(hostName): \(error.description)")
      }
    }
    sshArguments = arguments
    let options = Self.sshOptions(arguments)
    // As OpenSSH reads them: the user's files (several may be named), then the global ones.
    func files(_ option: String, _ defaults: [String]) -> [String] {
      let named = options[option].map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
      return (named.isEmpty ? defaults : named).filter { $0 != "none" }.map { Self.expandTilde($0, home: home) }
    }
    knownHostsFiles = files("userknownhostsfile", ["~/.ssh/known_hosts", "~/.ssh/known_hosts2"])
      + files("globalknownhostsfile", ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"])
    if let interval = options["serveraliveinterval"].flatMap(Int.init) { keepaliveInterval = max(0, interval) }
    let strict = options["stricthostkeychecking"]?.lowercased()
    hostKeyChecking = defaults.hostKeyChecking && strict != "no" && strict != "off"
  }

  /// `-o Key=Value` and `-oKey=Value` pairs, keys lowercased as ssh treats them.
  static func sshOptions(_ arguments: [String]) -> [String: String] {
    var options: [String: String] = [:]
    var index = 0
    while index < arguments.count {
      var option: String?
      if arguments[index] == "-o", index + 1 < arguments.count {
        option = arguments[index + 1]
        index += 1
      } else if arguments[index].hasPrefix("-o") {
        option = String(arguments[index].dropFirst(2))
      }
      if let option, let separator = option.firstIndex(where: { $0 == "=" || $0 == " " }) {
        let key = option[..<separator].lowercased()
        options[key] = option[option.index(after: separator)...].trimmingCharacters(in: .whitespaces)
      }
      index += 1
    }
    return options
  }

  static func expandTilde(_ path: String, home: String) -> String {
    path.hasPrefix("~/") ? home + path.dropFirst() : path
  }
}
