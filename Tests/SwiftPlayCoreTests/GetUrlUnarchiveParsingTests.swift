import Foundation
import Testing

@testable import Modules
@testable import SwiftPlayCore
import ValueModel

/// The pure parts of get_url and unarchive: the checksum option, checksum files, curl's
/// report, Content-Disposition, and the archive listings of GNU tar and zipinfo (recorded
/// from tar 1.34 and zipinfo 3.0 on this machine) with their comparison to dest.
struct GetUrlUnarchiveParsingTests {
  @Test func checksumOptionForms() throws {
    #expect(try ChecksumSpec.parse("sha256:AB CD\u{200B}ef").get() == ChecksumSpec(algorithm: "sha256", value: .digest("abcdef")))
    #expect(try ChecksumSpec.parse("sha1:http://example.com/SUMS").get() == ChecksumSpec(algorithm: "sha1", value: .url("http://example.com/SUMS")))
    #expect(try ChecksumSpec.parse("md5:file:///srv/md5.txt").get().value == .url("file:///srv/md5.txt"))
    #expect(throws: ModuleError.self) { try ChecksumSpec.parse("nocolon").get() }
    let invalid = ChecksumSpec.parse("sha256:xyz")
    guard case let .failure(error) = invalid else { Issue.record("xyz accepted"); return }
    #expect(error.message == "The checksum format is invalid")
    guard case let .failure(format) = ChecksumSpec.parse("abc") else { Issue.record("no colon accepted"); return }
    #expect(format.message == "The checksum parameter has to be in format <algorithm>:<checksum>")
  }

  @Test func checksumFileLines() {
    let gnu = "aaa111  other.tar.gz\nbbb222 *app.tar.gz\nccc333  ./app.tar.gz\n"
    #expect(ChecksumSpec.digest(in: gnu, for: "app.tar.gz") == "bbb222")
    #expect(ChecksumSpec.digest(in: "ccc333  ./app.tar.gz\n", for: "app.tar.gz") == "ccc333")
    let bsd = "SHA256 (other) = 111\nSHA256 (app.tar.gz) = 222\n"
    #expect(ChecksumSpec.digest(in: bsd, for: "app.tar.gz") == "222")
    #expect(ChecksumSpec.digest(in: "deadbeef\n", for: "anything") == "deadbeef")
    #expect(ChecksumSpec.digest(in: gnu, for: "missing.zip") == nil)
  }

  @Test func transferReportAndDisposition() {
    let report = """
      umask=0022
      code=404
      url=http://127.0.0.1:8000/x
      rc=0
      status=HTTP/1.0 404 File not found\r
      disposition=Content-Disposition: attachment; filename="../../etc/release.tgz"
      err=
      size=12
      sha1=abc
      """
    let transfer = DownloadRequest.Transfer.parse(report)
    #expect(transfer.status == 404 && transfer.rc == 0 && transfer.reason == "File not found")
    #expect(transfer.disposition == "release.tgz")
    #expect(transfer.umask == 0o022 && transfer.size == 12 && transfer.sha1 == "abc" && transfer.digest == nil)
    #expect(DownloadRequest.Transfer.dispositionFilename("Content-Disposition: inline") == nil)
    #expect(GetUrlModule.urlFilename("http://h/a/b.tar.gz?x=1") == "b.tar.gz")
    #expect(GetUrlModule.urlFilename("http://h/") == "index.html")
    #expect(GetUrlModule.masked("https://u:secret@h/x") == "https://u:********@h/x")
  }

  @Test func curlConfigQuotesAndCarriesTheSecret() {
    var request = DownloadRequest()
    request.headers = [("X-Token", "a\"b")]
    request.username = "deploy"
    request.password = "p\\w"
    let config = request.curlConfig(url: "http://h/x", output: "/tmp/o", headerFile: "/tmp/o.h", head: false, timeCondition: nil)
    #expect(config.contains("header = \"X-Token: a\\\"b\""))
    #expect(config.contains("user = \"deploy:p\\\\w\""))
    #expect(config.contains("connect-timeout = 10"))
    let (command, stdin) = request.command(url: "http://h/x", output: "/tmp/o")
    #expect(!command.contains("deploy") && !command.contains("p\\w"), "the credentials are on the command line")
    #expect(String(decoding: stdin, as: UTF8.self).contains("password = p\\w"))
  }

  static let tarListing = """
    drwxr-xr-x root/root         0 2024-03-05 10:12:00 bundle/
    -rw-r--r-- root/root         6 2024-03-05 10:11:13 bundle/a.txt
    -rwsr-x--T root/root        19 2024-03-05 10:11:14 bundle/bin/run.sh
    lrwxrwxrwx root/root         0 2024-03-05 10:11:14 bundle/link -> a.txt
    hrw-r--r-- root/root         0 2024-03-05 10:11:13 bundle/hard link to bundle/a.txt
    -rw-r--r-- root/root         3 2024-03-05 10:11:13 bundle/with space.txt
    """

  @Test func tarListingParses() {
    let members = ArchiveListing.parseTar(Self.tarListing).members
    #expect(members.map(\.name) == ["bundle/", "bundle/a.txt", "bundle/bin/run.sh", "bundle/link", "bundle/hard", "bundle/with space.txt"])
    #expect(members[0].kind == .directory && members[0].mode == 0o755)
    #expect(members[1] == ArchiveListing.Member(name: "bundle/a.txt", kind: .file, mode: 0o644, size: 6, mtime: "2024-03-05 10:11:13"))
    #expect(members[2].mode == 0o5750)
    #expect(members[3].kind == .link && members[3].linkTarget == "a.txt")
    #expect(members[4].kind == .hardLink && members[4].linkTarget == "bundle/a.txt")
  }

  static let zipListing = """
    Archive:  bundle.zip
    Zip file size: 1078 bytes, number of entries: 6
    drwxr-xr-x  3.0 unx        0 bx stor 20240305.101200 bundle/
    -rw-r--r--  3.0 unx        6 tx stor 20240305.101113 bundle/a.txt
    -rwxr-xr-x  3.0 unx       19 tx stor 20240305.101114 bundle/bin/run.sh
    -rw-a--     2.0 fat       12 tx stor 20240305.101114 DOS.TXT
    6 files, 30 bytes uncompressed, 30 bytes compressed:  0.0%
    """

  @Test func zipListingParsesAndComparesWithDest() {
    let listing = ArchiveListing.parseZip(Self.zipListing)
    #expect(listing.members.map(\.name) == ["bundle/", "bundle/a.txt", "bundle/bin/run.sh", "DOS.TXT"])
    #expect(listing.members[1].mtime == "2024-03-05 10:11:13")
    #expect(listing.members[3].mode == 0o666)
    func found(_ line: String) -> ArchiveListing.Found? { ArchiveListing.Found.parse(Substring(line)) }
    let same: [String: ArchiveListing.Found] = [
      "bundle/": found("41ed|4096|2026-11-29 21:31:00.000000000 +0000|1000|1000|lab|lab")!,
      "bundle/a.txt": found("81a4|6|2024-03-05 10:11:13.000000000 +0000|1000|1000|lab|lab")!,
      "bundle/bin/run.sh": found("81ed|19|2024-03-05 10:11:14.000000000 +0000|1000|1000|lab|lab")!,
      "DOS.TXT": found("81b6|12|2024-03-05 10:11:14.000000000 +0000|1000|1000|lab|lab")!,
    ]
    #expect(listing.differences(same, wanted: .init()) == [])
    var changed = same
    changed["bundle/a.txt"]?.mtime = "2024-03-05 10:11:15"
    changed["bundle/a.txt"]?.size = 7
    changed["bundle/bin/run.sh"] = nil
    changed["bundle/"]?.kind = .file
    #expect(listing.differences(changed, wanted: .init()) == [
      "cd++++++.?? bundle/", ".f.st....?? bundle/a.txt", ">f++++++.?? bundle/bin/run.sh",
    ])
    #expect(listing.differences(changed, wanted: .init(keepNewer: true)).count == 2, "a newer a.txt is kept")
    #expect(listing.differences(same, wanted: .init(mode: .absolute(0o600), owner: "root")).count == 4)
    #expect(listing.differences(same, wanted: .init(owner: "lab", group: "1000")) == [])
  }

  @Test func argumentsAreCheckedBeforeAnythingConnects() throws {
    func getUrl(_ options: ValueDict) throws(ModuleError) -> GetUrlModule {
      try GetUrlModule(arguments: ModuleArguments(options: options))
    }
    let module = try getUrl(["url": "http://h/x", "dest": "/tmp/x", "password": "pw", "username": "u", "headers": .dict(["A": "1"])])
    #expect(module.request.username == "u" && module.request.password == "pw" && module.request.timeout == 10 && !module.force)
    #expect(throws: ModuleError.self) { try getUrl(["url": "http://h/x"]) }
    #expect(throws: ModuleError.self) { try getUrl(["url": "http://h/x", "dest": "/tmp/x", "sha256sum": "abc"]) }
    #expect(throws: ModuleError.self) { try getUrl(["url": "http://h/x", "dest": "/tmp/x", "headers": "A:1"]) }
    #expect(throws: ModuleError.self) { try getUrl(["url": "http://h/x", "dest": "/tmp/x", "timeout": "soon"]) }
    let both = try UnarchiveModule(arguments: ModuleArguments(options: ["src": "a.zip", "dest": "/d", "copy": false, "remote_src": true]))
    #expect(both.conflict == "parameters are mutually exclusive: ('copy', 'remote_src')")
    let copyFalse = try UnarchiveModule(arguments: ModuleArguments(options: ["src": "a.zip", "dest": "/d", "copy": "no"]))
    #expect(copyFalse.remoteSource && copyFalse.conflict == nil)
    #expect(throws: ModuleError.self) { try UnarchiveModule(arguments: ModuleArguments(options: ["src": "a", "dest": "/d", "bogus": 1])) }
  }

  @Test func getUrlProbeOutput() {
    let probe = GetUrlModule.parseProbe("stat=81a4|1000|1000|lab|lab|19|1.0|2.0|3.0|5|6|1|8|4096\nsha1=abc\ndigest=def\nparent=yes\nsource=abc\n")
    #expect(!probe.isDirectory && probe.state?.size == 19 && probe.sha1 == "abc" && probe.digest == "def")
    #expect(probe.parentExists && probe.sourceSha1 == "abc")
    #expect(GetUrlModule.parseProbe("dir=yes\nparent=yes\n").isDirectory)
  }
}
