import CacheStorage
import Foundation
import LLMCore
import Logging

/// The exact response cache: deterministic calls answered from a stored response whose key is the
/// SHA-256 of the canonical request (`CacheKey`).
public struct ExactCache: Sendable {
    /// The store the answers live in.
    public let store: any CacheStorage
    /// The layer's settings.
    public let configuration: ExactCacheConfiguration
    /// The answers this process read most recently, decoded: a hit on one of them reads no JSON.
    let decoded = EntryMemo<StoredResponse>()

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public init(store: any CacheStorage, configuration: ExactCacheConfiguration = ExactCacheConfiguration()) {
        self.store = store
        self.configuration = configuration
    }

    /// Why a request may not use the exact cache, or `nil` when it may.
    public func bypassReason(for request: LLMRequest, controls: CacheControls) -> String? {
        if !configuration.enabled { return "exact cache disabled" }
        if !request.isDeterministic && !controls.servesNonDeterministic(configured: configuration.cacheNonDeterministic)
        {
            return Self.nonDeterministicReason(request)
        }
        return nil
    }

    /// What a bypass reason says when the call was passed by for the deterministic cache mode alone, so that
    /// a front end can add how to choose the other mode.
    public static let modeNote = "cache mode deterministic"

    /// The bypass reason for a call that is not deterministic.
    static func nonDeterministicReason(_ request: LLMRequest) -> String {
        "not deterministic (temperature \(request.temperature.map { "\($0)" } ?? "unset"), \(modeNote))"
    }

    /// A stored answer for `key`, or `nil`.
    public func lookup(key: CacheKey, namespace: String, maxAge: Duration?) async throws -> CachedAnswer? {
        switch try await store.lookup(namespace: namespace, key: key.hex, maxAge: maxAge, recordHit: true) {
        case .hit(let entry): return try answer(entry)
        case .miss, .expired, .tooOld: return nil
        }
    }

    /// A stored answer for `key`, or `nil`, with the hit counted under this layer in the same call into the
    /// store when `counters` gives the deltas for the entry (see `CacheStorage`'s
    /// `lookup(namespace:key:maxAge:countingIn:_:)`); `counted` says whether they were added.
    func lookup(
        key: CacheKey, namespace: String, maxAge: Duration?, counters: @Sendable (CacheEntry) -> [String: Int64]?
    ) async throws -> (answer: CachedAnswer, counted: Bool)? {
        let found = try await store.lookup(
            namespace: namespace, key: key.hex, maxAge: maxAge, countingIn: CacheLayer.exact.rawValue, counters)
        guard case .hit(let entry) = found.result else { return nil }
        return (try answer(entry), found.counted)
    }

    /// The answer `entry` holds, with its stream recording, read once (or kept from an earlier read).
    func answer(_ entry: CacheEntry) throws -> CachedAnswer {
        let stored = try decoded.value(
            id: entry.id, bytes: entry.response, { try StoredResponse.read(from: entry.response) },
            // Counted as twice the stored bytes: the bytes it is checked against, and the decoded answer.
            size: { _ in 2 * entry.response.count })
        return CachedAnswer(response: stored.response, entry: entry, storedRecording: .read(stored.recording))
    }

    /// Whether `response` may be stored.
    public func isStorable(_ response: LLMResponse) -> Bool {
        switch response.stopReason {
        case .refusal: false
        case .maxTokens: configuration.storeTruncated
        default: true
        }
    }

    /// The entry that stores `response` under `key`, with the semantic layer's vector when given.
    /// - Throws: `ProviderMismatchError` for a request that names no provider (the entry records whose
    ///   answer it is); an encoding error.
    public func entry(
        for response: LLMResponse, request: LLMRequest, key: CacheKey, namespace: String, controls: CacheControls,
        cost: MicroDollars?, vector: StoredVector? = nil
    ) throws -> NewCacheEntry {
        try entry(
            for: response, recording: nil, request: request, key: key, namespace: namespace, controls: controls,
            cost: cost, vector: vector)
    }

    /// The entry that stores `response`, with how it was streamed when it was.
    func entry(
        for response: LLMResponse, recording: StreamRecording?, request: LLMRequest, key: CacheKey, namespace: String,
        controls: CacheControls, cost: MicroDollars?, vector: StoredVector?
    ) throws -> NewCacheEntry {
        NewCacheEntry(
            namespace: namespace, key: key.hex, provider: try request.namedProvider().rawValue, model: request.model,
            ttl: controls.ttl ?? configuration.defaultTTL, sliding: configuration.slidingTTL,
            inputTokens: response.usage.totalInputTokens, outputTokens: response.usage.outputTokens,
            cost: cost, tags: controls.tags,
            request: configuration.keepRequest ? try Self.encoder.encode(request) : nil,
            response: try Self.encoder.encode(StoredResponse(response: response, recording: recording)), vector: vector)
    }

    /// Removes any entry for `key` in `namespace`.
    public func remove(key: CacheKey, namespace: String) async throws {
        _ = try await store.purge(PurgeSelector(namespace: namespace, key: key.hex), dryRun: false)
    }
}

/// A response served from a cache, with the entry it came from.
public struct CachedAnswer: Sendable {
    /// The stored response.
    public var response: LLMResponse
    /// The stored entry.
    public var entry: CacheEntry
    /// How the answer was streamed when it was stored, when it was read with the response.
    var storedRecording: RecordingRead = .unread

    /// Whether the stream recording stored with an answer was read, and what it was.
    enum RecordingRead: Sendable {
        /// Not read: read it from the entry when a stream replays the answer.
        case unread
        /// Read with the response (`nil` when the answer was not stored from a stream).
        case read(StreamRecording?)
    }

    /// The stream recording stored with the answer: the one read with the response, or read from the entry.
    var recording: StreamRecording? {
        switch storedRecording {
        case .read(let recording): recording
        case .unread: StoredResponse.recording(in: entry.response)
        }
    }
}
