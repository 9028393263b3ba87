// swift-tools-version: 6.0
// The libFuzzer driver for swiftplay's parsers, a package of its own so that the normal
// build and tests never need sanitizers or libFuzzer. Build and run it with
// `scripts/fuzz TARGET SECONDS` (it passes -sanitize=fuzzer,address for every module).
import PackageDescription

let package = Package(
  name: "swiftplay-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "swiftplay", path: "..")],
  targets: [
    .target(name: "CFuzzer"),
    .executableTarget(
      name: "swiftplay-fuzz",
      dependencies: ["CFuzzer", .product(name: "FuzzTargets", package: "swiftplay")]
    ),
  ]
)
