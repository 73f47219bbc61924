// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "LLMCache",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LLMCore", targets: ["LLMCore"]),
        .library(name: "CacheStorage", targets: ["CacheStorage"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
        .library(name: "Embeddings", targets: ["Embeddings"]),
        .library(name: "CostControl", targets: ["CostControl"]),
        .library(name: "SemanticCache", targets: ["SemanticCache"]),
        .library(name: "SemanticEvaluation", targets: ["SemanticEvaluation"]),
        .library(name: "PromptCaching", targets: ["PromptCaching"]),
        .library(name: "LLMCache", targets: ["LLMCache"]),
        .library(name: "LLMCacheTesting", targets: ["LLMCacheTesting"]),
        .library(name: "WireFormats", targets: ["WireFormats"]),
        .library(name: "Providers", targets: ["Providers"]),
        .library(name: "LLMCacheServer", targets: ["LLMCacheServer"]),
        .library(name: "ServerHosting", targets: ["ServerHosting"]),
        .executable(name: "cachectl", targets: ["cachectl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.25.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Documentation only: `swift package generate-documentation` (scripts/check.sh builds every catalog).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.4.0"),
    ],
    targets: [
        // System libraries from Debian packages (installed by scripts/setup.sh).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // The int8 similarity scan, built per instruction set (see its source for why it is C).
        .target(name: "CSimilarityKernels", cSettings: [.unsafeFlags(["-O2"])]),

        .target(
            name: "LLMCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CacheStorage",
            dependencies: ["LLMCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SQLiteStore",
            dependencies: ["CSQLite", "CacheStorage", "LLMCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresStore",
            dependencies: [
                "CacheStorage", "CostControl", "LLMCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Embeddings",
            dependencies: ["CBLAS", "LLMCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CostControl",
            dependencies: ["LLMCore", .product(name: "Logging", package: "swift-log")],
            // The shipped price table and router tiers (data/ links to them), found from any package.
            resources: [.copy("Resources/pricing.json"), .copy("Resources/routing.json")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SemanticCache",
            dependencies: [
                "CacheStorage", "LLMCore", "CBLAS", "CSimilarityKernels",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SemanticEvaluation",
            dependencies: ["LLMCore", "SemanticCache"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PromptCaching",
            dependencies: ["LLMCore", "CostControl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LLMCache",
            dependencies: [
                "LLMCore", "CacheStorage", "SQLiteStore", "SemanticCache", "Embeddings", "CostControl", "PromptCaching",
                "Providers", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WireFormats",
            dependencies: ["LLMCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Providers",
            dependencies: [
                "LLMCore", "WireFormats",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServerHosting",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LLMCacheTesting",
            dependencies: [
                "LLMCore", "CacheStorage", "Embeddings", "CostControl", "ServerHosting", "WireFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LLMCacheServer",
            dependencies: [
                "LLMCache", "LLMCore", "CacheStorage", "SQLiteStore", "CostControl", "SemanticCache", "Embeddings",
                "Providers",
                "ServerHosting", "PostgresStore", "WireFormats",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cachectl",
            dependencies: [
                "LLMCache", "LLMCacheTesting", "LLMCacheServer", "CacheStorage", "SQLiteStore", "LLMCore", "Embeddings",
                "CostControl",
                "SemanticCache", "SemanticEvaluation", "Providers", "ServerHosting", "WireFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Processes the tests start beside themselves (`send`: a second cache instance; `write-load`: a writer
        // to kill mid-write). Test-only: no product, built because the tests that run it depend on it.
        .executableTarget(
            name: "llmcache-fixture",
            dependencies: [
                "LLMCache", "LLMCacheTesting", "CacheStorage", "SQLiteStore", "PostgresStore", "LLMCore", "Embeddings",
                "CostControl", "SemanticCache",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Fixtures/llmcache-fixture",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "LLMCoreTests", dependencies: ["LLMCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"), "CacheStorage", "SQLiteStore", "LLMCore",
                "LLMCacheTesting", "CSQLite",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LLMCacheTests",
            dependencies: [
                "LLMCache", "LLMCacheTesting", "CacheStorage", "SQLiteStore", "LLMCore", "SemanticCache", "Embeddings",
                "CostControl",
            ],
            swiftSettings: swiftSettings
        ),
        // CachectlTests and PostgresStoreTests run the `cachectl` and `llmcache-fixture` executables; the
        // dependencies make them built first.
        .testTarget(
            name: "CachectlTests",
            dependencies: ["CacheStorage", "SQLiteStore", "CSQLite", "cachectl", "llmcache-fixture"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SemanticCacheTests",
            dependencies: ["SemanticCache", "CacheStorage", "SQLiteStore", "Embeddings", "LLMCore", "LLMCacheTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SemanticEvaluationTests",
            dependencies: ["LLMCore", "SemanticEvaluation", "SemanticCache", "Embeddings"],
            swiftSettings: swiftSettings),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "Providers", "LLMCacheTesting", "LLMCore", "Embeddings", "CostControl", "WireFormats",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                "LLMCache", "LLMCacheTesting", "CacheStorage", "SQLiteStore", "LLMCore", "SemanticCache", "Embeddings",
                "CostControl",
                "PromptCaching", "Providers",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "CacheStorage", "LLMCache", "LLMCacheTesting", "LLMCore", "SemanticCache",
                "Embeddings",
                "CostControl", "cachectl", "llmcache-fixture",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LLMCacheServerTests",
            dependencies: [
                "LLMCacheServer", "LLMCache", "LLMCacheTesting", "LLMCore", "CostControl", "Providers",
                "WireFormats", "ServerHosting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CostControlTests",
            dependencies: [
                .product(name: "Logging", package: "swift-log"), "CostControl", "LLMCore", "LLMCacheTesting",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "LLMCacheServer", "LLMCache", "LLMCore", "Providers", "CostControl", "WireFormats", "LLMCacheTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Corpus")],
            swiftSettings: swiftSettings
        ),
        // Only LLMCache: the README's first example compiles with its one import.
        .testTarget(name: "ReadmeExampleTests", dependencies: ["LLMCache"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PromptCachingTests", dependencies: ["PromptCaching", "CostControl", "LLMCore"],
            swiftSettings: swiftSettings),
    ]
)
