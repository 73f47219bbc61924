import Foundation
import LLMCore

#if canImport(Glibc)
    import Glibc
#endif

/// One request sent as raw bytes over a plain TCP socket, for requests no HTTP client library would send
/// (a control character in a header, a method that is not HTTP, a 100 KB header). The blocking socket work
/// runs on a thread of its own, never on the concurrency pool the proxy answers on.
struct RawHTTPExchange: Sendable {
    /// What came back.
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: JSONValue { (try? JSONValue.parse(Data(body.utf8))) ?? .null }
    }

    /// An error of the exchange itself.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `bytes` to 127.0.0.1:`port` and reads until the server closes or `Content-Length` bytes came.
    static func send(_ bytes: [UInt8], port: Int) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try exchange(bytes, port: port) })
            }
            thread.start()
        }
    }

    /// A request with `method`, `path`, `headers` (raw bytes each) and `body`.
    static func request(
        _ path: String, method: String = "POST", headers: [([UInt8], [UInt8])], body: String = ""
    ) -> [UInt8] {
        var bytes = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
        if !body.isEmpty {
            bytes += Array("Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n".utf8)
        }
        for (name, value) in headers { bytes += name + Array(": ".utf8) + value + Array("\r\n".utf8) }
        return bytes + Array("\r\n".utf8) + Array(body.utf8)
    }

    private static func exchange(_ bytes: [UInt8], port: Int) throws -> Reply {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            // The server may answer and close before it has read everything (an oversized head).
            if sent <= 0 { break }
            offset += sent
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += chunk[0..<count]
            if let reply = parse(received), reply.complete { return reply.reply }
        }
        guard let reply = parse(received) else {
            throw Failure(description: "no HTTP answer; got \(received.count) bytes")
        }
        return reply.reply
    }

    private static func parse(_ bytes: [UInt8]) -> (reply: Reply, complete: Bool)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let body = String(text[split.upperBound...])
        let expected = headers["content-length"].flatMap(Int.init)
        return (Reply(status: status, headers: headers, body: body), expected.map { body.utf8.count >= $0 } ?? false)
    }
}
