import CostControl
import Foundation
import LLMCore
import Testing

/// Hands out scripted results, one per attempt.
actor Script<Value: Sendable> {
    private var results: [Result<Value, ProviderError>]
    private(set) var calls = 0

    init(_ results: [Result<Value, ProviderError>]) { self.results = results }

    func next() throws -> Value {
        calls += 1
        guard !results.isEmpty else { throw ProviderError(kind: .connectionFailed, message: "script ran out") }
        return try results.removeFirst().get()
    }
}

@Suite("Retry executor")
struct RetryExecutorTests {
    static func executor(_ recorder: SleepRecorder, policy: RetryPolicy = RetryPolicy()) -> RetryExecutor {
        RetryExecutor(
            policy: policy, sleep: { await recorder.record($0) }, now: { RetryPolicyTests.now }, random: { 0 })
    }

    @Test("transient failures are retried with backoff until success")
    func retriesUntilSuccess() async throws {
        let recorder = SleepRecorder()
        let script = Script<String>([
            .failure(ProviderError(kind: .http(status: 529))), .failure(ProviderError(kind: .timeout)),
            .failure(ProviderError(kind: .http(status: 429), headers: ["retry-after-ms": "1200"])), .success("ok"),
        ])
        let value = try await Self.executor(recorder).run { _ in try await script.next() }
        #expect(value == "ok")
        #expect(await script.calls == 4)
        #expect(await recorder.waits == [.milliseconds(500), .seconds(1), .milliseconds(1_200)])
    }

    @Test("a permanent failure is thrown unchanged after one attempt")
    func permanentFailure() async throws {
        let recorder = SleepRecorder()
        let script = Script<String>([
            .failure(ProviderError(kind: .http(status: 401), errorType: "authentication_error"))
        ])
        let error = await #expect(throws: ProviderError.self) {
            try await Self.executor(recorder).run { _ in try await script.next() }
        }
        #expect(error?.httpStatus == 401)
        #expect(await script.calls == 1)
        #expect(await recorder.waits.isEmpty)
    }

    @Test("after the default 3 retries the last failure is reported")
    func exhausted() async throws {
        let recorder = SleepRecorder()
        let script = Script<String>(Array(repeating: .failure(ProviderError(kind: .http(status: 503))), count: 10))
        let error = await #expect(throws: RetryError.self) {
            try await Self.executor(recorder).run { _ in try await script.next() }
        }
        #expect(error?.kind == .exhausted)
        #expect(error?.attempts == 4)
        #expect(await script.calls == 4)
        #expect(await recorder.waits == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test("advice beyond the bound fails fast without sleeping")
    func failFast() async throws {
        let recorder = SleepRecorder()
        let script = Script<String>([
            .failure(ProviderError(kind: .http(status: 429), headers: ["retry-after": "3600"]))
        ])
        let error = await #expect(throws: RetryError.self) {
            try await Self.executor(recorder).run { _ in try await script.next() }
        }
        #expect(error?.kind == .advisedWaitTooLong(advised: .seconds(3_600), bound: .seconds(60)))
        #expect(error?.description.contains("3600") == true)
        #expect(await recorder.waits.isEmpty)
    }

    @Test("a stream overload after content is not retried")
    func overloadAfterContent() async throws {
        let recorder = SleepRecorder()
        let script = Script<String>([
            .failure(ProviderError(kind: .streamError(type: "overloaded_error", afterContent: true)))
        ])
        await #expect(throws: ProviderError.self) {
            try await Self.executor(recorder).run { _ in try await script.next() }
        }
        #expect(await script.calls == 1)
    }
}
