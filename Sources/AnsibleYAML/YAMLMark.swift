import Yams

/// Makes Yams `Mark`s for the nodes `YAMLComposer` builds.
///
/// Yams gives `Mark` (a struct of two `Int`s: line, column) no public initialiser, yet every
/// reader of the node tree takes positions from it; the loader composes nodes itself (Yams'
/// composer rejects a key written twice, which Ansible accepts with a warning), so it
/// builds the two fields directly. `YAMLLoaderTests` checks the layout holds.
enum YAMLMark {
  static func make(line: Int, column: Int) -> Mark {
    precondition(MemoryLayout<Mark>.size == MemoryLayout<(Int, Int)>.size, "Yams.Mark is no longer (line, column)")
    return unsafeBitCast((line, column), to: Mark.self)
  }
}
