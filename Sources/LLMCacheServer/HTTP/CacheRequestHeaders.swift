import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore

/// The cache controls a request asks for in its headers:
///
/// - `Cache-Control: no-cache` (answer fresh, store the answer), `no-store` (do not store it), `max-age=N`
///   (refuse stored answers older than N seconds); directives combine with commas.
/// - `x-cache-ttl`: this answer's time to live (`90s`, `15m`, `12h`, or whole seconds).
/// - `x-cache-namespace`: a sub-namespace inside the caller's own (never another key's).
/// - `x-cache-threshold`: the cosine a semantic hit needs for this request, in [-1, 1].
enum CacheRequestHeaders {
    static let ttl = "x-cache-ttl"
    static let namespace = "x-cache-namespace"
    static let threshold = "x-cache-threshold"

    /// The controls in `headers`; `baseNamespace` is the caller's namespace, which a requested namespace
    /// is nested in.
    static func controls(_ headers: HTTPFields, baseNamespace: String) throws -> CacheControls {
        var controls = CacheControls(namespace: baseNamespace)
        for directive in headers[values: .cacheControl].flatMap({ $0.split(separator: ",") }) {
            let text = directive.trimmingCharacters(in: .whitespaces).lowercased()
            if text == "no-cache" {
                controls.noCache = true
            } else if text == "no-store" {
                controls.noStore = true
            } else if text.hasPrefix("max-age=") {
                guard let seconds = Int64(text.dropFirst("max-age=".count)), seconds >= 0 else {
                    throw InvalidWireRequest("Cache-Control max-age must be whole seconds, got '\(text)'")
                }
                controls.maxAge = TimeSpan(milliseconds: seconds * 1000)
            }
        }
        if let value = headers.value(named: ttl) {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if let seconds = Int64(trimmed), seconds > 0 {
                controls.ttl = TimeSpan(milliseconds: seconds * 1000)
            } else if let span = try? TimeSpan(parsing: trimmed), span.milliseconds > 0 {
                controls.ttl = span
            } else {
                throw InvalidWireRequest(
                    "x-cache-ttl must be a positive duration such as 90s, 15m, 12h or a number of seconds, got '\(value)'"
                )
            }
        }
        if let value = headers.value(named: namespace) {
            let name = value.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 128, name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw InvalidWireRequest("x-cache-namespace must be 1 to 128 visible ASCII characters")
            }
            controls.namespace = baseNamespace + "/" + name
        }
        if let value = headers.value(named: threshold) {
            guard let cosine = Float(value.trimmingCharacters(in: .whitespaces)), (-1...1).contains(cosine) else {
                throw InvalidWireRequest("x-cache-threshold must be a number in [-1, 1], got '\(value)'")
            }
            controls.similarityThreshold = cosine
        }
        return controls
    }
}
