import Foundation
import LLMCore
import Synchronization

/// An in-process stand-in for a provider: answers every request with a deterministic text derived from
/// it, counts calls, and can be told to fail or to stop early. For tests and demos that need no network.
///
/// Token counts approximate a tokenizer at one token per four characters of text (at least one).
public final class DeterministicTransport: LLMTransport {
    /// How the transport answers.
    public enum Behaviour: Sendable {
        /// A normal, complete answer.
        case answer
        /// An answer cut at `max_tokens`.
        case truncated
        /// A refusal.
        case refusal
        /// Throw this error instead of answering.
        case fail(any Error & Sendable)
    }

    private let state: Mutex<(calls: Int, behaviour: Behaviour)>
    private let latency: Duration
    /// The provider it stands in for; `nil` answers a request for any provider that names one.
    public let provider: ProviderID?

    /// - Parameters:
    ///   - provider: the provider it stands in for (Anthropic unless told otherwise; `nil` for any provider
    ///     a request names).
    ///   - latency: how long each call takes.
    ///   - behaviour: how calls are answered until ``setBehaviour(_:)`` changes it.
    public init(provider: ProviderID? = .anthropic, latency: Duration = .zero, behaviour: Behaviour = .answer) {
        self.provider = provider
        self.latency = latency
        self.state = Mutex((0, behaviour))
    }

    /// Calls answered (or failed) so far.
    public var calls: Int { state.withLock { $0.calls } }

    /// Changes how later calls are answered.
    public func setBehaviour(_ behaviour: Behaviour) { state.withLock { $0.behaviour = behaviour } }

    public func send(_ request: LLMRequest) async throws -> LLMResponse {
        _ = try request.addressed(to: provider)
        let behaviour = state.withLock { state in
            state.calls += 1
            return state.behaviour
        }
        if latency > .zero { try await Task.sleep(for: latency) }
        let prompt = request.lastUserText ?? ""
        let answer = "Answer from \(request.model) to: \(prompt)"
        let inputText =
            request.system.map(\.text).joined() + request.messages.flatMap(\.content).compactMap(\.textValue).joined()
        let usage = Usage(inputTokens: Self.tokens(inputText), outputTokens: Self.tokens(answer))
        let id = "msg_" + String(CacheKey.hexDigest(Array((request.model + prompt).utf8)).prefix(24))
        switch behaviour {
        case .answer:
            return LLMResponse(
                id: id, model: request.model, content: [.text(answer)], stopReason: .endTurn, usage: usage)
        case .truncated:
            return LLMResponse(
                id: id, model: request.model, content: [.text(String(answer.prefix(8)))], stopReason: .maxTokens,
                usage: usage)
        case .refusal:
            return LLMResponse(
                id: id, model: request.model, content: [.text("I can't help with that.")], stopReason: .refusal,
                usage: usage)
        case .fail(let error):
            throw error
        }
    }

    /// The token estimate used for usage: one token per four characters, at least one.
    public static func tokens(_ text: String) -> Int { max(1, (text.count + 3) / 4) }
}
