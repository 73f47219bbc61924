import LLMCore

/// A streamed answer with its cache facts: iterate it for the `StreamEvent`s.
///
/// The stream ends with `StreamEvent.completed(_:)` or with an error; it never ends quietly
/// with a partial answer. On a hit it replays the stored answer (with the provider's original chunk
/// boundaries when the answer was stored from a stream); on a miss it forwards the provider's events as they
/// arrive. Stopping the iteration early cancels the upstream call, and nothing is stored.
public struct CachedStream: AsyncSequence, Sendable {
    /// The streamed events.
    public typealias Element = StreamEvent

    /// Cache facts known when the stream starts: layer, outcome, key, similarity and money saved. On a miss
    /// the call's cost is known only at the end: read it from the `StreamEvent.completed(_:)`
    /// response's usage.
    public let cache: CacheMetadata
    private let events: AsyncThrowingStream<StreamEvent, any Error>
    private let producer: Task<Void, Never>?

    /// - Parameter producer: the task feeding `events`, cancelled when an iterator is dropped before the end.
    init(cache: CacheMetadata, events: AsyncThrowingStream<StreamEvent, any Error>, producer: Task<Void, Never>? = nil)
    {
        self.cache = cache
        self.events = events
        self.producer = producer
    }

    /// An iterator over the events. Dropping it before the stream ends (leaving a `for` loop early) cancels
    /// the upstream call.
    public func makeAsyncIterator() -> Iterator {
        Iterator(base: events.makeAsyncIterator(), abandonment: producer.map(Abandonment.init))
    }

    /// Consumes the stream and returns the assembled answer from its final event.
    public func response() async throws -> LLMResponse {
        for try await event in self {
            if case .completed(let response) = event { return response }
        }
        throw IncompleteStreamError()
    }

    /// Iterates a ``CachedStream``.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<StreamEvent, any Error>.AsyncIterator
        let abandonment: Abandonment?

        /// The next event, or `nil` after the last.
        public mutating func next() async throws -> StreamEvent? {
            try await base.next()
        }
    }

    /// Cancels the producing task when the last copy of an iterator goes away. Cancelling a task that has
    /// finished does nothing, so a stream read to its end is unaffected.
    final class Abandonment: Sendable {
        let producer: Task<Void, Never>

        init(_ producer: Task<Void, Never>) {
            self.producer = producer
        }

        deinit {
            producer.cancel()
        }
    }
}
