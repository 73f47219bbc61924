import CostControl
import LLMCore
import PromptCaching

/// Single-flight for upstream calls: while one call for a key is in flight, identical calls wait for its
/// answer instead of making their own.
actor InFlightCalls {
    /// The shared outcome of one upstream call.
    struct Outcome: Sendable {
        var response: LLMResponse
        var cost: MicroDollars?
        /// What the provider's prompt cache did on the call, when it was planned.
        var promptCache: PromptCacheObservation? = nil
        /// Set when the answer was found stored by the time the call started (no upstream call was made).
        var stored: CachedAnswer?
        /// How the answer was streamed, when the call was a stream (joined streams replay it).
        var recording: StreamRecording? = nil
        /// The router's choice the call was sent with, when a router chose.
        var routing: RoutingDecision? = nil
        /// What the cost guard's token limits changed in the request sent.
        var tokenAdjustment: TokenAdjustment? = nil
    }

    private var calls: [String: Task<Outcome, any Error>] = [:]

    /// Runs `call` for `key`, or joins the call already running for it. `leader` is true for the caller
    /// whose call ran. A failure reaches every caller that joined, except cancellation: when the leader's
    /// caller is cancelled its call is cancelled too, and the callers that joined it start over.
    func run(key: String, _ call: @escaping @Sendable () async throws -> Outcome) async throws -> (
        outcome: Outcome, leader: Bool
    ) {
        while true {
            if let running = calls[key] {
                do {
                    return (try await running.value, false)
                } catch is CancellationError where !Task.isCancelled {
                    if calls[key] == running { calls[key] = nil }
                    continue
                }
            }
            let task = Task {
                do {
                    return try await call()
                } catch {
                    // Whatever a cancelled call threw (a transport reports cancellation its own way), the
                    // callers that joined must see it as cancellation to start over.
                    if Task.isCancelled { throw CancellationError() }
                    throw error
                }
            }
            calls[key] = task
            let result = await withTaskCancellationHandler {
                await task.result
            } onCancel: {
                task.cancel()
            }
            if calls[key] == task { calls[key] = nil }
            return (try result.get(), true)
        }
    }
}
