import Foundation
import ValueModel

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The lookups that ask the controller for more than a file: `lines` (a command's output
/// lines), `varnames`, `inventory_hostnames`, `password` (a generated secret kept in a file)
/// and `url` (an HTTP GET).
extension LocalLookups {
  func lines(_ terms: [Value]) throws -> [Value] {
    try terms.flatMap { term in
      try pipe(term.text, lookup: "lines").split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) }
    }
  }

  /// Names of the variables matching each regular expression (Python's `re.search`).
  func varnames(_ terms: [Value], variables: ValueDict) throws -> [Value] {
    var found: [Value] = []
    for term in terms {
      guard let pattern = try? NSRegularExpression(pattern: term.text) else {
        throw LookupError(lookup: "varnames", term: term.text, reason: "Unable to use \"\(term.text)\" as a search parameter")
      }
      for name in variables.keys.sorted() where !(variables[name]?.isUndefined ?? true) {
        let range = NSRange(name.startIndex..., in: name)
        if pattern.firstMatch(in: name, range: range) != nil { found.append(.string(name)) }
      }
    }
    return found
  }

  /// Hosts of an inventory pattern, worked out from the `groups` variable: names and
  /// globs of groups or hosts, joined with `:` or `,`, `!` to exclude and `&` to intersect.
  func inventoryHostnames(_ terms: [Value], variables: ValueDict) throws -> [Value] {
    guard case .dict(let groups)? = variables["groups"] else { return [] }
    let all = groups["all"].map { (try? $0.iterated())?.map(\.text) ?? [] } ?? []
    func hosts(_ word: String) -> [String] {
      if let members = groups[word] { return (try? members.iterated())?.map(\.text) ?? [] }
      if all.contains(word) { return [word] }
      var matched: [String] = []
      for (name, members) in groups.elements where fnmatch(word, name, 0) == 0 {
        matched += (try? members.iterated())?.map(\.text) ?? []
      }
      matched += all.filter { fnmatch(word, $0, 0) == 0 }
      // The implicit localhost answers to its name when the inventory does not hold it.
      if matched.isEmpty && ["localhost", "127.0.0.1", "::1"].contains(word) { return [word] }
      return matched
    }
    var result: [String] = []
    for term in terms {
      for word in term.text.split(whereSeparator: { $0 == ":" || $0 == "," }).map(String.init) where !word.isEmpty {
        if word.hasPrefix("!") {
          let excluded = Set(hosts(String(word.dropFirst())))
          result.removeAll { excluded.contains($0) }
        } else if word.hasPrefix("&") {
          let kept = Set(hosts(String(word.dropFirst())))
          result.removeAll { !kept.contains($0) }
        } else {
          for host in hosts(word) where !result.contains(host) { result.append(host) }
        }
      }
    }
    return result.map(Value.string)
  }

  /// `lookup('password', 'path length=20 chars=ascii_letters,digits')`: the password kept
  /// in `path` (made and saved, mode 0600, the first time), or a fresh one for /dev/null.
  func password(_ terms: [Value], options: ValueDict) throws -> [Value] {
    try terms.map { term in
      var words = term.text.split(separator: " ").map(String.init)
      guard !words.isEmpty else { throw LookupError(lookup: "password", term: term.text, reason: "a file name is required") }
      let path = words.removeFirst()
      var settings = options.mapValues(\.text)
      for word in words {
        let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw LookupError(lookup: "password", term: term.text, reason: "unrecognized value \(word)") }
        settings[parts[0]] = parts[1]
      }
      for key in settings.keys where !["length", "chars", "seed"].contains(key) {
        throw LookupError(lookup: "password", term: term.text, reason: "option '\(key)' is not supported by swiftplay's password lookup")
      }
      let file = path.hasPrefix("/") ? path : baseDirectory.appendingPathComponent(path).path
      if file != "/dev/null", let saved = try? String(contentsOfFile: file, encoding: .utf8) {
        let line = saved.split(separator: "\n").first.map(String.init) ?? ""
        return .string(line.components(separatedBy: " salt=")[0])
      }
      guard let length = Int(settings["length"] ?? "20"), length >= 0, length <= 1 << 16 else {
        throw LookupError(lookup: "password", term: term.text, reason: "length must be a number from 0 to 65536")
      }
      let alphabet = Array(Self.passwordCharacters(settings["chars"]))
      guard !alphabet.isEmpty else { throw LookupError(lookup: "password", term: term.text, reason: "chars is empty") }
      var secret = ""
      if let seed = settings["seed"] {
        var generator = SeededRandom.SplitMix64(seed: seed)
        for _ in 0..<length { secret.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
      } else {
        for _ in 0..<length { secret.append(alphabet[Int.random(in: 0..<alphabet.count)]) }
      }
      if file != "/dev/null" { try savePassword(secret, to: file, term: term.text) }
      return .string(secret)
    }
  }

  private func savePassword(_ secret: String, to file: String, term: String) throws {
    let folder = (file as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      guard FileManager.default.createFile(atPath: file, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
      else { throw CocoaError(.fileWriteNoPermission) }
    } catch {
      throw LookupError(lookup: "password", term: term, reason: "could not write the password to \(file)")
    }
  }

  /// `chars=ascii_letters,digits,.-`: Python's `string` constants by name, else the text
  /// itself (`,,` stands for a comma); the default is letters, digits and `.,:-_`.
  static func passwordCharacters(_ spec: String?) -> String {
    let named = [
      "ascii_letters": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "ascii_lowercase": "abcdefghijklmnopqrstuvwxyz",
      "ascii_uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "digits": "0123456789", "hexdigits": "0123456789abcdefABCDEF",
      "octdigits": "01234567", "punctuation": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    ]
    guard let spec else { return (named["ascii_letters"] ?? "") + (named["digits"] ?? "") + ".,:-_" }
    var characters = ""
    for part in spec.replacingOccurrences(of: ",,", with: "\u{0}").split(separator: ",") {
      let word = part.replacingOccurrences(of: "\u{0}", with: ",")
      characters += named[word] ?? word
    }
    var seen = Set<Character>()
    return String(characters.filter { seen.insert($0).inserted })
  }

  /// `lookup('url', 'http://...')`: the body's lines (`split_lines=False`: the body whole).
  func url(_ terms: [Value], options: ValueDict) throws -> [Value] {
    let timeout = Double(options["timeout"]?.text ?? "10") ?? 10
    let splitLines = options["split_lines"]?.isTruthy ?? true
    var results: [Value] = []
    for term in terms {
      guard let address = URL(string: term.text), ["http", "https"].contains(address.scheme ?? "") else {
        throw LookupError(lookup: "url", term: term.text, reason: "not an http or https URL")
      }
      var request = URLRequest(url: address, timeoutInterval: timeout)
      if case .dict(let headers)? = options["headers"] {
        for (name, value) in headers.elements { request.setValue(value.text, forHTTPHeaderField: name) }
      }
      if let user = options["username"]?.text {
        let credentials = Data((user + ":" + (options["password"]?.text ?? "")).utf8).base64EncodedString()
        request.setValue("Basic " + credentials, forHTTPHeaderField: "Authorization")
      }
      let body = try Self.fetch(request, term: term.text, timeout: timeout)
      if splitLines {
        results += body.split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) }
        if body.hasSuffix("\n") { results.removeLast() }
      } else {
        results.append(.string(body))
      }
    }
    return results
  }

  private static func fetch(_ request: URLRequest, term: String, timeout: Double) throws -> String {
    final class Outcome: @unchecked Sendable {
      var body: String?
      var failure: String?
    }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    let task = URLSession.shared.dataTask(with: request) { data, response, error in
      if let error {
        outcome.failure = "Failed lookup url for \(term) : \(error.localizedDescription)"
      } else if let status = (response as? HTTPURLResponse)?.statusCode, !(200..<300).contains(status) {
        outcome.failure = "Received HTTP error for \(term) : HTTP Error \(status)"
      } else {
        outcome.body = String(decoding: data ?? Data(), as: UTF8.self)
      }
      done.signal()
    }
    task.resume()
    if done.wait(timeout: .now() + timeout + 1) == .timedOut {
      task.cancel()
      throw LookupError(lookup: "url", term: term, reason: "Failed lookup url for \(term) : timed out")
    }
    if let failure = outcome.failure { throw LookupError(lookup: "url", term: term, reason: failure) }
    return outcome.body ?? ""
  }
}
