import Foundation
import LLMCore

/// A stored response, as read back from the store.
public struct CacheEntry: Sendable, Hashable {
    /// The row id (stable for the entry's life).
    public var id: Int64
    /// The tenant namespace the entry belongs to.
    public var namespace: String
    /// The exact-cache key (64 hex digits).
    public var key: String
    /// The provider of the original call.
    public var provider: String
    /// The model of the original call.
    public var model: String
    /// When the entry was stored.
    public var createdAt: Date
    /// When the entry stops being served; `nil` for never.
    public var expiresAt: Date?
    /// The entry's time to live, kept for sliding expiry.
    public var ttl: Duration?
    /// Whether a hit extends the expiry by `ttl`.
    public var sliding: Bool
    /// The last time the entry was served.
    public var lastHitAt: Date?
    /// How often the entry was served.
    public var hitCount: Int
    /// Bytes the entry takes (request plus response).
    public var size: Int
    /// Input tokens the original call used (all kinds).
    public var inputTokens: Int
    /// Output tokens the original call produced.
    public var outputTokens: Int
    /// What the original call cost, when it was priced.
    public var cost: MicroDollars?
    /// Labels given at store time.
    public var tags: [String]
    /// The original request as JSON, when kept.
    public var request: Data?
    /// The response as JSON.
    public var response: Data

    /// Whether the entry may no longer be served at `date`.
    public func isExpired(at date: Date) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= date
    }

    /// A value with every field given.
    package init(
        id: Int64, namespace: String, key: String, provider: String, model: String, createdAt: Date, expiresAt: Date?,
        ttl: Duration?, sliding: Bool, lastHitAt: Date?, hitCount: Int, size: Int, inputTokens: Int, outputTokens: Int,
        cost: MicroDollars?, tags: [String], request: Data?, response: Data
    ) {
        self.id = id
        self.namespace = namespace
        self.key = key
        self.provider = provider
        self.model = model
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.ttl = ttl
        self.sliding = sliding
        self.lastHitAt = lastHitAt
        self.hitCount = hitCount
        self.size = size
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.tags = tags
        self.request = request
        self.response = response
    }
}

/// A response to store.
public struct NewCacheEntry: Sendable, Hashable {
    public var namespace: String
    public var key: String
    public var provider: String
    public var model: String
    /// Time to live; `nil` keeps the entry until it is purged or evicted.
    public var ttl: Duration?
    /// Whether each hit extends the expiry by the TTL.
    public var sliding: Bool
    public var inputTokens: Int
    public var outputTokens: Int
    /// What the call cost, when it was priced.
    public var cost: MicroDollars?
    public var tags: [String]
    public var request: Data?
    public var response: Data
    /// The entry's embedding, for the semantic layer; `nil` for an exact-only entry.
    public var vector: StoredVector?

    public init(
        namespace: String, key: String, provider: String, model: String, ttl: Duration?,
        sliding: Bool = false, inputTokens: Int = 0, outputTokens: Int = 0, cost: MicroDollars? = nil,
        tags: [String] = [], request: Data? = nil, response: Data, vector: StoredVector? = nil
    ) {
        self.namespace = namespace
        self.key = key
        self.provider = provider
        self.model = model
        self.ttl = ttl
        self.sliding = sliding
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.tags = tags
        self.request = request
        self.response = response
        self.vector = vector
    }

    /// Bytes the entry takes in the store.
    public var size: Int { (request?.count ?? 0) + response.count + (vector?.bytes.count ?? 0) }
}
