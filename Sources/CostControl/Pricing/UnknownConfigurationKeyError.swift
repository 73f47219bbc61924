/// A configuration file holds a key that nothing reads: an error, so that a misspelt setting is not silently
/// ignored. Thrown while decoding by ``Swift/Decoder/rejectUnknownKeys(_:)``.
public struct UnknownConfigurationKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key with its path in the file (`budget.daily_usd`, `rules[2].modle`).
    public let path: String
    /// The keys the object may hold, sorted.
    public let known: [String]

    /// The key at `path`, in an object that may hold `known`.
    public init(path: String, known: [String]) {
        self.path = path
        self.known = known.sorted()
    }

    /// "unknown key 'PATH'; known keys: …".
    public var description: String { "unknown key '\(path)'; known keys: \(known.joined(separator: ", "))" }
}

extension Decoder {
    /// Throws ``UnknownConfigurationKeyError`` for the first key (in sorted order) of the object being decoded that
    /// `Keys` does not list; call it from `init(from:)` of a configuration type.
    public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let known = Keys.allCases.map(\.stringValue)
        let present = try container(keyedBy: ConfigurationKey.self).allKeys.map(\.stringValue)
        if let unknown = present.filter({ !known.contains($0) }).sorted().first {
            throw UnknownConfigurationKeyError(
                path: (codingPath + [ConfigurationKey(stringValue: unknown)]).configurationPath, known: known)
        }
    }
}

/// The former name of ``UnknownConfigurationKeyError``.
@available(*, deprecated, renamed: "UnknownConfigurationKeyError")
public typealias UnknownConfigurationKey = UnknownConfigurationKeyError
