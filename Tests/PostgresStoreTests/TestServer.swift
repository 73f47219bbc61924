import Foundation
import Logging
import PostgresNIO
import PostgresStore
import Testing

/// The throw-away PostgreSQL server that `scripts/pg-cluster.sh start` runs for these tests.
///
/// Tests that need it are enabled only when `LLMCACHE_TEST_POSTGRES_URL` is set, and say so when it is not;
/// under CI (`CI=true`) a missing server is a failure instead (see ``ServerConfigurationTests``).
enum TestServer {
    static let environment = ProcessInfo.processInfo.environment

    /// The server's URL, when one runs.
    static var url: String? { environment["LLMCACHE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether the tests that need the server can run.
    static var isConfigured: Bool { url != nil }

    /// Why the server tests are off.
    static var skipReason: Comment {
        Comment(
            rawValue: "LLMCACHE_TEST_POSTGRES_URL is not set: no PostgreSQL server for the shared-store tests. "
                + "Start one with `eval \"$(bash scripts/pg-cluster.sh start)\"` (or run ./scripts/test.sh)")
    }

    /// A new, empty database on the server, so that tests running at once never see each other's rows.
    static func freshDatabase() async throws -> String {
        guard let url else { throw TestServerError.notConfigured }
        let name = "llmcache_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await rawSQL(url, "CREATE DATABASE \(name)")
        var components = URLComponents(string: url)
        components?.path = "/" + name
        guard let fresh = components?.string else { throw TestServerError.notConfigured }
        return fresh
    }

    /// Stops the server, keeping its data (for outage tests); `nil` when the tests cannot control it.
    static func stopServer() async throws { try await control("stop-server") }

    /// Starts the stopped server again on the same port.
    static func startServer() async throws { try await control("start-server") }

    /// Whether the tests can stop and start the server.
    static var canControl: Bool {
        environment["LLMCACHE_TEST_POSTGRES_CONTROL"] != nil && environment["LLMCACHE_TEST_POSTGRES_DIR"] != nil
    }

    private static func control(_ command: String) async throws {
        guard let script = environment["LLMCACHE_TEST_POSTGRES_CONTROL"],
            let directory = environment["LLMCACHE_TEST_POSTGRES_DIR"]
        else { throw TestServerError.notConfigured }
        let result = try await Subprocess.run(URL(fileURLWithPath: "/bin/bash"), [script, command, directory])
        guard result.status == 0 else { throw TestServerError.controlFailed(command, result.stderr) }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "llmcache.test.postgres")
        logger.logLevel = .critical
        return logger
    }()
}

enum TestServerError: Error, CustomStringConvertible {
    case notConfigured
    case controlFailed(String, String)

    var description: String {
        switch self {
        case .notConfigured: "no test server: set LLMCACHE_TEST_POSTGRES_URL (scripts/pg-cluster.sh start)"
        case .controlFailed(let command, let error): "pg-cluster.sh \(command) failed: \(error)"
        }
    }
}

/// Runs `sql` on the database at `url`, on a connection of its own.
func rawSQL(_ url: String, _ sql: String) async throws {
    let connection = try await rawConnection(url)
    do {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestServer.quiet)
    } catch {
        try? await connection.close()
        throw error
    }
    try await connection.close()
}

/// A connection of the test's own to the database at `url`, outside any store.
func rawConnection(_ url: String, id: Int = 1) async throws -> PostgresConnection {
    let parsed = try PostgresURL(url)
    return try await PostgresConnection.connect(
        configuration: PostgresConnection.Configuration(
            host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
            database: parsed.database, tls: .disable),
        id: id, logger: TestServer.quiet)
}

/// Runs a program to its end on a thread outside the concurrency pool.
enum Subprocess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` to its end. Output goes to files, not pipes: a child that outlives the program (a
    /// database server it started) or a program started at the same time by another test may hold a pipe's
    /// write end open and keep a reader waiting for end-of-file forever.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result {
                        let folder = FileManager.default.temporaryDirectory
                        let outURL = folder.appendingPathComponent("llmcache-out-\(UUID().uuidString)")
                        let errURL = folder.appendingPathComponent("llmcache-err-\(UUID().uuidString)")
                        FileManager.default.createFile(atPath: outURL.path, contents: nil)
                        FileManager.default.createFile(atPath: errURL.path, contents: nil)
                        defer {
                            try? FileManager.default.removeItem(at: outURL)
                            try? FileManager.default.removeItem(at: errURL)
                        }
                        let out = try FileHandle(forWritingTo: outURL)
                        let err = try FileHandle(forWritingTo: errURL)
                        let process = Process()
                        process.executableURL = executable
                        process.arguments = arguments
                        process.standardOutput = out
                        process.standardError = err
                        try process.run()
                        process.waitUntilExit()
                        try? out.close()
                        try? err.close()
                        return Result(
                            status: process.terminationStatus,
                            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
                    })
            }
        }
    }

    /// The test fixture binary (`llmcache-fixture send`), built beside the test bundle.
    static var fixture: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("llmcache-fixture")
    }

    /// The `cachectl` built beside the test bundle (or `$CACHECTL`).
    static var cachectl: URL {
        if let path = ProcessInfo.processInfo.environment["CACHECTL"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("cachectl")
    }
}

/// Waits until `condition` holds, checking every 10 ms, for at most `limit`; returns whether it held.
func eventually(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

@Suite struct ServerConfigurationTests {
    @Test func ciRunsTheServerTests() {
        let ci = ProcessInfo.processInfo.environment["CI"] == "true"
        #expect(
            !ci || TestServer.isConfigured,
            "CI=true but LLMCACHE_TEST_POSTGRES_URL is not set: the shared-store tests would be skipped")
        #expect(!ci || TestServer.canControl, "CI=true but the outage tests cannot stop and start the server")
    }
}
