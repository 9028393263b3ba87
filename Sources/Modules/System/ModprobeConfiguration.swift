import Foundation

/// The files that load a kernel module at boot and set its options, read and rewritten as
/// community.general.modprobe does: a module is loaded persistently when a file in
/// /etc/modules-load.d has a line with its name (spaces and a `#` or `;` comment around
/// it allowed), and its persistent options are the `options NAME key=value` lines, one
/// option each, of the files in /etc/modprobe.d. Pure text work, testable without a host.
struct ModprobeConfiguration: Equatable {
  static let modulesLoad = "/etc/modules-load.d"
  static let modprobe = "/etc/modprobe.d"

  /// A file found on the host: path, permission bits and text.
  struct File: Equatable {
    let path: String
    let mode: Int32
    let text: String
  }

  let name: String
  /// The regular files of /etc/modules-load.d and /etc/modprobe.d.
  let moduleFiles: [File]
  let optionFiles: [File]

  /// Shell printing every regular file of both folders as a header line
  /// `--swiftplay-modfile-- BYTES MODE PATH` followed by exactly BYTES bytes of text.
  static let probe = """
    for f in \(modulesLoad)/* \(modprobe)/*; do [ -f "$f" ] || continue
    printf '%s %s %s %s\\n' \(marker) "$(wc -c <"$f")" "$(stat -L -c %a "$f")" "$f"; cat "$f"; done
    """
  static let marker = "--swiftplay-modfile--"

  /// The files the probe printed; text before the first header is ignored.
  static func parse(_ output: String, name: String) -> ModprobeConfiguration {
    var bytes = Substring(output).utf8[...]
    var modules: [File] = [], options: [File] = []
    let header = Array((marker + " ").utf8)
    while let start = bytes.firstRange(of: header) {
      let afterHeader = bytes[start.upperBound...]
      guard let newline = afterHeader.firstIndex(of: UInt8(ascii: "\n")) else { break }
      let fields = String(decoding: afterHeader[..<newline], as: UTF8.self).split(separator: " ", maxSplits: 2)
      guard fields.count == 3, let count = Int(fields[0]), let mode = Int32(fields[1], radix: 8) else { break }
      let body = afterHeader[afterHeader.index(after: newline)...]
      let end = body.index(body.startIndex, offsetBy: min(count, body.count))
      let file = File(path: String(fields[2]), mode: mode, text: String(decoding: body[..<end], as: UTF8.self))
      if file.path.hasPrefix(modulesLoad + "/") { modules.append(file) } else { options.append(file) }
      bytes = body[end...]
    }
    return ModprobeConfiguration(name: name, moduleFiles: modules, optionFiles: options)
  }

  /// A line naming the module in a modules-load.d file.
  func isModuleLine(_ line: Substring) -> Bool {
    let trimmed = line.drop { $0 == " " }
    guard trimmed.hasPrefix(name) else { return false }
    let rest = trimmed.dropFirst(name.count).drop { $0 == " " }
    return rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";")
  }

  /// The `key=value` of an `options NAME key=value` line that sets one option.
  func option(in line: Substring) -> String? {
    let prefix = "options \(name) "
    guard line.hasPrefix(prefix) else { return nil }
    let rest = line.dropFirst(prefix.count)
    let value = rest.prefix { $0 != " " }
    guard let equals = value.firstIndex(of: "="), equals > value.startIndex,
      value[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
      value.index(after: equals) < value.endIndex
    else { return nil }
    let tail = rest.dropFirst(value.count).drop { $0 == " " }
    guard tail.isEmpty || tail.hasPrefix("#") || tail.hasPrefix(";") else { return nil }
    return String(value)
  }

  static func lines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  var isLoadedPersistently: Bool {
    moduleFiles.contains { Self.lines($0.text).contains(where: isModuleLine) }
  }

  var permanentParams: Set<String> {
    Set(optionFiles.flatMap { Self.lines($0.text).compactMap(option(in:)) })
  }

  func paramsAreSet(_ params: String) -> Bool {
    Set(params.split(whereSeparator: { $0.isWhitespace }).map(String.init)) == permanentParams
  }

  /// What modules-load.d/NAME.conf holds: the name on a line.
  var moduleFileText: String { name + "\n" }

  /// What modprobe.d/NAME.conf holds: one `options NAME key=value` line per parameter.
  func optionsFileText(_ params: String) -> String {
    params.split(whereSeparator: { $0.isWhitespace }).map { "options \(name) \($0)" }.joined(separator: "\n") + "\n"
  }

  /// The files whose matching lines get a `#` in front, with their new text.
  func commentedOut(_ files: [File], where matches: (Substring) -> Bool) -> [File] {
    files.compactMap { file in
      var changed = false
      let text = Self.lines(file.text).map { line -> String in
        guard matches(line) else { return String(line) }
        changed = true
        return "#" + line
      }.joined(separator: "\n")
      return changed ? File(path: file.path, mode: file.mode, text: text) : nil
    }
  }

  /// The files to write for `persistent` (present or absent); empty when they are right.
  func writes(persistent: String, params: String) -> [File] {
    var files: [File] = []
    let loaded = isLoadedPersistently, paramsSet = paramsAreSet(params)
    if persistent == "present" && !(loaded && paramsSet) {
      if !loaded { files.append(File(path: "\(Self.modulesLoad)/\(name).conf", mode: 0o644, text: moduleFileText)) }
      if !paramsSet {
        let own = "\(Self.modprobe)/\(name).conf"
        files += commentedOut(optionFiles, where: { option(in: $0) != nil }).filter { $0.path != own }
        files.append(File(path: own, mode: optionFiles.first { $0.path == own }?.mode ?? 0o644, text: optionsFileText(params)))
      }
    } else if persistent == "absent" && (loaded || !permanentParams.isEmpty) {
      files += commentedOut(moduleFiles, where: isModuleLine)
      files += commentedOut(optionFiles, where: { option(in: $0) != nil })
    }
    return files
  }

  /// Words of `text` as a POSIX shell splits them (quotes and backslashes), without any
  /// expansion: the arguments modprobe is given for `params`.
  static func words(_ text: String) -> [String] {
    var words: [String] = []
    var current: String?
    var quote: Character?
    var escaped = false
    for character in text {
      if escaped {
        current = (current ?? "") + String(character)
        escaped = false
      } else if let open = quote {
        if character == open { quote = nil } else if character == "\\" && open == "\"" { escaped = true } else {
          current = (current ?? "") + String(character)
        }
      } else if character == "'" || character == "\"" {
        quote = character
        current = current ?? ""
      } else if character == "\\" {
        escaped = true
      } else if character.isWhitespace {
        if let word = current { words.append(word) }
        current = nil
      } else {
        current = (current ?? "") + String(character)
      }
    }
    if let word = current { words.append(word) }
    return words
  }
}
