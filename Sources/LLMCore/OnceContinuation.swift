import Synchronization

/// A continuation that the first of several racing tasks resumes; later attempts are ignored.
package final class OnceContinuation<Value: Sendable>: Sendable {
    private let state = Mutex<
        (continuation: CheckedContinuation<Value, any Error>?, result: Result<Value, any Error>?)
    >(
        (nil, nil))

    /// A continuation nothing has resumed yet.
    package init() {}

    /// Hands over the continuation; resumes it at once if a result already arrived.
    package func set(_ continuation: CheckedContinuation<Value, any Error>) {
        let early: Result<Value, any Error>? = state.withLock { state in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes with `result` if nothing did before; returns whether this call won.
    @discardableResult
    package func resume(with result: Result<Value, any Error>) -> Bool {
        let (won, continuation): (Bool, CheckedContinuation<Value, any Error>?) = state.withLock { state in
            guard state.result == nil else { return (false, nil) }
            state.result = result
            let continuation = state.continuation
            state.continuation = nil
            return (true, continuation)
        }
        continuation?.resume(with: result)
        return won
    }

    /// Waits for the first result.
    package func value() async throws -> Value {
        try await withCheckedThrowingContinuation { set($0) }
    }
}
