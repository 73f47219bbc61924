import HTTPTypes
import Hummingbird
import LLMCache
import LLMCacheTesting
import LLMCore
import NIOCore
import Testing
import WireFormats

@testable import LLMCacheServer

extension FuzzTests {
    @Test("Cache headers: controls in range or an InvalidWireRequestError; the caller key is never empty")
    func cacheHeaders() {
        Fuzz.run(
            "headers", iterations: 3000,
            generate: { random, corpus in
                random.chance(1, in: 3) ? generatedHeaders(&random) : Mutator.mutatedEntry(corpus, random: &random)
            },
            check: { input in
                let fields = HeaderBlock.fields(input)
                let base = "key-0123456789abcdef"
                do {
                    let controls = try CacheRequestHeaders.controls(fields, baseNamespace: base)
                    try checkControls(controls, base: base)
                } catch is InvalidWireRequestError {}
                let head = HTTPRequest(
                    method: .post, scheme: "http", authority: "127.0.0.1", path: "/v1/messages", headerFields: fields)
                if let key = CallerKey(Request(head: head, body: RequestBody(buffer: ByteBuffer()))) {
                    guard !key.secret.isEmpty else { throw FuzzViolation("an empty API key was accepted") }
                    let namespace = key.namespace
                    guard namespace.hasPrefix("key-"), namespace.count == 36 else {
                        throw FuzzViolation("the key's namespace is '\(namespace)'")
                    }
                }
            })
    }
}

private func checkControls(_ controls: CacheControls, base: String) throws {
    if let ttl = controls.ttl, ttl < .milliseconds(1) || ttl > Duration.maximumCacheLifetime {
        throw FuzzViolation("x-cache-ttl gave \(ttl.shortDescription)")
    }
    if let age = controls.maxAge, age < .zero || age > Duration.maximumCacheLifetime {
        throw FuzzViolation("max-age gave \(age.shortDescription)")
    }
    if let ttl = controls.ttl { _ = ttl.expiry(after: Int64.max - 1) }
    if let cosine = controls.similarityThreshold, !(-1...1).contains(cosine) {
        throw FuzzViolation("x-cache-threshold gave \(cosine)")
    }
    guard let namespace = controls.namespace, namespace == base || namespace.hasPrefix(base + "/") else {
        throw FuzzViolation("the namespace '\(controls.namespace ?? "nil")' is outside the caller's")
    }
}

/// A header block built from the names the proxy reads and hostile values.
private func generatedHeaders(_ random: inout SplitMix64) -> [UInt8] {
    let names = [
        "x-cache-ttl", "cache-control", "x-cache-namespace", "x-cache-threshold", "x-api-key", "authorization",
        "content-type", "X-Cache-TTL", "Cache-Control",
    ]
    let values = [
        "90s", "15m", "12h", "7d", "2w", "1h30m", "500ms", "0", "-1", "no-cache", "no-store", "no-cache, no-store",
        "max-age=0", "max-age=60", "max-age=-1", "max-age=", "Bearer ", "Bearer sk-x", "tenant/a", "0.9", "-1.5",
        "nan", "inf", "1e309",
    ]
    var out: [UInt8] = []
    for _ in 0..<(1 + random.below(4)) {
        var value = Array(random.pick(values).utf8)
        if random.chance(1, in: 2) {
            let number = Array(random.pick(Mutator.hostileNumbers).utf8)
            value = random.chance(1, in: 2) ? number : Array("max-age=".utf8) + number
            if random.chance(1, in: 3) { value += Array(random.pick(["s", "m", "h", "d", "w", "ms"]).utf8) }
        }
        if random.chance(1, in: 6) { value.insert(UInt8(random.below(32)), at: random.below(value.count + 1)) }
        out += Array(random.pick(names).utf8) + Array(": ".utf8) + value + [0x0D, 0x0A]
    }
    return out
}

/// A header block as text, `name: value` a line, read into fields as a server would receive them.
enum HeaderBlock {
    static func fields(_ bytes: [UInt8]) -> HTTPFields {
        var fields = HTTPFields()
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
                let name = HTTPField.Name(String(decoding: line[..<colon], as: UTF8.self))
            else { continue }
            var value = line[line.index(after: colon)...]
            while value.first == UInt8(ascii: " ") || value.first == UInt8(ascii: "\t") { value = value.dropFirst() }
            fields.append(HTTPField(name: name, lenientValue: Array(value)))
        }
        return fields
    }
}
