import Foundation
import SwiftPlayCore

/// The setup module's one command and the parser of its output. The command prints
/// `@@section` headers, each followed by what one tool printed; the parser is a pure
/// function so it is tested on output recorded from real hosts.
enum SetupFactParser {
  static let command = [
    "echo @@uname; uname -s; uname -n; uname -r; uname -m; uname -v",
    "echo @@fqdn; hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n",
    "echo @@os_release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null",
    "echo @@debian_version; cat /etc/debian_version 2>/dev/null",
    "echo @@redhat_release; cat /etc/redhat-release 2>/dev/null",
    "echo @@user; id -un; id -u; id -g; getent passwd \"$(id -un)\" 2>/dev/null",
    "echo @@env; env",
    "echo @@nproc; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN",
    "echo @@cpuinfo; grep -E '^(processor|physical id|core id|cpu cores|model name|vendor_id)[[:space:]]*:' /proc/cpuinfo 2>/dev/null",
    "echo @@meminfo; cat /proc/meminfo 2>/dev/null",
    "echo @@route; ip -4 route show default 2>/dev/null",
    "echo @@addr; ip -4 -o addr show 2>/dev/null",
    "echo @@link; ip -o link show 2>/dev/null",
    // Ansible lists addresses in the order its glob of /sys/class/net reads the folder.
    "echo @@sysnet; ls -U /sys/class/net 2>/dev/null",
    "echo @@date; date '+%s %N %Y %m %d %H %M %S %A %w %W %Z %z'; date -u '+%Y-%m-%dT%H:%M:%SZ %Y%m%dT%H%M%S'",
    "echo @@pkg; for p in dnf yum apt-get zypper apk pacman; do command -v $p; done 2>/dev/null",
    "echo @@init; cat /proc/1/comm 2>/dev/null",
    "echo @@virt; systemd-detect-virt 2>/dev/null; [ -f /.dockerenv ] && echo docker; "
      + "grep -qa container=lxc /proc/1/environ 2>/dev/null && echo lxc; true",
    // Each mount of a real device (as Ansible: the device is a path) with its statvfs
    // figures; /proc/mounts writes a space in a path as \040, which printf %b reads back.
    "echo @@mounts; while read -r dev mnt fstype opts dump pass; do case $dev in /*) "
      + "s=$(stat -f -c '%s %S %b %f %a %c %d' \"$(printf '%b' \"$mnt\")\" 2>/dev/null) && "
      + "echo \"$dev $mnt $fstype $opts $dump $pass $s\";; esac; done < /proc/mounts",
    "echo @@binds; findmnt -lnu -o TARGET,SOURCE 2>/dev/null | grep '\\['",
    "echo @@uptime; cat /proc/uptime 2>/dev/null",
    "echo @@end",
  ].joined(separator: "\n")

  /// The output split at its `@@` headers.
  static func sections(_ output: String) -> [String: [String]] {
    var result: [String: [String]] = [:]
    var current: String?
    for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("@@") {
        current = String(line.dropFirst(2))
        result[current ?? ""] = []
      } else if let current {
        result[current, default: []].append(String(line))
      }
    }
    return result.mapValues { lines in lines.last == "" ? Array(lines.dropLast()) : lines }
  }

  static func parse(_ output: String) -> [String: JSONValue] {
    let parts = sections(output)
    var facts: [String: JSONValue] = [:]
    func set(_ key: String, _ value: JSONValue) { facts["ansible_" + key] = value }

    let uname = parts["uname"] ?? []
    func field(_ index: Int) -> String { index < uname.count ? uname[index] : "" }
    let nodename = field(1)
    let hostname = String(nodename.split(separator: ".").first ?? "")
    let fqdn = parts["fqdn"]?.first ?? nodename
    set("system", .string(field(0)))
    set("nodename", .string(nodename))
    set("hostname", .string(hostname))
    set("fqdn", .string(fqdn))
    set("domain", .string(fqdn.contains(".") ? String(fqdn.drop { $0 != "." }.dropFirst()) : ""))
    set("kernel", .string(field(2)))
    set("kernel_version", .string(field(4)))
    set("machine", .string(field(3)))
    set("architecture", .string(field(3)))
    set("userspace_architecture", .string(field(3)))

    facts.merge(distributionFacts(parts)) { $1 }
    facts.merge(userFacts(parts["user"] ?? [], env: parts["env"] ?? [])) { $1 }
    facts.merge(hardwareFacts(parts)) { $1 }
    facts.merge(SetupNetworkFacts.parse(
      route: parts["route"] ?? [], addresses: parts["addr"] ?? [], links: parts["link"] ?? [], folderOrder: parts["sysnet"] ?? [])) { $1 }
    if let date = dateFacts(parts["date"] ?? []) { set("date_time", date) }

    let managers = (parts["pkg"] ?? []).map { URL(fileURLWithPath: $0).lastPathComponent }
    let pkg = ["dnf": "dnf", "yum": "yum", "apt-get": "apt", "zypper": "zypper", "apk": "apk", "pacman": "pacman"]
    set("pkg_mgr", .string(managers.first.flatMap { pkg[$0] } ?? "unknown"))
    let initName = parts["init"]?.first ?? ""
    set("service_mgr", .string(initName == "init" ? "sysvinit" : (initName.isEmpty ? "service" : initName)))
    let virt = (parts["virt"] ?? []).first { !$0.isEmpty && $0 != "none" }
    set("virtualization_type", .string(virt ?? "NA"))
    set("virtualization_role", .string(virt == nil ? "NA" : "guest"))
    set("mounts", .array(mountFacts(parts["mounts"] ?? [], binds: parts["binds"] ?? [])))
    if let uptime = parts["uptime"]?.first?.split(separator: " ").first, let seconds = Double(uptime) {
      set("uptime_seconds", .int(Int(seconds)))
    }
    return facts
  }

  /// From os-release (and the Debian and Red Hat version files): Ansible's names.
  static func distributionFacts(_ parts: [String: [String]]) -> [String: JSONValue] {
    var release: [String: String] = [:]
    for line in parts["os_release"] ?? [] {
      guard let equals = line.firstIndex(of: "=") else { continue }
      release[String(line[..<equals])] = String(line[line.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
    let id = release["ID"] ?? "unknown"
    let names = [
      "debian": "Debian", "ubuntu": "Ubuntu", "centos": "CentOS", "rhel": "RedHat", "fedora": "Fedora",
      "rocky": "Rocky", "almalinux": "AlmaLinux", "alpine": "Alpine", "arch": "Archlinux", "opensuse-leap": "openSUSE Leap",
      "sles": "SLES", "amzn": "Amazon", "ol": "OracleLinux", "linuxmint": "Linux Mint",
    ]
    let families = [
      "Debian": "Debian", "Ubuntu": "Debian", "Linux Mint": "Debian", "CentOS": "RedHat", "RedHat": "RedHat",
      "Fedora": "RedHat", "Rocky": "RedHat", "AlmaLinux": "RedHat", "Amazon": "RedHat", "OracleLinux": "RedHat",
      "Alpine": "Alpine", "Archlinux": "Archlinux", "openSUSE Leap": "Suse", "SLES": "Suse",
    ]
    let distribution = names[id] ?? (release["NAME"] ?? "Unknown")
    var version = release["VERSION_ID"] ?? "NA"
    // Debian's os-release has only the major number; Ansible reads the point release here.
    if distribution == "Debian", let point = parts["debian_version"]?.first, point.first?.isNumber == true {
      version = point
    }
    let pieces = version.split(separator: ".")
    var facts: [String: JSONValue] = [
      "ansible_distribution": .string(distribution),
      "ansible_distribution_version": .string(version),
      "ansible_distribution_major_version": .string(pieces.first.map(String.init) ?? "NA"),
      "ansible_distribution_release": .string(release["VERSION_CODENAME"] ?? release["UBUNTU_CODENAME"] ?? "NA"),
      "ansible_os_family": .string(families[distribution] ?? distribution),
    ]
    if pieces.count > 1 { facts["ansible_distribution_minor_version"] = .string(String(pieces[1])) }
    if let pretty = release["PRETTY_NAME"] {
      facts["ansible_lsb"] = .object([
        "id": .string(distribution), "description": .string(pretty), "release": .string(release["VERSION_ID"] ?? "NA"),
        "codename": .string(release["VERSION_CODENAME"] ?? "NA"),
        "major_release": .string(String((release["VERSION_ID"] ?? "NA").split(separator: ".").first ?? "NA")),
      ])
    }
    return facts
  }

  static func userFacts(_ lines: [String], env: [String]) -> [String: JSONValue] {
    var facts: [String: JSONValue] = [:]
    if lines.count >= 3 {
      facts["ansible_user_id"] = .string(lines[0])
      facts["ansible_user_uid"] = .int(Int(lines[1]) ?? -1)
      facts["ansible_user_gid"] = .int(Int(lines[2]) ?? -1)
      facts["ansible_real_user_id"] = .int(Int(lines[1]) ?? -1)
      facts["ansible_effective_user_id"] = .int(Int(lines[1]) ?? -1)
      facts["ansible_real_group_id"] = .int(Int(lines[2]) ?? -1)
      facts["ansible_effective_group_id"] = .int(Int(lines[2]) ?? -1)
    }
    if lines.count >= 4 {
      let passwd = lines[3].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      if passwd.count >= 7 {
        facts["ansible_user_gecos"] = .string(passwd[4])
        facts["ansible_user_dir"] = .string(passwd[5])
        facts["ansible_user_shell"] = .string(passwd[6])
      }
    }
    var environment: [String: JSONValue] = [:]
    var last: String?
    for line in env {
      // A value with newlines continues on lines without `NAME=`.
      if let equals = line.firstIndex(of: "="), line[..<equals].allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }),
        !line[..<equals].isEmpty
      {
        let name = String(line[..<equals])
        environment[name] = .string(String(line[line.index(after: equals)...]))
        last = name
      } else if let last {
        environment[last] = .string((environment[last]?.text ?? "") + "\n" + line)
      }
    }
    facts["ansible_env"] = .object(environment)
    if facts["ansible_user_dir"] == nil, let home = environment["HOME"] { facts["ansible_user_dir"] = home }
    return facts
  }

  static func hardwareFacts(_ parts: [String: [String]]) -> [String: JSONValue] {
    var facts: [String: JSONValue] = [:]
    let cpuinfo = (parts["cpuinfo"] ?? []).map { line -> (String, String) in
      let pieces = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      return (pieces.first ?? "", pieces.count > 1 ? pieces[1] : "")
    }
    let vcpus = cpuinfo.filter { $0.0 == "processor" }.count
    let sockets = Set(cpuinfo.filter { $0.0 == "physical id" }.map(\.1)).count
    let cores = Int(cpuinfo.first { $0.0 == "cpu cores" }?.1 ?? "") ?? 1
    let nproc = Int(parts["nproc"]?.first ?? "") ?? vcpus
    let count = max(sockets, 1)
    let total = vcpus > 0 ? vcpus : nproc
    facts["ansible_processor_vcpus"] = .int(total)
    facts["ansible_processor_nproc"] = .int(nproc)
    facts["ansible_processor_count"] = .int(count)
    facts["ansible_processor_cores"] = .int(cores)
    facts["ansible_processor_threads_per_core"] = .int(max(1, total / max(1, count * cores)))
    var processor: [JSONValue] = []
    for (key, value) in cpuinfo where ["processor", "vendor_id", "model name"].contains(key) { processor.append(.string(value)) }
    facts["ansible_processor"] = .array(processor)

    var memory: [String: Int] = [:]
    for line in parts["meminfo"] ?? [] {
      let pieces = line.split(whereSeparator: { $0 == ":" || $0 == " " })
      if pieces.count >= 2, let kilobytes = Int(pieces[1]) { memory[String(pieces[0])] = kilobytes / 1024 }
    }
    if let total = memory["MemTotal"] {
      facts["ansible_memtotal_mb"] = .int(total)
      facts["ansible_memfree_mb"] = .int(memory["MemFree"] ?? 0)
      facts["ansible_swaptotal_mb"] = .int(memory["SwapTotal"] ?? 0)
      facts["ansible_swapfree_mb"] = .int(memory["SwapFree"] ?? 0)
    }
    return facts
  }

  /// `date` printed twice (local, then UTC) in one line each.
  static func dateFacts(_ lines: [String]) -> JSONValue? {
    guard lines.count >= 2 else { return nil }
    let local = lines[0].split(separator: " ").map(String.init)
    let utc = lines[1].split(separator: " ").map(String.init)
    guard local.count >= 13, utc.count >= 2 else { return nil }
    let micro = String(local[1].prefix(6))
    let (year, month, day, hour, minute, second) = (local[2], local[3], local[4], local[5], local[6], local[7])
    return .object([
      "epoch": .string(local[0]), "epoch_int": .string(local[0]),
      "year": .string(year), "month": .string(month), "day": .string(day),
      "hour": .string(hour), "minute": .string(minute), "second": .string(second),
      "weekday": .string(local[8]), "weekday_number": .string(local[9]), "weeknumber": .string(local[10]),
      "tz": .string(local[11]), "tz_dst": .string(local[11]), "tz_offset": .string(local[12]),
      "date": .string("\(year)-\(month)-\(day)"), "time": .string("\(hour):\(minute):\(second)"),
      "iso8601": .string(utc[0]), "iso8601_micro": .string(utc[0].dropLast() + ".\(micro)Z"),
      "iso8601_basic": .string("\(year)\(month)\(day)T\(hour)\(minute)\(second)\(micro)"),
      "iso8601_basic_short": .string("\(year)\(month)\(day)T\(hour)\(minute)\(second)"),
    ])
  }

  /// The @@mounts lines (a /proc/mounts line, then `stat -f`'s block size, fundamental
  /// block size, blocks, free, available, inodes, free inodes) as Ansible's mount facts;
  /// `binds` are findmnt lines whose source names a folder of a device (a bind mount).
  static func mountFacts(_ rows: [String], binds: [String]) -> [JSONValue] {
    let bound = Set(binds.compactMap { $0.split(separator: " ").first.map(String.init) })
    return rows.compactMap { row -> JSONValue? in
      let fields = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      guard fields.count >= 13 else { return nil }
      // stat -f: %s %S %b %f %a %c %d; the free count (%f) is not among Ansible's facts.
      let numbers = fields[6...12].map { Int($0) ?? 0 }
      let (blockSize, fragment, blocks, available, inodes, freeInodes) =
        (numbers[0], numbers[1], numbers[2], numbers[4], numbers[5], numbers[6])
      let mount = fields[1].replacingOccurrences(of: "\\040", with: " ")
      return .object([
        "device": .string(fields[0]), "mount": .string(mount), "fstype": .string(fields[2]),
        "options": .string(fields[3] + (bound.contains(mount) ? ",bind" : "")),
        "dump": .int(Int(fields[4]) ?? 0), "passno": .int(Int(fields[5]) ?? 0),
        "size_total": .int(fragment * blocks), "size_available": .int(fragment * available),
        "block_size": .int(blockSize), "block_total": .int(blocks), "block_available": .int(available),
        "block_used": .int(blocks - available), "inode_total": .int(inodes), "inode_available": .int(freeInodes),
        "inode_used": .int(inodes - freeInodes), "uuid": "N/A",
      ])
    }
  }
}
