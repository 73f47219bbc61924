import Foundation
import Testing

@Suite("cachectl --port-file")
struct PortFileTests {
    @Test(
        "a FIFO (or a device such as /dev/null) is written in place, never replaced by a regular file",
        .timeLimit(.minutes(1)))
    func fifoStaysAFIFO() async throws {
        let scratch = try Scratch()
        let fifo = scratch.path("port.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = Cachectl.executable
        process.arguments = ["simulate", "--port", "0", "--port-file", fifo]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // Opening a FIFO for reading waits for its writer: read off the concurrency pool.
        let text = try await Cachectl.offPool { () -> String in
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: fifo))
            defer { try? handle.close() }
            return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        }
        #expect(Int(text).map { $0 > 0 } == true, "read '\(text)'")
        var info = stat()
        #expect(stat(fifo, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("a regular file gets the port")
    func regularFile() async throws {
        let scratch = try Scratch()
        let simulator = try BackgroundCachectl(["simulate"], scratch: scratch, name: "simulator")
        let port = try await simulator.port()
        #expect(port > 0)
        try await simulator.stop()
    }
}
