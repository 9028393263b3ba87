/// One `--vault-id` value: a label and where its password comes from. `dev@prompt`,
/// `dev@~/.vault-dev`, `dev@vault-keyring-client.py`; without `@` the whole text is the
/// source and the id is "default"; `@prompt` is label "default" written out.
package struct VaultIdentity: Sendable, Equatable {
  package enum Source: Sendable, Equatable {
    /// Ask at the terminal.
    case prompt
    /// A password file, or an executable that prints the password (decided when it is read).
    case file(String)
  }

  /// The label as given; nil when none was. It decides the prompt text and whether a
  /// `-client` script gets `--vault-id LABEL`, as in Ansible.
  package var label: String?
  package var source: Source

  package init(label: String?, source: Source) {
    self.label = label
    self.source = source
  }

  /// The vault id the secret is known by.
  package var id: String { label ?? VaultSecret.defaultId }

  /// `--ask-vault-pass`.
  package static let askVaultPass = VaultIdentity(label: nil, source: .prompt)

  /// `--vault-password-file PATH`: the "default" id, named (a `-client` script is asked for it).
  package static func passwordFile(_ path: String) -> VaultIdentity {
    VaultIdentity(label: VaultSecret.defaultId, source: path == "prompt" ? .prompt : .file(path))
  }

  /// Reads `label@source` or `source`.
  package static func parse(_ text: String) throws(VaultError) -> VaultIdentity {
    let label: String?
    let source: String
    if let at = text.firstIndex(of: "@") {
      let written = String(text[..<at])
      label = written.isEmpty ? VaultSecret.defaultId : written
      source = String(text[text.index(after: at)...])
    } else {
      label = nil
      source = text
    }
    guard !source.isEmpty else {
      throw .invalidVaultId(text, reason: "no password source after '@'; use LABEL@prompt, LABEL@FILE or LABEL@SCRIPT")
    }
    if let label { try validate(label: label, in: text) }
    return VaultIdentity(label: label, source: source == "prompt" ? .prompt : .file(source))
  }

  /// A label goes into the vault header line: no `;` (the field separator) and no whitespace.
  package static func validate(label: String, in text: String? = nil) throws(VaultError) {
    if label.contains(";") || label.contains(where: \.isWhitespace) {
      throw .invalidVaultId(text ?? label, reason: "a vault id label cannot contain ';' or whitespace")
    }
  }
}
