import LLMCore

/// Forwards one upstream stream to the caller while recording it.
///
/// Events before the first piece of content (the start, empty blocks) are held back, so that an attempt that
/// fails before any content can be retried without the caller seeing two starts. Once content has gone out,
/// a failure ends the call with ``StreamInterruptedError``, which is never retried. The final
/// ``LLMCore/StreamEvent/completed(_:)`` is not forwarded: the caller of ``relay(_:)`` sends it once the
/// answer is stored.
struct StreamRelay {
    /// Where events go.
    let continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation
    /// Called once, just before the first event goes out.
    let onFirstEvent: @Sendable () -> Void
    /// The content steps of the attempt that completed.
    private(set) var recording = StreamRecording()

    init(
        continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation,
        onFirstEvent: @escaping @Sendable () -> Void
    ) {
        self.continuation = continuation
        self.onFirstEvent = onFirstEvent
    }

    /// Relays one attempt's stream and returns its assembled answer.
    mutating func relay(_ stream: AsyncThrowingStream<StreamEvent, any Error>) async throws -> LLMResponse {
        var held: [StreamEvent] = []
        var forwarding = false
        var attempt = StreamRecording()
        do {
            for try await event in stream {
                if case .completed(let response) = event {
                    if !forwarding { release(held) }
                    recording = attempt
                    return response
                }
                attempt.record(event)
                if forwarding {
                    continuation.yield(event)
                } else {
                    held.append(event)
                    if event.carriesContent {
                        release(held)
                        forwarding = true
                    }
                }
            }
            throw IncompleteStreamError()
        } catch {
            if forwarding && !(error is CancellationError) { throw StreamInterruptedError(underlying: error) }
            throw error
        }
    }

    private func release(_ events: [StreamEvent]) {
        onFirstEvent()
        for event in events { continuation.yield(event) }
    }
}
