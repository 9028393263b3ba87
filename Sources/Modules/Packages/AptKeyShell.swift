import Foundation
import SwiftPlayCore

/// The shell apt_key runs on the host. gpg works in a private temporary home, so root's
/// ~/.gnupg is never touched, and keyrings are rebuilt there and exported: gpg's own
/// `--keyring` would create a keybox file, which apt cannot read.
enum AptKeyShell {
  /// Checks for gpg, makes the home `$h` (removed on exit, with any agent gpg started)
  /// and defines `g`, gpg in that home without questions.
  static let prelude = """
    command -v gpg >/dev/null 2>&1 || { echo 'gpg is not on the host: install the gnupg package' >&2; exit 4; }
    h=$(mktemp -d) || exit 1; trap 'gpgconf --homedir "$h" --kill all >/dev/null 2>&1; rm -rf "$h"' EXIT
    g() { gpg --homedir "$h" --batch --quiet --no-tty "$@"; }

    """

  static let marker = "--swiftplay-keyring--"

  /// Lists the keys of each keyring file (`words` are shell words, globs allowed) after a
  /// marker line naming the file; an empty keyring (gpg fails on it) lists none.
  static func listing(_ words: String) -> String {
    "for f in \(words); do [ -f \"$f\" ] || continue; echo \"\(marker) $f\"; g --with-colons --show-keys \"$f\" 2>/dev/null || true; done\n"
  }

  /// The keyring files the listing printed, each with its keys.
  static func files(_ output: Substring) -> [(path: String, keys: [(fingerprint: String, ids: [String])])] {
    output.components(separatedBy: marker + " ").dropFirst().map { chunk in
      let newline = chunk.firstIndex(of: "\n") ?? chunk.endIndex
      let path = String(chunk[..<newline])
      return (path, AptKeyID.keys(inListing: chunk[newline...]))
    }
  }

  /// Adds the key in `$k` (or the one fetched from a keyserver) to the keyring: the
  /// keyring's keys and the new one are imported into the home and exported back over
  /// the file, which keeps its mode (0644 when new).
  static func add(to keyring: String, from keyserver: (server: String, id: String)?, what: String) -> String {
    let fetch: String
    if let keyserver {
      fetch = "g --keyserver \(ShellQuote.quote(keyserver.server)) --recv-keys \(ShellQuote.quote(keyserver.id)) || "
        + "{ echo \(ShellQuote.quote("Error fetching key \(keyserver.id) from keyserver: \(keyserver.server)")) >&2; exit 1; }"
    } else {
      fetch = "g --import \"$k\" || { echo \(ShellQuote.quote("Unable to add a key from \(what)")) >&2; exit 1; }"
    }
    return """
      f=\(ShellQuote.quote(keyring)); m=644
      if [ -f "$f" ]; then m=$(stat -c %a "$f") && g --import "$f" || exit 1; fi
      \(fetch)
      \(writeBack(armored: keyring.hasSuffix(".asc")))
      """
  }

  /// Removes the keys with these fingerprints from the keyring file `path`; a keyring
  /// left without keys stays as an empty file, as apt-key leaves it.
  static func remove(_ fingerprints: [String], from path: String) -> String {
    """
    f=\(ShellQuote.quote(path)); m=$(stat -c %a "$f") && g --import "$f" || exit 1
    g --yes --delete-keys \(fingerprints.map(ShellQuote.quote).joined(separator: " ")) || exit 1
    \(writeBack(armored: path.hasSuffix(".asc")))
    """
  }

  /// Exports the home's keys over `$f` with mode `$m` (a temporary file beside it, moved
  /// into place); an empty file when there are none.
  static func writeBack(armored: Bool) -> String {
    """
    g --export\(armored ? " --armor" : "") > "$h/new" || exit 1
    mkdir -p "$(dirname "$f")" && t="$f.swiftplay-$$" && cat "$h/new" > "$t" && chmod "$m" "$t" && mv -f "$t" "$f" || { rm -f "$t"; exit 1; }
    """
  }
}
