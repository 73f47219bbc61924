import Foundation

/// Runs the built `cachectl` binary as a user would.
enum Cachectl {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary: `$CACHECTL` if set, else the one built beside the test bundle.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["CACHECTL"] { return URL(fileURLWithPath: path) }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("cachectl")
    }

    /// The test fixture binary (`llmcache-fixture send`, `write-load`), built beside the test bundle.
    static var fixture: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("llmcache-fixture")
    }

    /// Runs `cachectl` on a thread of its own, so that waiting for it never holds a thread of the
    /// concurrency pool that other tests need.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await offPool { try runBlocking(executable, arguments, environment: environment) }
    }

    /// Runs `body` on a dispatch thread outside the cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try body() }) }
        }
    }

    /// Runs `executable` with `arguments` (and `environment` over this process's, without the variables in
    /// `unset`), in `directory` when given, and waits for it.
    static func runBlocking(
        _ executable: URL, _ arguments: [String], environment: [String: String], unset: [String] = [],
        in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        for name in unset { merged[name] = nil }
        process.environment = merged
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A temporary folder removed at the end of a test.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cachectl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}
