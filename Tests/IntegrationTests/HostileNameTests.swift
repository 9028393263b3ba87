import Foundation
import Testing

/// File names that a shell would split, expand, glob or read as an option, walked through
/// every module that puts a path into a remote command line, on a real lab host. What
/// each must leave there was taken from ansible-playbook (core 2.19) running the same
/// tasks on lab1: every one of these names is written exactly as given.
extension LabTests {
  @Suite struct HostileNameTests {
    /// Quote, double quote, space, command substitution, glob, leading dash, non-ASCII and
    /// a newline. (`$HOME` and `~` are expanded on the host, as Ansible's modules do; the
    /// test after this one walks them.)
    static let names = ["a'b", "a\"b", "a b", "a`id`b", "*", "-x", "é漢", "nl\nx", "semi;rm -rf x", "back\\slash"]

    /// A name as a YAML double-quoted scalar (JSON's escapes are YAML's).
    static func yaml(_ name: String) throws -> String {
      String(decoding: try JSONSerialization.data(withJSONObject: [name], options: []), as: UTF8.self)
        .dropFirst().dropLast().description
    }

    @Test func everyModuleWritesEachNameExactly() throws {
      let site = try Lab.scratch()
      try "served body\n".write(toFile: site + "/file.txt", atomically: true, encoding: .utf8)
      let server = try TestHTTPServer(root: site)
      defer { server.stop() }
      let list = try Self.names.map { "      - " + (try Self.yaml($0)) }.joined(separator: "\n")
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          vars:
            names:
        \(list)
          tasks:
            - file: path=WORK/files/{{ item }} state=directory
              loop: [copy, template, file, dir, lineinfile, unarchive, get_url]
            - copy: {dest: "WORK/files/copy/{{ item }}", content: "hello {{ item }}\\n"}
              loop: "{{ names }}"
            - template: {src: WORK/t.j2, dest: "WORK/files/template/{{ item }}"}
              loop: "{{ names }}"
            - file: {path: "WORK/files/file/{{ item }}", state: touch}
              loop: "{{ names }}"
            - file: {path: "WORK/files/dir/{{ item }}/sub/deeper", state: directory}
              loop: "{{ names }}"
            - lineinfile: {path: "WORK/files/lineinfile/{{ item }}", line: "line {{ item }}", create: true}
              loop: "{{ names }}"
            - stat: {path: "WORK/files/copy/{{ item }}"}
              loop: "{{ names }}"
              register: found
            - copy:
                dest: WORK/files/stat.json
                content: "{{ found.results | map(attribute='stat') | map(attribute='size') | list | to_json }}"
            - fetch: {src: "WORK/files/copy/{{ item }}", dest: "WORK/fetched/"}
              loop: "{{ names }}"
            - file: {path: "WORK/files/unarchive/{{ item }}", state: directory}
              loop: "{{ names }}"
            - unarchive: {src: WORK/member.tar.gz, dest: "WORK/files/unarchive/{{ item }}"}
              loop: "{{ names }}"
            - get_url: {url: "\(server.base)/file.txt", dest: "WORK/files/get_url/{{ item }}"}
              loop: "{{ names }}"
        """)
      try "tmpl {{ item }}\n".write(toFile: folder + "/t.j2", atomically: true, encoding: .utf8)
      let member = try Lab.scratch()
      try "inside\n".write(toFile: member + "/member.txt", atomically: true, encoding: .utf8)
      #expect(try Lab.run(["tar", "czf", folder + "/member.tar.gz", "-C", member, "member.txt"]).code == 0)
      try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: false)
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder + "/files")

      let run = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      #expect(run.code == 0 && run.stdout.contains("failed=0"), "\(run.stdout)\(run.stderr)")
      func text(_ path: String) -> String? { try? String(contentsOfFile: folder + "/" + path, encoding: .utf8) }
      var isFolder: ObjCBool = false
      for name in Self.names {
        #expect(text("files/copy/\(name)") == "hello \(name)\n", "copy: \(name.debugDescription)")
        #expect(text("files/template/\(name)") == "tmpl \(name)\n", "template: \(name.debugDescription)")
        #expect(text("files/file/\(name)") == "", "file touch: \(name.debugDescription)")
        #expect(FileManager.default.fileExists(atPath: folder + "/files/dir/\(name)/sub/deeper", isDirectory: &isFolder)
          && isFolder.boolValue, "file directory: \(name.debugDescription)")
        #expect(text("files/lineinfile/\(name)") == "line \(name)\n", "lineinfile: \(name.debugDescription)")
        #expect(text("fetched/lab1\(folder)/files/copy/\(name)") == "hello \(name)\n", "fetch: \(name.debugDescription)")
        #expect(text("files/unarchive/\(name)/member.txt") == "inside\n", "unarchive: \(name.debugDescription)")
        #expect(text("files/get_url/\(name)") == "served body\n", "get_url: \(name.debugDescription)")
      }
      let sizes = Self.names.map { "hello \($0)\n".utf8.count }
      #expect(text("files/stat.json") == "[" + sizes.map(String.init).joined(separator: ", ") + "]", "stat")
      // Nothing else appeared: no file named after part of a name, no scratch file left.
      for module in ["copy", "template", "file", "lineinfile", "get_url", "dir", "unarchive"] {
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder + "/files/" + module)
        #expect(Set(listed) == Set(Self.names), "\(module): \(listed.sorted())")
      }

      let again = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      // As with Ansible, touch always changes, and a line holding a newline never equals one
      // line of the file, so lineinfile appends it again for that name only.
      #expect(again.code == 0 && again.stdout.contains("changed=2 "), "\(again.stdout)")
      #expect(again.stdout.components(separatedBy: "TASK [").filter { $0.contains("changed:") }.map { $0.prefix(10) }
        == ["file] ****", "lineinfile"], "\(again.stdout)")
    }
  

    /// `$HOME`, `${NAME}`, an unset `$NAME` and `~` in path options and command arguments,
    /// expanded on the host as ansible-playbook (core 2.19) expanded the same playbook on
    /// lab1: every result and every folder left behind below is what it printed and left.
    @Test func variablesAndTildeExpandOnTheHostAsAnsibleDoes() throws {
      let (folder, playbook) = try LabTests.PlaybookTests.workspace("""
        - hosts: lab1
          gather_facts: false
          tasks:
            - file: {path: "WORK/out/{{ item }}", state: directory}
              loop: [copy, template, file, dir, lineinfile]
            - copy: {dest: "WORK/out/copy/$HOME", content: "hi\\n"}
              ignore_errors: true
              register: copied
            - template: {src: WORK/t.j2, dest: "WORK/out/template/$HOME"}
              ignore_errors: true
              register: templated
            - file: {path: "WORK/out/file/$HOME", state: touch}
              ignore_errors: true
              register: touched
            - file: {path: "WORK/out/dir/$HOME/sub", state: directory}
              register: made
            - lineinfile: {path: "WORK/out/lineinfile/${HOME}", line: "x", create: true}
              register: lined
            - stat: {path: "WORK/out/dir/$HOME"}
              register: found
            - stat: {path: "WORK/out/dir/$NOT_SET_ANYWHERE"}
              register: unset
            - copy: {dest: "~/tilde-SCRATCHNAME.txt", content: "tilde\\n"}
              register: tilde
            - file: {path: "~/tilde-SCRATCHNAME.txt", state: absent}
            - command: echo ~ $HOME ${HOME} '$NOPE' "~root" ~root/x a~b '${x:-$(id)}'
              register: echoed
            - command: {cmd: pwd, chdir: "~"}
              register: moved
            - copy:
                dest: WORK/results.json
                content: "{{ [copied.msg, templated.msg, touched.msg, made.path, lined.msg, found.stat.path, unset.stat.exists,
                  tilde.dest, echoed.stdout, echoed.cmd, moved.stdout] | to_json }}"
        """)
      try "tmpl\n".write(toFile: folder + "/t.j2", atomically: true, encoding: .utf8)
      try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: false)
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder + "/out")
      try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder)
      let name = (folder as NSString).lastPathComponent
      try String(contentsOfFile: playbook, encoding: .utf8).replacingOccurrences(of: "SCRATCHNAME", with: name)
        .write(toFile: playbook, atomically: true, encoding: .utf8)

      let run = try Lab.swiftplay(["-i", Lab.inventory, playbook])
      #expect(run.code == 0 && run.stdout.contains("ignored=3"), "\(run.stdout)\(run.stderr)")
      let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json")))
      let out = folder + "/out"
      let expected: NSArray = [
        "Destination directory \(out)/copy//home does not exist",
        "Destination directory \(out)/template//home does not exist",
        "Error, could not touch target.",
        "\(out)/dir//home/lab/sub",
        "line added",
        "\(out)/dir//home/lab",
        false,
        "/home/lab/tilde-\(name).txt",
        "/home/lab /home/lab /home/lab $NOPE /root /root/x a~b ${x:-$(id)}",
        ["echo", "~", "$HOME", "${HOME}", "$NOPE", "~root", "~root/x", "a~b", "${x:-$(id)}"],
        "/home/lab",
      ]
      #expect(results as? NSArray == expected)
      let left = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
      #expect(left == [
        "copy", "dir", "dir/home", "dir/home/lab", "dir/home/lab/sub", "file", "lineinfile", "lineinfile/home",
        "lineinfile/home/lab", "template",
      ])
    }
  }
}
