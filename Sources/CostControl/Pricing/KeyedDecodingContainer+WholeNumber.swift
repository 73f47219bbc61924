extension KeyedDecodingContainer {
    /// A whole number, absent or null being `nil`. A number with a fraction (`1.5`) or one out of range is
    /// an error at `key` that says so; `JSONDecoder` alone reports it as invalid JSON without a path.
    public func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let whole = try? decode(Int.self, forKey: key) { return whole }
        if let number = try? decode(Double.self, forKey: key) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be a whole number, found \(number)")
        }
        return try decode(Int.self, forKey: key)
    }
}
