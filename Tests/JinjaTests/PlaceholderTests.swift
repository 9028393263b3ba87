import Foundation
import Testing

@testable import Jinja

struct FixtureTests {
  @Test func fixtureFileIsBundled() throws {
    #expect(Bundle.module.url(forResource: "cases", withExtension: "json", subdirectory: "Fixtures") != nil)
  }
}
