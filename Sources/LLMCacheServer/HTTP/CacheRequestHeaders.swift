import HTTPTypes
import Hummingbird
import LLMCache
import LLMCore
import WireFormats

/// The cache controls a request asks for in its headers:
///
/// - `Cache-Control: no-cache` (answer fresh, store the answer), `no-store` (do not store it), `max-age=N`
///   (refuse stored answers older than N seconds); directives combine with commas.
/// - `x-cache-ttl`: this answer's time to live (`90s`, `15m`, `12h`, or whole seconds).
/// - `x-cache-namespace`: a sub-namespace inside the caller's own (never another key's).
/// - `x-cache-threshold`: the cosine a semantic hit needs for this request, in [-1, 1].
/// - `x-cache-mode`: `all` or `deterministic` for this request instead of the proxy's mode.
/// - `x-cache-cost-tags`: the call's cost tags, `key=value` items separated by commas
///   (`feature=search, stage=rerank`): they label its cost records, and the budget's caps, token limits and
///   rate limits by tag apply to it.
///
/// A TTL or max-age longer than ``LLMCore/Duration/maximumCacheLifetime`` (2³¹ seconds) is refused with a
/// message that gives the maximum; no value, however long, is computed with trapping arithmetic.
enum CacheRequestHeaders {
    static let ttl = "x-cache-ttl"
    static let namespace = "x-cache-namespace"
    static let threshold = "x-cache-threshold"
    static let mode = "x-cache-mode"
    static let costTags = "x-cache-cost-tags"
    /// The most cost tags one request may carry.
    static let maximumCostTags = 16

    /// The longest TTL or max-age, in seconds.
    static var maximumSeconds: Int64 { Duration.maximumCacheLifetime.components.seconds }

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
                controls.maxAge = try maxAge(text.dropFirst("max-age=".count))
            }
        }
        if let value = headers.value(named: ttl) {
            controls.ttl = try timeToLive(value)
        }
        if let value = headers.value(named: namespace) {
            let name = value.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 128, name.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw InvalidWireRequestError("x-cache-namespace must be 1 to 128 visible ASCII characters")
            }
            controls.namespace = baseNamespace + "/" + name
        }
        if let value = headers.value(named: threshold) {
            guard let cosine = Float(value.trimmingCharacters(in: .whitespaces)), (-1...1).contains(cosine) else {
                throw InvalidWireRequestError("x-cache-threshold must be a number in [-1, 1], got '\(quoted(value))'")
            }
            controls.similarityThreshold = cosine
        }
        if let value = headers.value(named: mode) {
            guard let chosen = CacheMode(rawValue: value.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw InvalidWireRequestError("x-cache-mode must be all or deterministic, got '\(quoted(value))'")
            }
            controls.mode = chosen
        }
        if let field = HTTPField.Name(costTags) {
            for value in headers[values: field] {
                for (key, tagValue) in try self.costTags(value) {
                    controls.costTags[key] = tagValue
                }
            }
            guard controls.costTags.count <= maximumCostTags else {
                throw InvalidWireRequestError(
                    "x-cache-cost-tags may name at most \(maximumCostTags) tags, got \(controls.costTags.count)")
            }
        }
        return controls
    }

    /// An `x-cache-cost-tags` value: `key=value` items separated by commas, each key and value at most 64
    /// visible ASCII characters other than `=` and `,` (the value may be empty).
    static func costTags(_ value: String) throws -> [(String, String)] {
        func valid(_ text: String) -> Bool {
            text.count <= 64 && text.allSatisfy { $0.isASCII && !$0.isWhitespace && !$0.isNewline && $0 != "=" }
                && text.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control }
        }
        var tags: [(String, String)] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: true) {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard let tag = CostTag(parsing: text), valid(tag.key), valid(tag.value) else {
                throw InvalidWireRequestError(
                    "x-cache-cost-tags must be key=value items separated by commas, such as "
                        + "'feature=search, stage=rerank' (each key and value at most 64 visible ASCII characters, "
                        + "no '=' or ','), got '\(quoted(text))'")
            }
            tags.append((tag.key, tag.value))
        }
        return tags
    }

    /// A `max-age` value: whole seconds from 0 to the maximum.
    static func maxAge(_ text: Substring) throws -> Duration {
        let digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InvalidWireRequestError("Cache-Control max-age must be whole seconds, got 'max-age=\(quoted(text))'")
        }
        guard let seconds = Int64(digits), seconds <= maximumSeconds else {
            throw InvalidWireRequestError(
                "Cache-Control max-age=\(quoted(digits)) is too long: the maximum is \(maximumSeconds) seconds "
                    + "(2^31, about 68 years)")
        }
        return .milliseconds(seconds * 1000)
    }

    /// An `x-cache-ttl` value: a positive duration up to the maximum.
    static func timeToLive(_ value: String) throws -> Duration {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let tooLong = InvalidWireRequestError(
            "x-cache-ttl '\(quoted(trimmed))' is too long: the maximum is \(maximumSeconds) seconds "
                + "(\(Duration.maximumCacheLifetime.shortDescription), about 68 years)")
        let span: Duration
        if let parsed = try? Duration(parsing: trimmed) {
            span = parsed
        } else if trimmed.first?.isNumber == true, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) {
            // Digits and units that do not fit in 64-bit milliseconds: a well-formed but enormous duration.
            throw tooLong
        } else {
            throw InvalidWireRequestError(
                "x-cache-ttl must be a positive duration such as 90s, 15m, 12h or a number of seconds, "
                    + "got '\(quoted(value))'")
        }
        guard span.saturatedMilliseconds > 0 else {
            throw InvalidWireRequestError("x-cache-ttl must be positive, got '\(quoted(value))'")
        }
        guard span <= .maximumCacheLifetime else { throw tooLong }
        return span
    }

    /// `text` as it may appear in an error message: at most 64 characters, control characters escaped.
    static func quoted(_ text: some StringProtocol) -> String {
        var shown = ""
        for scalar in text.unicodeScalars.prefix(64) {
            if scalar.properties.generalCategory == .control {
                shown += scalar.escaped(asASCII: true)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 64 ? shown + "..." : shown
    }
}
