import Foundation
import Jinja
import ValueModel

extension PlaybookRunner {
  /// A `vars_prompt` answer as Ansible stores it: the question's fields templated with the
  /// play's variables first, the default for an empty answer (or when there is no terminal
  /// to ask on, with Ansible's warning; `None` without a default, as Ansible's text of a
  /// missing answer), hashed with `encrypt:` (the `password_hash` filter's code), and
  /// templated where it is used unless `unsafe: true`.
  func answer(_ raw: VarsPrompt, templar: Templar, sink: EventSink, warned: inout Bool) throws -> Value {
    var question = raw
    question.prompt = try templar.renderText(raw.prompt, name: "vars_prompt")
    question.defaultValue = try raw.defaultValue.map { text throws(TemplateError) in try templar.renderText(text, name: "vars_prompt") }
    var answer = prompt(question)
    if answer == nil && !warned {
      // Once a run, as Ansible shows a repeated warning once.
      warned = true
      sink.send { $0.warning("Not prompting as we are not in interactive mode") }
    }
    if answer?.isEmpty ?? true, let fallback = question.defaultValue { answer = fallback }
    var value = answer ?? "None"
    if let scheme = question.encrypt {
      var arguments = ["'\(scheme)'"]
      if let salt = question.salt { arguments.append("salt=__vars_prompt_salt") }
      if let size = question.saltSize { arguments.append("salt_size=\(size)") }
      let hashing = Templar(variables: ["__vars_prompt_answer": .string(value), "__vars_prompt_salt": .string(question.salt ?? "")])
      value = try hashing.renderText("{{ __vars_prompt_answer | password_hash(\(arguments.joined(separator: ", "))) }}", name: "vars_prompt")
    }
    guard question.unsafe, ["{{", "{%", "{#"].contains(where: value.contains) else { return .string(value) }
    // Untrusted text stays as typed: a raw block renders to it verbatim.
    return .string("{% raw %}" + value.replacingOccurrences(of: "{% endraw %}", with: "{% endraw %}{{ '{% endraw %}' }}{% raw %}")
      + "{% endraw %}")
  }
}
