import Synchronization

/// Work raced against a time limit: the one way LLMCache bounds how long a caller waits for something that
/// may not answer (an embedder, a database that is down).
///
/// The caller gets the work's result, or `timeout` as soon as the limit passes, or a
/// `CancellationError` as soon as the caller is cancelled, whichever comes first, even when the work does
/// not respond to cancellation (it is cancelled, and its late result dropped). The timer is cancelled the
/// moment there is an outcome, so fast work leaves nothing sleeping behind it.
package enum Deadline {
    /// Runs `body` within `limit` on `clock`.
    ///
    /// - Parameters:
    ///   - limit: how long the caller waits at most.
    ///   - clock: the clock that measures the limit.
    ///   - timeout: the error thrown when the limit passes first.
    ///   - body: the work; it runs in a task of its own, cancelled when the caller stops waiting.
    package static func run<T: Sendable, C: Clock<Duration>>(
        limit: Duration, clock: C = ContinuousClock(), timeout: any Error,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = DeadlineRace<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                let work = Task {
                    do {
                        race.finish(.success(try await body()))
                    } catch {
                        race.finish(.failure(error))
                    }
                }
                let timer = Task {
                    try await clock.sleep(for: limit)
                    race.finish(.failure(timeout))
                }
                race.attach(work: work, timer: timer)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The state of one ``Deadline/run(limit:clock:timeout:_:)``: the waiting caller, the first outcome, and the
/// two tasks to cancel once there is one.
private final class DeadlineRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var outcome: Result<T, any Error>?
        var work: Task<Void, Never>?
        var timer: Task<Void, any Error>?
    }

    private let state = Mutex(State())

    /// Hands over the waiting caller; resumes it at once when the outcome came first (a caller cancelled
    /// before it began).
    func start(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Keeps the tasks to cancel on the outcome, or cancels them now when it already came.
    func attach(work: Task<Void, Never>, timer: Task<Void, any Error>) {
        let finished = state.withLock { state -> Bool in
            guard state.outcome == nil else { return true }
            state.work = work
            state.timer = timer
            return false
        }
        if finished {
            work.cancel()
            timer.cancel()
        }
    }

    /// Takes `outcome` unless another came first: resumes the caller and cancels both tasks.
    func finish(_ outcome: Result<T, any Error>) {
        let taken = state.withLock {
            state -> (CheckedContinuation<T, any Error>?, Task<Void, Never>?, Task<Void, any Error>?)? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.work = nil
                state.timer = nil
            }
            return (state.continuation, state.work, state.timer)
        }
        guard let (continuation, work, timer) = taken else { return }
        timer?.cancel()
        work?.cancel()
        continuation?.resume(with: outcome)
    }
}
