import Foundation

/// A real HTTP server on 127.0.0.1 for one test (Python's http.server, which honours
/// If-Modified-Since and HEAD), serving `root`. It logs every request as one line
/// `METHOD PATH STATUS AUTH TOKEN` so a test can tell what reached it; paths under
/// /private/ need basic auth `user`/`password` and the header `X-Token: token` (401
/// otherwise); /named/FILE answers FILE with `Content-Disposition: attachment;
/// filename="served-FILE"`.
/// Stopped by its own process id.
final class TestHTTPServer {
  static let script = #"""
    import base64, http.server, os, sys
    root, log_path, port_path, user, password, token = sys.argv[1:7]
    os.chdir(root)
    class Handler(http.server.SimpleHTTPRequestHandler):
        def auth_ok(self):
            expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            return self.headers.get("Authorization") == expected
        def route(self, head):
            if self.path.startswith("/private/") and not (self.auth_ok() and self.headers.get("X-Token") == token):
                self.send_response(401); self.send_header("WWW-Authenticate", 'Basic realm="t"'); self.end_headers()
                return
            if self.path.startswith("/named/"):
                name = self.path[len("/named/"):]
                data = open(os.path.join(root, name), "rb").read()
                self.send_response(200); self.send_header("Content-Length", str(len(data)))
                self.send_header("Content-Disposition", f'attachment; filename="served-{name}"'); self.end_headers()
                if not head: self.wfile.write(data)
                return
            super().do_HEAD() if head else super().do_GET()
        def do_GET(self): self.route(False)
        def do_HEAD(self): self.route(True)
        def log_request(self, code="-", size="-"):
            with open(log_path, "a") as log:
                log.write(f"{self.command} {self.path} {getattr(code, 'value', code)} "
                          f"{'auth' if self.auth_ok() else 'noauth'} {self.headers.get('X-Token', '-')}\n")
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_path + ".tmp", "w") as f: f.write(str(server.server_address[1]))
    os.rename(port_path + ".tmp", port_path)
    server.serve_forever()
    """#

  let process = Process()
  let root: String
  let logPath: String
  let port: Int

  init(root: String, user: String = "deploy", password: String = "", token: String = "") throws {
    self.root = root
    let folder = try Lab.scratch()
    logPath = folder + "/access.log"
    let portPath = folder + "/port"
    try Self.script.write(toFile: folder + "/server.py", atomically: true, encoding: .utf8)
    FileManager.default.createFile(atPath: logPath, contents: nil)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // The password reaches the server in its arguments: a test credential of a test server
    // on loopback, not a secret of swiftplay's.
    process.arguments = ["python3", folder + "/server.py", root, logPath, portPath, user, password, token]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    var found: Int?
    for _ in 0..<200 {
      if let text = try? String(contentsOfFile: portPath, encoding: .utf8), let number = Int(text) {
        found = number
        break
      }
      usleep(50_000)
    }
    guard let found else {
      kill(process.processIdentifier, SIGKILL)
      throw Lab.LabError(message: "the test HTTP server did not start")
    }
    port = found
  }

  var base: String { "http://127.0.0.1:\(port)" }

  /// The requests so far, one `METHOD PATH STATUS AUTH TOKEN` line each.
  var requests: [String] {
    ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  /// SIGKILL: the server inherits the test thread's signal mask, in which SIGTERM is
  /// blocked, so terminate() would leave it running.
  func stop() {
    kill(process.processIdentifier, SIGKILL)
  }
}
