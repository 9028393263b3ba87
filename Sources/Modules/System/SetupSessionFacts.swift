import Foundation
import SwiftPlayCore
import ValueModel

/// Ansible's collectors of the module process's own context: its environment, its user
/// (as Python's getpass names it, from LOGNAME, USER, LNAME or USERNAME first), and the
/// clock.
enum SetupSessionFacts {
  /// The environment as NUL-separated hex, so no value can split a line.
  static let env = SetupCollector(
    name: "env",
    sections: { _ in [.init("env", ProbeWord.echo("vars", output: "env -0 2>/dev/null || env"))] },
    parse: { output, _ in ["env": .dict(parseEnvironment(output))] })

  static func parseEnvironment(_ output: SetupOutput) -> ValueDict {
    guard let hex = output.values("env")["vars"], let bytes = ProbeWord.bytes(Substring(hex)) else { return [:] }
    var environment: ValueDict = [:]
    for entry in bytes.split(separator: 0) {
      let text = String(decoding: entry, as: UTF8.self)
      guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { continue }
      environment[String(text[..<equals])] = .string(String(text[text.index(after: equals)...]))
    }
    return environment
  }

  static let user = SetupCollector(
    name: "user",
    factIDs: ["user_id", "user_uid", "user_gid", "user_gecos", "user_dir", "user_shell", "real_user_id", "effective_user_id", "effective_group_ids"],
    sections: { _ in
      [.init("user", "u=\"${LOGNAME:-${USER:-${LNAME:-${USERNAME:-}}}}\"; echo \"uid=$(id -ru)\"; echo \"euid=$(id -u)\"; echo \"gid=$(id -rg)\"; "
        + "[ -n \"$u\" ] || u=$(id -run); echo \"name=$u\"; echo \"pw=$(getent passwd \"$u\" 2>/dev/null || getent passwd \"$(id -ru)\" 2>/dev/null)\"")]
    },
    parse: { output, _ in parseUser(output) })

  static func parseUser(_ output: SetupOutput) -> ValueDict {
    let values = output.values("user")
    var facts: ValueDict = [:]
    facts["user_id"] = .string(values["name"] ?? "")
    let passwd = (values["pw"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if passwd.count >= 7 {
      facts["user_uid"] = .int(Int(passwd[2]) ?? -1)
      facts["user_gid"] = .int(Int(passwd[3]) ?? -1)
      facts["user_gecos"] = .string(passwd[4])
      facts["user_dir"] = .string(passwd[5])
      facts["user_shell"] = .string(passwd[6])
    }
    let uid = Int(values["uid"] ?? "") ?? -1
    let gid = Int(values["gid"] ?? "") ?? -1
    facts["real_user_id"] = .int(uid)
    facts["effective_user_id"] = .int(Int(values["euid"] ?? "") ?? uid)
    // Ansible reports the real group for both.
    facts["real_group_id"] = .int(gid)
    facts["effective_group_id"] = .int(gid)
    return facts
  }

  /// One instant, printed in local time and in UTC.
  static let dateTime = SetupCollector(
    name: "date_time",
    sections: { options in
      [SetupPlatformFacts.pythonSection(options),
       .init("date", "set -- $(date '+%s %N'); date -d \"@$1\" '+%Y %m %d %H %M %S %A %w %W %Z %z'; date -u -d \"@$1\" '+%Y-%m-%dT%H:%M:%S'; echo \"$1 $2\"")]
    },
    parse: { output, _ in
      guard let date = dateFacts(output["date"], dstName: SetupPlatformFacts.probe(output)["tz_dst"]?.plainText) else { return [:] }
      return ["date_time": date]
    })

  static func dateFacts(_ lines: [String], dstName: String?) -> Value? {
    guard lines.count >= 3 else { return nil }
    let local = lines[0].split(separator: " ").map(String.init)
    let utc = lines[1]
    let instant = lines[2].split(separator: " ").map(String.init)
    guard local.count >= 11, instant.count >= 2 else { return nil }
    let (year, month, day, hour, minute, second) = (local[0], local[1], local[2], local[3], local[4], local[5])
    let micro = String(instant[1].prefix(6))
    return .dict([
      "epoch": .string(instant[0]), "epoch_int": .string(instant[0]),
      "year": .string(year), "month": .string(month), "day": .string(day),
      "hour": .string(hour), "minute": .string(minute), "second": .string(second),
      "weekday": .string(local[6]), "weekday_number": .string(local[7]), "weeknumber": .string(local[8]),
      "tz": .string(local[9]), "tz_dst": .string(dstName ?? local[9]), "tz_offset": .string(local[10]),
      "date": .string("\(year)-\(month)-\(day)"), "time": .string("\(hour):\(minute):\(second)"),
      "iso8601": .string(utc + "Z"), "iso8601_micro": .string("\(utc).\(micro)Z"),
      "iso8601_basic": .string("\(year)\(month)\(day)T\(hour)\(minute)\(second)\(micro)"),
      "iso8601_basic_short": .string("\(year)\(month)\(day)T\(hour)\(minute)\(second)"),
    ])
  }
}
