import Foundation
import HTTPTypes
import LLMCache

/// The cache facts of an answer as response headers: `x-cache` (`hit-exact`, `hit-semantic`, `miss` or
/// `bypass`), `x-cache-similarity` on a semantic hit, `x-cache-cost-usd` (what the call cost) and
/// `x-cache-saved-usd` (what a hit saved).
enum CacheResponseHeaders {
    static let cache = HTTPField.Name("x-cache")!  // constant, valid header token
    static let similarity = HTTPField.Name("x-cache-similarity")!  // constant, valid header token
    static let cost = HTTPField.Name("x-cache-cost-usd")!  // constant, valid header token
    static let saved = HTTPField.Name("x-cache-saved-usd")!  // constant, valid header token

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
        fields[self.cache] = label(cache)
        if let similarity = cache.similarity { fields[self.similarity] = String(format: "%.4f", similarity) }
        if let cost = cache.costMicros { fields[self.cost] = dollars(micros: cost) }
        if let saved = cache.savedMicros { fields[self.saved] = dollars(micros: saved) }
    }

    /// Micro-dollars as an exact decimal string of dollars with six places (`0.000150`).
    static func dollars(micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000_000)
        return sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
