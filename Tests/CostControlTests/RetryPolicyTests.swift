import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    static let policy = RetryPolicy()
    static let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    static func decide(_ error: any Error, retriesSoFar: Int = 0, random: Double = 0) -> RetryPolicy.Decision {
        policy.decide(after: error, retriesSoFar: retriesSoFar, now: now, random: random)
    }

    static func isRetry(_ decision: RetryPolicy.Decision) -> Bool {
        if case .retry = decision { return true }
        return false
    }

    @Test(
        "HTTP statuses: retry only the transient ones",
        arguments: [
            (408, true), (409, true), (429, true), (500, true), (502, true), (503, true), (504, true), (529, true),
            (400, false), (401, false), (403, false), (404, false), (413, false), (422, false), (501, false),
            (505, false), (418, false),
        ])
    func statuses(status: Int, retried: Bool) {
        #expect(Self.isRetry(Self.decide(ProviderError(kind: .http(status: status)))) == retried, "HTTP \(status)")
    }

    @Test(
        "x-should-retry overrides the status, in any case and spacing",
        arguments: [
            (400, "true", true), (401, "TRUE", true), (429, "false", false), (503, " false ", false),
            (529, "False", false), (404, "maybe", false), (500, "maybe", true),
        ])
    func shouldRetryHeader(status: Int, header: String, retried: Bool) {
        let error = ProviderError(kind: .http(status: status), headers: ["X-Should-Retry": header])
        #expect(Self.isRetry(Self.decide(error)) == retried, "\(status) with x-should-retry: \(header)")
    }

    @Test(
        "network failures and stream errors",
        arguments: [
            (ProviderError.Kind.connectionFailed, true), (.timeout, true),
            (.streamError(type: "overloaded_error", afterContent: false), true),
            (.streamError(type: "overloaded_error", afterContent: true), false),
            (.streamError(type: "invalid_request_error", afterContent: false), false),
        ])
    func kinds(kind: ProviderError.Kind, retried: Bool) {
        #expect(Self.isRetry(Self.decide(ProviderError(kind: kind))) == retried, "\(kind)")
    }

    @Test("budget refusals, cancellation and unknown errors are never retried")
    func neverRetried() {
        let refusal = BudgetExceededError(
            cap: .run, spent: .zero, reserved: .zero, limit: .zero, estimate: MicroDollars(1))
        #expect(!Self.isRetry(Self.decide(refusal)))
        #expect(!Self.isRetry(Self.decide(CancellationError())))
        #expect(!Self.isRetry(Self.decide(URLError(.badURL))))
    }

    @Test("at most maxRetries retries")
    func retryLimit() {
        let overloaded = ProviderError(kind: .http(status: 529))
        #expect(Self.isRetry(Self.decide(overloaded, retriesSoFar: 2)))
        #expect(!Self.isRetry(Self.decide(overloaded, retriesSoFar: 3)))
    }

    @Test(
        "advised waits from every header form",
        arguments: [
            (["retry-after-ms": "1500"], Duration.milliseconds(1_500)),
            (["retry-after-ms": "250.5", "retry-after": "30"], .microseconds(250_500)),
            (["retry-after-ms": "soon", "retry-after": "7"], .seconds(7)),
            (["Retry-After": "2.5"], .milliseconds(2_500)),
            (["retry-after": "Tue, 14 Nov 2023 22:13:50 GMT"], .seconds(30)),
            (["retry-after": "Tuesday, 14-Nov-23 22:13:45 GMT"], .seconds(25)),
            (["retry-after": "Tue Nov 14 22:13:40 2023"], .seconds(20)),
        ])
    func advisedWaits(headers: [String: String], wait: Duration) {
        let error = ProviderError(kind: .http(status: 429), headers: headers)
        #expect(Self.decide(error) == .retry(wait: wait, advised: true), "\(headers)")
    }

    @Test(
        "unusable or past advice falls back to backoff",
        arguments: [
            ["retry-after": "Mon, 13 Nov 2023 00:00:00 GMT"], ["retry-after": "-5"], ["retry-after": "tomorrow"],
            ["retry-after-ms": "0"], [:],
        ])
    func backoffWhenNoAdvice(headers: [String: String]) {
        let error = ProviderError(kind: .http(status: 503), headers: headers)
        #expect(Self.decide(error) == .retry(wait: .milliseconds(500), advised: false), "\(headers)")
    }

    @Test("advice beyond the bound fails fast with the advised wait")
    func advisedWaitTooLong() {
        let error = ProviderError(kind: .http(status: 429), headers: ["retry-after": "120"])
        #expect(Self.decide(error) == .failFast(advisedWait: .seconds(120)))
        let bounded = RetryPolicy(maxAdvisedWait: .seconds(300))
        #expect(
            bounded.decide(after: error, retriesSoFar: 0, now: Self.now, random: 0)
                == .retry(wait: .seconds(120), advised: true))
    }

    @Test(
        "enormous advice is read as the longest wait and fails fast, without overflowing a Duration",
        arguments: [
            ["retry-after": "1e300"], ["retry-after-ms": "1e30"], ["retry-after": "9223372036854775807"],
            ["retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"],
        ])
    func enormousAdvice(headers: [String: String]) {
        let error = ProviderError(kind: .http(status: 429), headers: headers)
        #expect(error.advisedWait(now: Self.now) == ProviderError.longestAdvisedWait, "\(headers)")
        #expect(Self.decide(error) == .failFast(advisedWait: ProviderError.longestAdvisedWait))
    }

    @Test(
        "exponential backoff with jitter and a cap",
        arguments: [
            (0, 0.0, Duration.milliseconds(500)), (1, 0.0, .seconds(1)), (2, 0.0, .seconds(2)), (3, 0.0, .seconds(4)),
            (4, 0.0, .seconds(8)), (9, 0.0, .seconds(8)), (0, 0.999_999, .milliseconds(375)),
            (3, 0.5, .milliseconds(3_500)),
        ])
    func backoff(retries: Int, random: Double, expected: Duration) {
        #expect(Self.policy.backoff(retriesSoFar: retries, random: random) == expected)
    }
}
