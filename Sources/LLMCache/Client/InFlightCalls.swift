import LLMCore
import PromptCaching

/// Single-flight for upstream calls: while one call for a key is in flight, identical calls wait for its
/// answer instead of making their own.
actor InFlightCalls {
    /// The shared outcome of one upstream call.
    struct Outcome: Sendable {
        var response: LLMResponse
        var costMicros: Int64?
        /// What the provider's prompt cache did on the call, when it was planned.
        var promptCache: PromptCacheObservation? = nil
        /// Set when the answer was found stored by the time the call started (no upstream call was made).
        var stored: CachedAnswer?
    }

    private var calls: [String: Task<Outcome, any Error>] = [:]

    /// Runs `call` for `key`, or joins the call already running for it. `leader` is true for the caller
    /// whose call ran. A failure reaches every caller that joined.
    func run(key: String, _ call: @escaping @Sendable () async throws -> Outcome) async throws -> (
        outcome: Outcome, leader: Bool
    ) {
        if let running = calls[key] { return (try await running.value, false) }
        let task = Task { try await call() }
        calls[key] = task
        let result = await task.result
        calls[key] = nil
        return (try result.get(), true)
    }
}
