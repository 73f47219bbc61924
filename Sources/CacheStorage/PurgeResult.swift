/// How much a purge removed (or would remove, in a dry run).
public struct PurgeResult: Sendable, Hashable, Codable {
    /// Entries removed.
    public var entries: Int
    /// Bytes removed.
    public var bytes: Int64

    /// A result of `entries` entries and `bytes` bytes.
    package init(entries: Int, bytes: Int64) {
        self.entries = entries
        self.bytes = bytes
    }
}
