import SwiftPlayCore

/// A download made on the host with curl or wget, whichever is there (no Python on the
/// host). The URL is read from the command's stdin, never put on its command line, since
/// it may carry a user and password.
enum RemoteDownload {
  /// Why a download failed, as curl or wget said it.
  struct Failure: Error {
    let message: String
  }

  /// Shell that reads the URL from stdin and leaves its content in the temporary file
  /// `$d`; on failure it removes that file, says why on stderr and exits 5 (2 when stdin
  /// holds no URL).
  static func script(validateCerts: Bool) -> String {
    let curl = "curl -fsSL" + (validateCerts ? "" : " -k")
    let wget = "wget -q" + (validateCerts ? "" : " --no-check-certificate")
    return """
      IFS= read -r u || { echo 'no URL given' >&2; exit 2; }; d=$(mktemp) || exit 1
      if command -v curl >/dev/null 2>&1; then \(curl) -o "$d" "$u" || { rm -f "$d"; exit 5; }
      elif command -v wget >/dev/null 2>&1; then \(wget) -O "$d" "$u" || { echo "wget could not download the URL" >&2; rm -f "$d"; exit 5; }
      else echo 'neither curl nor wget is on the host: install one of them' >&2; rm -f "$d"; exit 5; fi
      """
  }
}
