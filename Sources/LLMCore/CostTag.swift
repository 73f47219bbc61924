/// One label of a call's cost records, written `key=value` (`feature=search`): the unit that budgets, token
/// limits and rate limits name when they apply by tag.
///
/// A call carries its tags as a `[String: String]` map; it has the tag `key=value` when the map holds `value`
/// under `key`. The key must not contain `=` (the written form splits at the first one).
public struct CostTag: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The label's name, e.g. `feature`.
    public var key: String
    /// The label's value, e.g. `search`.
    public var value: String

    /// The tag `key=value`.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The tag written as `key=value`, split at the first `=`; `nil` when there is no `=` or the key is empty.
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "="), equals > text.startIndex else { return nil }
        self.init(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    /// The tags of a call's tag map, in order.
    public static func tags(of tags: [String: String]) -> [CostTag] {
        tags.map { CostTag(key: $0.key, value: $0.value) }.sorted()
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }

    public static func < (lhs: CostTag, rhs: CostTag) -> Bool { (lhs.key, lhs.value) < (rhs.key, rhs.value) }

    /// Decodes the written form, `key=value`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let tag = CostTag(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "a cost tag is written key=value, such as feature=search; got '\(text)'")
        }
        self = tag
    }

    /// Encodes the written form, `key=value`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
