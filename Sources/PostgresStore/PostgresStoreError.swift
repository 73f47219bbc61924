import CacheStorage

/// What went wrong with a PostgreSQL store, said so that a user knows what to do.
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection URL cannot be used.
    case badURL(String, reason: String)
    /// The database cannot be reached (down, refused, timed out); the call goes on without the store.
    case unavailable(location: String, reason: String)
    /// The database holds tables of a newer LLMCache; they are left untouched.
    case newerSchema(location: String, found: Int, supported: Int)
    /// The store was opened read-only.
    case readOnly(location: String)
    /// The store was closed.
    case closed(location: String)
    /// The server refused a statement; its SQLSTATE and message say why.
    case server(location: String, state: String, message: String)

    public var description: String {
        switch self {
        case .badURL(let url, let reason):
            "cannot use the database URL \(url): \(reason)"
        case .unavailable(let location, let reason):
            "the PostgreSQL cache at \(location) is unavailable (\(reason)); calls go on uncached until it "
                + "answers again. Check that the server runs and accepts connections"
        case .newerSchema(let location, let found, let supported):
            "\(location) has LLMCache schema version \(found), newer than this LLMCache supports (\(supported)); "
                + "it was left untouched. Upgrade LLMCache to use it"
        case .readOnly(let location):
            "the cache at \(location) was opened read-only; open it for writing to change it"
        case .closed(let location):
            "the cache store for \(location) is closed"
        case .server(let location, let state, let message):
            "PostgreSQL at \(location) refused a statement (SQLSTATE \(state)): \(message)"
        }
    }
}

extension PostgresStoreError: CacheStorageFailure {}
