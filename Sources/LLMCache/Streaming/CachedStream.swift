import LLMCore

/// A streamed answer with its cache facts: iterate it for the ``LLMCore/StreamEvent``s.
///
/// The stream ends with ``LLMCore/StreamEvent/completed(_:)`` or with an error; it never ends quietly
/// with a partial answer. On a hit it replays the stored answer (with the provider's original chunk
/// boundaries when the answer was stored from a stream); on a miss it forwards the provider's events as they
/// arrive. Stopping the iteration early cancels the upstream call, and nothing is stored.
public struct CachedStream: AsyncSequence, Sendable {
    /// The streamed events.
    public typealias Element = StreamEvent

    /// Cache facts known when the stream starts: layer, outcome, key, similarity and money saved. On a miss
    /// the call's cost is known only at the end: read it from the ``LLMCore/StreamEvent/completed(_:)``
    /// response's usage.
    public let cache: CacheMetadata
    private let events: AsyncThrowingStream<StreamEvent, any Error>

    init(cache: CacheMetadata, events: AsyncThrowingStream<StreamEvent, any Error>) {
        self.cache = cache
        self.events = events
    }

    /// An iterator over the events.
    public func makeAsyncIterator() -> AsyncThrowingStream<StreamEvent, any Error>.AsyncIterator {
        events.makeAsyncIterator()
    }

    /// Consumes the stream and returns the assembled answer from its final event.
    public func response() async throws -> LLMResponse {
        try await events.response()
    }
}
