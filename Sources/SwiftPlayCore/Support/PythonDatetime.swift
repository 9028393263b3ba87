import Foundation

/// Times as Python's `str(datetime.now())` prints them, which Ansible puts in results
/// (`start`/`end` of a command, `start` of a reboot).
package enum PythonDatetime {
  /// `2026-11-29 14:30:00.123456`, local time.
  package static func localTimestamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970)
    var parts = tm()
    localtime_r(&seconds, &parts)
    let micro = Int((date.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
    return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d", parts.tm_year + 1900, parts.tm_mon + 1,
                  parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, micro)
  }
}
