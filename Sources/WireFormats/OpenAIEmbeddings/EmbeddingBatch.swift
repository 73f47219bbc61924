import LLMCore

/// An OpenAI embeddings request split into its input items: each string, or each list of token ids (one list
/// of token ids is one item), with the fields that shape every vector (`model`, `dimensions`,
/// `encoding_format`) and the caller's body to send the missing items in.
public struct EmbeddingBatch: Sendable {
    /// The caller's body, every member as sent.
    public let body: [String: JSONValue]
    /// The embedding model.
    public let model: String
    /// The input items, in the caller's order.
    public let items: [JSONValue]

    /// The batch in `body`, or `nil` when it is not a request this cache splits.
    public init?(_ body: JSONValue) {
        guard case .object(let members) = body, let model = members["model"]?.stringValue, !model.isEmpty else {
            return nil
        }
        switch members["input"] {
        case .string?: items = [members["input"] ?? .null]
        case .array(let values)? where !values.isEmpty:
            if values.allSatisfy({ $0.intValue != nil }) {
                items = [.array(values)]
            } else if values.allSatisfy({
                $0.stringValue != nil || $0.arrayValue?.allSatisfy({ $0.intValue != nil }) == true
            }) {
                items = values
            } else {
                return nil
            }
        default: return nil
        }
        self.body = members
        self.model = model
    }

    /// The key of each item: SHA-256 of the canonical JSON of the item and the fields that shape its vector.
    public func keys() -> [String] {
        items.map { item in
            let document: JSONValue = [
                "v": 1, "kind": "embedding", "provider": .string(ProviderID.openAI.rawValue), "model": .string(model),
                "dimensions": body["dimensions"] ?? .null,
                "encoding_format": body["encoding_format"] ?? .string("float"),
                "input": item,
            ]
            return CacheKey.hexDigest((try? CanonicalJSON.encode(document)) ?? [])
        }
    }

    /// The caller's body with `input` replaced by `items`.
    public func body(with items: [JSONValue]) -> JSONValue {
        var members = body
        members["input"] = .array(items)
        return .object(members)
    }
}
