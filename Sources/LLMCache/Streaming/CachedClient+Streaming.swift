import LLMCore

extension CachedClient {
    /// Answers `request` as a stream: from a cache when it may, from the upstream otherwise.
    ///
    /// A hit replays the stored answer as a stream, with the provider's original chunk boundaries when the
    /// answer was stored from a stream. A miss forwards the provider's events as they arrive while recording
    /// them, and stores the answer when the stream completes; a stream that fails or is abandoned midway
    /// stores nothing. Identical calls in flight at the same time share one upstream call: the ones that
    /// join replay its answer when it completes. An upstream that cannot stream is called once and its answer
    /// replayed.
    ///
    /// Errors before the first event (a refused budget, a provider error or an unreachable provider, after
    /// any retries) are thrown by this call; an error after it ends the stream (see
    /// ``StreamInterruptedError``). A request whose provider does not fit the upstream's is refused as
    /// ``send(_:cache:)`` says.
    public func stream(_ request: LLMRequest, cache controls: CacheControls = CacheControls()) async throws
        -> CachedStream
    {
        let request = try request.addressed(to: upstream.provider)
        let routing = routing(for: request, hints: controls.routing)
        switch try await lookUp(request, controls: controls) {
        case .hit(let answer, let stored):
            let events = Self.replay(stored.response, recording: stored.recording)
            return CachedStream(cache: answer.cache, events: AsyncThrowingStream(replaying: events))
        case .bypass(let reason, let namespace):
            let metadata = CacheMetadata(
                layer: .none, outcome: .bypass, namespace: namespace, bypassReason: reason, routing: routing)
            return try await startStream { [self] continuation, started in
                let (outcome, _) = try await streamUpstream(request, controls: controls, into: continuation) {
                    started.resume(with: .success(metadata))
                }
                continuation.yield(.completed(outcome.response))
            }
        case .refresh(let call):
            let metadata = Self.refreshMetadata(call, cost: nil, promptCache: nil, routing: routing)
            return try await startStream { [self] continuation, started in
                let outcome = try await streamAndStore(request, call, controls: controls, into: continuation) {
                    started.resume(with: .success(metadata))
                }
                continuation.yield(.completed(outcome.response))
            }
        case .miss(let call):
            let metadata = CacheMetadata(
                layer: .none, outcome: .miss, key: call.key, namespace: call.namespace, routing: routing)
            return try await startStream { [self] continuation, started in
                let flight = try await inFlight.run(key: call.flightKey) { [self] in
                    if let stored = await storedBeforeCall(call, controls: controls) {
                        return InFlightCalls.Outcome(response: stored.response, cost: .zero, stored: stored)
                    }
                    return try await streamAndStore(request, call, controls: controls, into: continuation) {
                        started.resume(with: .success(metadata))
                    }
                }
                if let stored = flight.outcome.stored {
                    let answer = await hit(.exact, stored, key: call.key, namespace: call.namespace)
                    started.resume(with: .success(answer.cache))
                    for event in Self.replay(stored.response, recording: stored.recording) { continuation.yield(event) }
                } else if !flight.leader {
                    let answer = await coalesced(flight.outcome, call)
                    started.resume(with: .success(answer.cache))
                    let events = Self.replay(flight.outcome.response, recording: flight.outcome.recording)
                    for event in events { continuation.yield(event) }
                } else {
                    continuation.yield(.completed(flight.outcome.response))
                }
            }
        }
    }

    // MARK: Streaming steps

    /// The events that replay `response`: its recording when it has one that matches it, synthesized
    /// chunks otherwise.
    static func replay(_ response: LLMResponse, recording: StreamRecording?) -> [StreamEvent] {
        let chunks = recording.flatMap { $0.matches(response) ? $0 : nil } ?? .synthesized(from: response)
        return chunks.replay(response)
    }

    /// Runs `produce` in a task that feeds a new stream, and returns the stream once `produce` reports the
    /// stream's metadata through its second argument (just before the first event). An error before that is
    /// thrown here; after it, it ends the stream. Ending the stream early cancels the task.
    private func startStream(
        _ produce:
            @escaping @Sendable (
                _ continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation,
                _ started: OnceContinuation<CacheMetadata>
            ) async throws -> Void
    ) async throws -> CachedStream {
        let (events, continuation) = AsyncThrowingStream<StreamEvent, any Error>.makeStream()
        let started = OnceContinuation<CacheMetadata>()
        let producer = Task {
            do {
                try await produce(continuation, started)
                continuation.finish()
            } catch {
                started.resume(with: .failure(error))
                continuation.finish(throwing: error)
            }
            started.resume(with: .failure(IncompleteStreamError()))
        }
        continuation.onTermination = { _ in producer.cancel() }
        let metadata = try await withTaskCancellationHandler {
            try await started.value()
        } onCancel: {
            producer.cancel()
        }
        return CachedStream(cache: metadata, events: events, producer: producer)
    }

    /// Streams `request` upstream into `continuation` and stores the completed answer with its recording;
    /// the final ``LLMCore/StreamEvent/completed(_:)`` is left to the caller, to send after the store.
    private func streamAndStore(
        _ request: LLMRequest, _ call: PendingCall, controls: CacheControls,
        into continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation,
        onFirstEvent: @escaping @Sendable () -> Void
    ) async throws -> InFlightCalls.Outcome {
        var (outcome, recording) = try await streamUpstream(
            request, controls: controls, into: continuation, onFirstEvent: onFirstEvent)
        await storeAnswer(
            outcome.response, recording: recording, request: request, call, controls: controls,
            cost: outcome.cost)
        outcome.recording = recording
        return outcome
    }

    /// Streams `request` upstream (planned, budgeted and retried like ``send(_:cache:)``) into
    /// `continuation`, all but the final event; returns the answer and how it was streamed (`nil` when the
    /// upstream cannot stream and its answer was replayed).
    private func streamUpstream(
        _ request: LLMRequest, controls: CacheControls,
        into continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation,
        onFirstEvent: @escaping @Sendable () -> Void
    ) async throws -> (InFlightCalls.Outcome, StreamRecording?) {
        guard let streaming = upstream as? any StreamingLLMTransport else {
            let outcome = try await callUpstream(request, controls: controls)
            onFirstEvent()
            for event in Self.replay(outcome.response, recording: nil).dropLast() { continuation.yield(event) }
            return (outcome, nil)
        }
        var relay = StreamRelay(continuation: continuation, onFirstEvent: onFirstEvent)
        let outcome = try await callUpstream(request, controls: controls) {
            try await relay.relay(streaming.stream($0))
        }
        return (outcome, relay.recording)
    }
}

extension AsyncThrowingStream where Element == StreamEvent, Failure == any Error {
    /// A stream that delivers `events` and finishes.
    init(replaying events: [StreamEvent]) {
        self.init { continuation in
            for event in events { continuation.yield(event) }
            continuation.finish()
        }
    }
}
