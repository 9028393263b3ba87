extension AdHocCommand {
  func executePlaybooks() async throws -> Int32 { throw UsageError(message: "playbooks: not wired yet") }
}
