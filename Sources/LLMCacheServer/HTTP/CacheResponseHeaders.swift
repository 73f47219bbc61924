import Foundation
import HTTPTypes
import LLMCache
import WireFormats

/// The cache facts of an answer as response headers: `x-cache` (`hit-exact`, `hit-semantic`, `miss` or
/// `bypass`), `x-cache-similarity` on a semantic hit, `x-cache-cost-usd` (what the call cost) and
/// `x-cache-saved-usd` (what a hit saved), `x-cache-key` (the request's key, to label a hit with
/// `POST /v1/cache/feedback`), and on a bypass `x-cache-reason` (why, and what to send to cache it).
enum CacheResponseHeaders {
    static let cache = "x-cache"
    static let similarity = "x-cache-similarity"
    static let cost = "x-cache-cost-usd"
    static let saved = "x-cache-saved-usd"
    static let reason = "x-cache-reason"
    static let key = "x-cache-key"

    /// The `x-cache` value for `cache`.
    static func label(_ cache: CacheMetadata) -> String {
        switch (cache.outcome, cache.layer) {
        case (.hit, .semantic): return "hit-semantic"
        case (.hit, _): return "hit-exact"
        case (.miss, _): return "miss"
        case (.bypass, _): return "bypass"
        }
    }

    /// Adds the headers for `cache` to `fields`.
    static func add(_ cache: CacheMetadata, to fields: inout HTTPFields) {
        fields.set(label(cache), named: self.cache)
        if let key = cache.key { fields.set(key.hex, named: self.key) }
        if let similarity = cache.similarity { fields.set(String(format: "%.4f", similarity), named: self.similarity) }
        if let cost = cache.cost { fields.set(dollars(micros: cost.rawValue), named: self.cost) }
        if let saved = cache.saved { fields.set(dollars(micros: saved.rawValue), named: self.saved) }
        if cache.outcome == .bypass, let why = cache.bypassReason { fields.set(reasonText(why), named: reason) }
    }

    /// A bypass reason as a header value: with the way to cache such a call for a deterministic-mode one,
    /// and only visible ASCII (HTTP field values allow no control characters).
    static func reasonText(_ why: String) -> String {
        let advice =
            why.contains(ExactCache.modeNote)
            ? "; send x-cache-mode: all or start the proxy with --cache-mode all to cache it" : ""
        let text = why + advice
        return String(
            text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F ? Character($0) : "?" })
    }

    /// Micro-dollars as an exact decimal string of dollars with six places (`0.000150`).
    static func dollars(micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000_000)
        return sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
