import Foundation

/// A `cachectl` process that runs until stopped (`serve`, `simulate`), with its output in a log file.
///
/// Why `@unchecked Sendable` is sound: every stored property is a `let`; the `Process` is started in `init`
/// and afterwards only asked `isRunning`, sent one `terminate()` and waited for, which `Process` allows
/// from any thread.
final class BackgroundCachectl: @unchecked Sendable {
    let process = Process()
    let log: String
    let portFile: String

    /// Starts `cachectl arguments --port 0 --port-file …`, logging to `log`.
    init(_ arguments: [String], scratch: Scratch, name: String) throws {
        log = scratch.path("\(name).log")
        portFile = scratch.path("\(name).port")
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = Cachectl.executable
        process.arguments = arguments + ["--port", "0", "--port-file", portFile]
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// The port, once the process has written it; throws when it exits first or takes longer than `limit`.
    func port(within limit: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) { return port }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw StartFailure(log: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// Stops the process with SIGTERM and waits for it; returns its exit status.
    @discardableResult
    func stop() async throws -> Int32 {
        if process.isRunning { process.terminate() }
        let process = self.process
        return try await Cachectl.offPool {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// What the process wrote.
    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    struct StartFailure: Error, CustomStringConvertible {
        let log: String
        var description: String { "cachectl did not start listening: \(log)" }
    }
}
