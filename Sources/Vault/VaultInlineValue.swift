/// The YAML that `encrypt_string` prints: a `!vault |` block scalar holding the vault text,
/// indented by ten spaces as ansible-vault indents it, under `name` when one is given.
package enum VaultInlineValue {
  package static let indent = String(repeating: " ", count: 10)

  package static func yaml(_ vaultText: String, name: String?) -> String {
    let lines = vaultText.split(separator: "\n", omittingEmptySubsequences: true).map { indent + $0 }
    let head = name.map { "\($0): !vault |" } ?? "!vault |"
    return ([head] + lines).joined(separator: "\n") + "\n"
  }
}
