#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Says which input was being tried when the process dies on a trap, which no test can catch.
///
/// Before each call the harness copies the input into a buffer allocated once; a handler for the signals a
/// Swift trap raises (`SIGILL` on x86-64, `SIGTRAP` on arm64, also `SIGSEGV`, `SIGBUS`, `SIGABRT`) writes the
/// target, seed, iteration and the escaped input to standard error and the raw bytes to
/// `/tmp/llmcache-fuzz-crash.bin`, using only `write`, `open` and `sigaction`. It then puts back the previous
/// handler (Swift's backtracer, or the default) and returns, so the trapping instruction runs again and the
/// crash proceeds as it would have, with its backtrace.
///
/// Why `nonisolated(unsafe)` is sound here: the buffers are allocated once and never freed; they are
/// written only by ``trying(_:_:)``, which the fuzz suite calls from one test at a time (it is
/// `.serialized`), and read only by the signal handler, which runs on the thread that trapped inside the
/// call that followed that write. No two threads ever touch them at once.
enum CrashReporter {
    private static let capacity = 256 * 1024
    private static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT]
    nonisolated(unsafe) private static let label = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
    nonisolated(unsafe) private static var labelLength = 0
    nonisolated(unsafe) private static let input = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var inputLength = 0
    nonisolated(unsafe) private static let escaped = UnsafeMutablePointer<UInt8>.allocate(capacity: 4 * 4096 + 64)
    nonisolated(unsafe) private static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 5)
    nonisolated(unsafe) private static var installed = false

    /// Records `bytes` as the input about to be tried; `description` names the target and iteration.
    static func trying(_ description: String, _ bytes: [UInt8]) {
        if !installed { install() }
        let text = Array("\nFuzz crash while trying \(description)\n".utf8.prefix(1023))
        text.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { label.update(from: base, count: buffer.count) }
        }
        labelLength = text.count
        let count = min(bytes.count, capacity)
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { input.update(from: base, count: count) }
        }
        inputLength = count
    }

    /// Forgets the last input (a target has finished).
    static func clear() {
        labelLength = 0
        inputLength = 0
    }

    private static func install() {
        installed = true
        for (slot, signal) in signals.enumerated() {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = crashHandler
            #else
                action.__sigaction_u.__sa_handler = crashHandler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, previous + slot)
        }
    }

    /// Runs inside the signal handler: no allocation, no locks.
    fileprivate static func report(_ signal: Int32) {
        if labelLength > 0 {
            _ = write(2, label, labelLength)
            var out = 0
            let shown = min(inputLength, 4096)
            for index in 0..<shown {
                let byte = input[index]
                if byte == UInt8(ascii: "\\") {
                    escaped[out] = byte
                    escaped[out + 1] = byte
                    out += 2
                } else if byte >= 0x20, byte < 0x7F {
                    escaped[out] = byte
                    out += 1
                } else {
                    escaped[out] = UInt8(ascii: "\\")
                    escaped[out + 1] = UInt8(ascii: "x")
                    escaped[out + 2] = hexDigit(byte >> 4)
                    escaped[out + 3] = hexDigit(byte & 0xF)
                    out += 4
                }
            }
            escaped[out] = UInt8(ascii: "\n")
            _ = write(2, escaped, out + 1)
            let file = open("/tmp/llmcache-fuzz-crash.bin", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if file >= 0 {
                _ = write(file, input, inputLength)
                _ = close(file)
            }
            labelLength = 0
        }
        for (slot, candidate) in signals.enumerated() where candidate == signal {
            sigaction(signal, previous + slot, nil)
        }
    }
}

private func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
}

private func crashHandler(_ signal: Int32) {
    CrashReporter.report(signal)
}
