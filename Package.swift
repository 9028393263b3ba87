// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "swiftplay",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "swiftplay", targets: ["swiftplay"]),
    // The parsers' fuzz entry points, for the sanitizer build in Fuzz/ (see scripts/fuzz);
    // the normal build only compiles them for the corpus replay test.
    .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibSSH2",
      pkgConfig: "libssh2",
      providers: [.apt(["libssh2-1-dev"]), .brew(["libssh2"])]
    ),
    // The one runner of local programs, and the monotonic deadline everything waits on.
    .target(name: "LocalProcess"),
    .target(name: "SSH", dependencies: ["CLibSSH2", "LocalProcess"]),
    // The one value type (Python-shaped, dicts in insertion order) with its JSON, float
    // and repr text and truth rules, under everything that holds data.
    .target(name: "ValueModel", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]),
    // The one YAML loader (libyaml through Yams, PyYAML's YAML 1.1 rules, the run's vault
    // secrets), below Jinja (`from_yaml`) and the core.
    .target(name: "AnsibleYAML", dependencies: ["Yams", "Vault", "ValueModel"]),
    .target(name: "Jinja", dependencies: ["ValueModel", "AnsibleYAML", "LocalProcess", .product(name: "Crypto", package: "swift-crypto")]),
    .target(
      name: "Vault",
      dependencies: [
        "LocalProcess",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
      ]
    ),
    .target(name: "SwiftPlayCore", dependencies: ["SSH", "LocalProcess", "ValueModel", "Jinja", "Yams", "Vault", "AnsibleYAML"]),
    .target(name: "Modules", dependencies: ["SwiftPlayCore", "ValueModel", "Jinja"]),
    .target(name: "FuzzTargets", dependencies: ["SwiftPlayCore", "Modules", "Jinja", "Vault", "AnsibleYAML", "ValueModel"]),
    .executableTarget(
      name: "swiftplay",
      dependencies: [
        "SwiftPlayCore", "Modules", "Vault", "AnsibleYAML", "ValueModel",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SSHTests", dependencies: ["SSH"]),
    .testTarget(name: "AnsibleYAMLTests", dependencies: ["AnsibleYAML", "Vault", "Yams", "ValueModel"]),
    .testTarget(name: "JinjaTests", dependencies: ["Jinja", "AnsibleYAML", "ValueModel"], resources: [.copy("Fixtures")]),
    .testTarget(name: "SwiftPlayCoreTests", dependencies: ["SwiftPlayCore", "Modules", "Vault", "AnsibleYAML", "ValueModel"]),
    .testTarget(name: "IntegrationTests", dependencies: ["SwiftPlayCore", "Modules", "ValueModel"]),
    .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"]),
    .testTarget(name: "VaultTests", dependencies: ["Vault"], resources: [.copy("Fixtures")]),
  ]
)
