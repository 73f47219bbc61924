import CacheStorage
import Foundation
import LLMCore

/// The JSON form of one entry, shared by `list` and `show`. Field names are stable.
struct EntryReport: Encodable {
    var key: String
    var namespace: String
    var provider: String
    var model: String
    var createdAt: String?
    var expiresAt: String?
    var expired: Bool
    var ttlSeconds: Double?
    var sliding: Bool
    var hitCount: Int
    var lastHitAt: String?
    var bytes: Int
    var inputTokens: Int
    var outputTokens: Int
    var costMicros: Int64?
    var tags: [String]
    var request: JSONValue?
    var response: JSONValue?

    enum CodingKeys: String, CodingKey {
        case key, namespace, provider, model, expired, sliding, bytes, tags, request, response
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case ttlSeconds = "ttl_seconds"
        case hitCount = "hit_count"
        case lastHitAt = "last_hit_at"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case costMicros = "cost_micros"
    }

    init(_ entry: CacheEntry, now: Date, includeBodies: Bool) {
        key = entry.key
        namespace = entry.namespace
        provider = entry.provider
        model = entry.model
        createdAt = Formatting.iso(entry.createdAt)
        expiresAt = Formatting.iso(entry.expiresAt)
        expired = entry.isExpired(at: now)
        ttlSeconds = entry.ttl?.timeInterval
        sliding = entry.sliding
        hitCount = entry.hitCount
        lastHitAt = Formatting.iso(entry.lastHitAt)
        bytes = entry.size
        inputTokens = entry.inputTokens
        outputTokens = entry.outputTokens
        costMicros = entry.cost?.rawValue
        tags = entry.tags
        if includeBodies {
            request = entry.request.flatMap { try? JSONValue.parse($0) }
            response = try? JSONValue.parse(entry.response)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(expired, forKey: .expired)
        try container.encode(ttlSeconds, forKey: .ttlSeconds)
        try container.encode(sliding, forKey: .sliding)
        try container.encode(hitCount, forKey: .hitCount)
        try container.encode(lastHitAt, forKey: .lastHitAt)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(inputTokens, forKey: .inputTokens)
        try container.encode(outputTokens, forKey: .outputTokens)
        try container.encode(costMicros, forKey: .costMicros)
        try container.encode(tags, forKey: .tags)
        try container.encodeIfPresent(request, forKey: .request)
        try container.encodeIfPresent(response, forKey: .response)
    }
}
