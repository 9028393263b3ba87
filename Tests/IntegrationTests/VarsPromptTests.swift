import Foundation
import Testing

/// `vars_prompt` as Ansible answers it, on implicit localhost (no lab host needed): without
/// a terminal the defaults (templated first, `None` without one, one warning); `encrypt:`
/// with a salt gives the hash Python's crypt(3) gives (the oracle, run here); `unsafe:`
/// keeps an answer untemplated; on a real terminal (a pty from `script`) `confirm:` asks
/// again until both answers match.
extension LabTests {
  @Suite struct VarsPromptTests {
    func write(_ playbook: String) throws -> String {
      let path = try Lab.scratch() + "/prompt.yml"
      try playbook.write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }

    @Test func defaultsEncryptAndUnsafeWithoutATerminal() throws {
      let playbook = try write("""
        - hosts: localhost
          gather_facts: false
          vars:
            word: secret
          vars_prompt:
            - name: nodefault
            - name: hashed
              default: "{{ word }}"
              encrypt: sha512_crypt
              salt: abcdefgh
            - name: short
              default: secret
              encrypt: md5_crypt
              salt_size: 4
            - name: raw
              default: "{{ '{{' }} 1 + 1 }}"
              unsafe: true
            - name: trusted
              default: "{{ '{{' }} 1 + 1 }}"
          tasks:
            - debug: msg="{{ nodefault }}|{{ hashed }}|{{ short | length }} {{ short[:3] }}|{{ raw }}|{{ trusted }}"

        """)
      let result = try Lab.run([Lab.binary, playbook])
      #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
      let oracle = try Lab.run(["python3", "-W", "ignore", "-c", "import crypt; print(crypt.crypt('secret', '$6$rounds=656000$abcdefgh'))"])
      let hash = oracle.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(hash.hasPrefix("$6$rounds=656000$abcdefgh$"), "\(oracle.stderr)")
      #expect(result.stdout.contains("\"msg\": \"None|\(hash)|30 $1$|{{ 1 + 1 }}|2\""), "\(result.stdout)")
      #expect((result.stdout + result.stderr).occurrences(of: "Not prompting as we are not in interactive mode") == 1)
    }

    /// The answers typed slowly, each after its prompt turned echo off (a prompt flushes
    /// what was typed before it, as a terminal does).
    @Test func confirmAsksAgainUntilBothAnswersMatch() throws {
      let playbook = try write("""
        - hosts: localhost
          gather_facts: false
          vars_prompt:
            - name: secret
              prompt: Secret
              confirm: true
          tasks:
            - debug: msg="got {{ secret }}"

        """)
      let typing = "sleep 2; for word in one two three three; do printf '%s\\n' $word; sleep 1; done; sleep 3"
      let command = "(\(typing)) | script -qec \(Self.quote(Lab.binary + " " + playbook)) /dev/null"
      let result = try Lab.run(["sh", "-c", command])
      let text = result.stdout.replacingOccurrences(of: "\r", with: "")
      #expect(text.occurrences(of: "confirm Secret: ") == 2, "\(text)")
      #expect(text.occurrences(of: "***** VALUES ENTERED DO NOT MATCH ****") == 1, "\(text)")
      #expect(text.contains("\"msg\": \"got three\""), "\(text)")
      #expect(!text.contains("one") && !text.contains("two"), "private answers are not echoed: \(text)")
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
  }
}
