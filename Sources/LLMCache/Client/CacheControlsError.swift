import LLMCore

/// A cache control with a value that cannot be used.
public enum CacheControlsError: Error, Equatable, CustomStringConvertible {
    /// A similarity threshold outside [-1, 1].
    case thresholdOutOfRange(Float)
    /// A time to live shorter than a millisecond or longer than 2³¹ seconds (about 68 years).
    case ttlOutOfRange(Duration)
    /// A maximum age that is negative or longer than 2³¹ seconds (about 68 years).
    case maxAgeOutOfRange(Duration)

    public var description: String {
        let maximum = Duration.maximumCacheLifetime
        switch self {
        case .thresholdOutOfRange(let value):
            return "similarity threshold \(value) is outside [-1, 1]; cosine similarity lies in that range "
                + "(0.9 is a strict, 0.8 a loose threshold)"
        case .ttlOutOfRange(let ttl):
            return "time to live \(ttl.shortDescription) is outside 1ms...\(maximum.shortDescription) "
                + "(\(maximum.saturatedMilliseconds / 1000) seconds); "
                + "leave it out to use the default"
        case .maxAgeOutOfRange(let age):
            return "maximum age \(age.shortDescription) is outside 0s...\(maximum.shortDescription) "
                + "(\(maximum.saturatedMilliseconds / 1000) seconds)"
        }
    }

    /// Checks the values of `controls`.
    static func validate(_ controls: CacheControls) throws {
        if let threshold = controls.similarityThreshold, !(-1...1).contains(threshold) {
            throw CacheControlsError.thresholdOutOfRange(threshold)
        }
        if let ttl = controls.ttl, ttl < .milliseconds(1) || ttl > .maximumCacheLifetime {
            throw CacheControlsError.ttlOutOfRange(ttl)
        }
        if let age = controls.maxAge, age < .zero || age > .maximumCacheLifetime {
            throw CacheControlsError.maxAgeOutOfRange(age)
        }
    }
}
