// swift-tools-version: 6.1
// A new app's package, as "Add caching to your app" (in LLMCache's documentation) builds it. Here LLMCache
// comes from this checkout; an app of your own names the repository's URL instead (see the README).
import PackageDescription

let package = Package(
    name: "AddCaching",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "LLMCache", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "AddCaching",
            dependencies: [.product(name: "LLMCache", package: "LLMCache")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
