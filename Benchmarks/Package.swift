// swift-tools-version: 6.1
// The benchmarks live in their own package so that the main build and CI never compile the
// benchmark harness. Run from this folder: `swift package --disable-sandbox benchmark`.
import PackageDescription

let package = Package(
    name: "LLMCacheBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "LLMCache", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The system SQLite, for the floor of the store's lookup: the raw statement it runs.
        .systemLibrary(
            name: "BenchmarkSQLite", path: "Benchmarks/BenchmarkSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "ExactCache",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LLMCache", package: "LLMCache"),
                .product(name: "CacheStorage", package: "LLMCache"),
                .product(name: "SQLiteStore", package: "LLMCache"),
                .product(name: "LLMCore", package: "LLMCache"),
                "BenchmarkSQLite",
            ],
            path: "Benchmarks/ExactCache",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EmbeddingThroughput",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Embeddings", package: "LLMCache"),
                .product(name: "LLMCore", package: "LLMCache"),
            ],
            path: "Benchmarks/EmbeddingThroughput",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SemanticIndex",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SemanticCache", package: "LLMCache"),
                .product(name: "Embeddings", package: "LLMCache"),
                .product(name: "LLMCore", package: "LLMCache"),
            ],
            path: "Benchmarks/SemanticIndex",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a package-benchmark target: one run of a million vectors prints its own report.
        .executableTarget(
            name: "MillionVectors",
            dependencies: [
                .product(name: "SemanticCache", package: "LLMCache"),
                .product(name: "SemanticEvaluation", package: "LLMCache"),
                .product(name: "Embeddings", package: "LLMCache"),
                .product(name: "LLMCore", package: "LLMCache"),
            ],
            path: "Benchmarks/MillionVectors"
        ),
        .executableTarget(
            name: "SharedStore",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LLMCache", package: "LLMCache"),
                .product(name: "CacheStorage", package: "LLMCache"),
                .product(name: "SQLiteStore", package: "LLMCache"),
                .product(name: "PostgresStore", package: "LLMCache"),
                .product(name: "LLMCacheTesting", package: "LLMCache"),
                .product(name: "SemanticCache", package: "LLMCache"),
                .product(name: "Embeddings", package: "LLMCache"),
                .product(name: "LLMCore", package: "LLMCache"),
            ],
            path: "Benchmarks/SharedStore",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
