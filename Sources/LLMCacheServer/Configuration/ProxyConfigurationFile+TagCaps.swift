import CostControl
import LLMCore

extension ProxyConfigurationFile.Budget {
    /// One entry of the `budget` object's `tag_caps` map (`{"feature=search": {"daily_usd": "2"}}`): the
    /// caps of the calls with one cost tag, `daily_usd`, `run_usd`, `soft_daily_usd` and `soft_run_usd`, as
    /// decimal strings or numbers; at least one must be set.
    public struct TagCapsSettings: Sendable, Hashable, Decodable {
        /// The caps the entry sets.
        public var caps: TagCaps

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dailyCap = "daily_usd"
            case runCap = "run_usd"
            case softDailyCap = "soft_daily_usd"
            case softRunCap = "soft_run_usd"
        }

        /// Decodes one entry; an unknown key, an amount that is not dollars, or an entry that sets nothing is
        /// an error that names it.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let file = try decoder.container(keyedBy: CodingKeys.self)
            caps = TagCaps(
                dailyCap: try file.dollars(.dailyCap), runCap: try file.dollars(.runCap),
                softDailyCap: try file.dollars(.softDailyCap), softRunCap: try file.dollars(.softRunCap))
        }
    }

    /// The `tag_caps` map of `file`, by cost tag; a key that is not `key=value` or an entry that sets no cap is
    /// an error that names it.
    static func tagCaps(in file: KeyedDecodingContainer<CodingKeys>) throws -> [CostTag: TagCaps]? {
        guard file.contains(.tagCaps) else { return nil }
        let entries: [String: TagCapsSettings] = try file.byCostTag(
            .tagCaps, requirement: " and each sets at least one of daily_usd, run_usd, soft_daily_usd, soft_run_usd"
        ) { !$0.caps.isEmpty }
        var caps: [CostTag: TagCaps] = [:]
        for (text, entry) in entries.sorted(by: { $0.key < $1.key }) {
            guard let tag = CostTag(parsing: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .tagCaps, in: file,
                    debugDescription: "'\(text)': each key is a key=value cost tag with a non-empty key")
            }
            caps[tag] = entry.caps
        }
        return caps
    }
}
