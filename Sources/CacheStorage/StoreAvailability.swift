/// Whether a store can reach its database, and how often it could not: for health checks and metrics.
public struct StoreAvailability: Sendable, Hashable {
    /// Whether the last operation reached the database.
    public var isAvailable: Bool
    /// Operations that failed because the database could not be reached, since the store was opened.
    public var failures: Int64
    /// Why the last failed operation failed.
    public var lastError: String?

    /// A report with the given parts.
    public init(isAvailable: Bool, failures: Int64, lastError: String?) {
        self.isAvailable = isAvailable
        self.failures = failures
        self.lastError = lastError
    }

    /// A store whose database is always at hand (an embedded SQLite file).
    public static let alwaysAvailable = StoreAvailability(isAvailable: true, failures: 0, lastError: nil)
}
