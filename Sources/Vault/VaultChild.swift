import LocalProcess

/// Runs a program a vault command needs on our terminal (a password script, the editor),
/// its failure to start told in VaultError's words.
func runChild(_ argv: [String], captureStdout: Bool, ignoreInterrupts: Bool = false) throws(VaultError) -> LocalProcess.Outcome {
  do {
    return try LocalProcess.runOnTerminal(argv, captureStdout: captureStdout, ignoreInterrupts: ignoreInterrupts)
  } catch {
    throw .io(path: argv[0], reason: error.description.replacingOccurrences(of: "cannot run \(argv[0]): ", with: "cannot run it: "))
  }
}
