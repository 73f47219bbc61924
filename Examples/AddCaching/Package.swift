// swift-tools-version: 6.1
// The sample app of "Add caching to your app" (LLMCache's documentation). Here LLMCache comes from this
// checkout; the article's code blocks are the parts between the `// snippet` markers (a test checks that).
// snippet: package
import PackageDescription

let package = Package(
    name: "AddCaching",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The checkout's folder, whatever it is called; or .package(url: <LLMCache's git URL>, branch: "main").
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
// end snippet
