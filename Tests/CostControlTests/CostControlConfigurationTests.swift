import CostControl
import Foundation
import LLMCore
import Testing

@Suite("Budget limits and retry policy initialisers")
struct CostControlConfigurationTests {
    @Test("budget limits: no caps by default, and each parameter lands in its property")
    func budgetLimits() {
        let defaults = BudgetLimits()
        #expect(defaults.runCap == nil)
        #expect(defaults.dailyCap == nil)
        #expect(defaults.perRequestMax == nil)
        #expect(defaults.dayTimeZone == TimeZone(identifier: "UTC"))
        #expect(defaults.killSwitchFile == nil)
        #expect(defaults.sharedRunName == nil)
        let file = URL(fileURLWithPath: "/tmp/stop")
        let limits = BudgetLimits(
            runCap: .dollars(1), dailyCap: .dollars(5), perRequestMax: .cents(50),
            dayTimeZone: TimeZone(identifier: "Europe/Zurich") ?? .current, killSwitchFile: file,
            sharedRunName: "nightly")
        #expect(limits.runCap == .dollars(1))
        #expect(limits.dailyCap == .dollars(5))
        #expect(limits.perRequestMax == .cents(50))
        #expect(limits.killSwitchFile == file)
        #expect(limits.sharedRunName == "nightly")
    }

    @Test("retry policy: the defaults are the documented ones, and each parameter lands in its property")
    func retryPolicy() {
        let defaults = RetryPolicy()
        #expect(defaults.maxRetries == 3)
        #expect(defaults.initialBackoff == .milliseconds(500))
        #expect(defaults.maxBackoff == .seconds(8))
        #expect(defaults.jitter == 0.25)
        #expect(defaults.maxAdvisedWait == .seconds(60))
        let policy = RetryPolicy(
            maxRetries: 1, initialBackoff: .seconds(1), maxBackoff: .seconds(2), jitter: 0, maxAdvisedWait: .seconds(3))
        #expect(policy.maxRetries == 1)
        #expect(policy.initialBackoff == .seconds(1))
        #expect(policy.maxBackoff == .seconds(2))
        #expect(policy.jitter == 0)
        #expect(policy.maxAdvisedWait == .seconds(3))
        #expect(RetryPolicy(maxRetries: 5) == RetryPolicy(maxRetries: 5, maxAdvisedWait: .seconds(60)))
    }

    @Test("a backoff from durations beyond 64-bit milliseconds saturates instead of trapping")
    func hugeBackoff() {
        let policy = RetryPolicy(initialBackoff: .seconds(Int64.max), maxBackoff: .seconds(Int64.max), jitter: 0)
        #expect(policy.backoff(retriesSoFar: 60, random: 0) == .milliseconds(Int64.max))
        let huge = RetryPolicy(initialBackoff: Duration(attoseconds: .max), maxBackoff: Duration(attoseconds: .max))
        #expect(huge.backoff(retriesSoFar: 3, random: 0.5) == .milliseconds(Int64.max))
    }
}
