import LLMCore

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets `key` only when `value` is not `nil`.
    mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}
