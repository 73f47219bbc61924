import Synchronization
import Testing

@testable import LLMCore

/// A ``ContinuousClock`` that counts the sleeps in progress, so a test sees every timer left behind.
private struct CountingClock: Clock {
    typealias Duration = Swift.Duration
    typealias Instant = ContinuousClock.Instant

    let sleeping: SleepCounter
    private let base = ContinuousClock()

    var now: Instant { base.now }
    var minimumResolution: Duration { base.minimumResolution }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        sleeping.started()
        defer { sleeping.ended() }
        try await base.sleep(until: deadline, tolerance: tolerance)
    }
}

/// Sleeps in progress and in all.
private final class SleepCounter: Sendable {
    private let counts = Mutex((current: 0, total: 0))

    func started() { counts.withLock { $0 = ($0.current + 1, $0.total + 1) } }
    func ended() { counts.withLock { $0.current -= 1 } }
    var current: Int { counts.withLock { $0.current } }
    var total: Int { counts.withLock { $0.total } }
}

private struct LimitPassed: Error, Equatable {}

/// A wait that ignores cancellation, like a driver lease on a server that is down; `release()` ends it.
private final class Gate: Sendable {
    private let waiter = Mutex<CheckedContinuation<Void, Never>?>(nil)

    func wait() async { await withCheckedContinuation { continuation in waiter.withLock { $0 = continuation } } }
    func release() { waiter.withLock { $0.take() }?.resume() }
}

@Suite("Deadline: the first of the work, the time limit or the caller's cancellation")
struct DeadlineTests {
    @Test("fast work under load leaves no timer sleeping")
    func timersAreCancelled() async throws {
        let sleeping = SleepCounter()
        let clock = CountingClock(sleeping: sleeping)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<500 {
                group.addTask {
                    try await Deadline.run(limit: .seconds(60), clock: clock, timeout: LimitPassed()) {
                        await Task.yield()
                        return index
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<500))
        // Every timer started; each is cancelled as its work finishes (allow the cancelled sleeps to unwind).
        let settled = ContinuousClock.now + .seconds(30)
        while sleeping.current > 0, ContinuousClock.now < settled { try await Task.sleep(for: .milliseconds(10)) }
        #expect(sleeping.current == 0)
        #expect(sleeping.total <= 500)
    }

    @Test("work that ignores cancellation still ends the wait at the limit, and is cancelled")
    func timesOut() async throws {
        let gate = Gate()
        let sawCancel = Mutex(false)
        // Were the caller to wait for the work, only this would end the wait; it must not be what does.
        let watchdogFired = Mutex(false)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(120))
            watchdogFired.withLock { $0 = true }
            gate.release()
        }
        await #expect(throws: LimitPassed()) {
            try await Deadline.run(limit: .milliseconds(100), timeout: LimitPassed()) {
                await gate.wait()
                sawCancel.withLock { $0 = Task.isCancelled }
                return 1
            }
        }
        #expect(!watchdogFired.withLock { $0 }, "the caller stopped waiting while the work still waited")
        watchdog.cancel()
        gate.release()
        let settled = ContinuousClock.now + .seconds(30)
        while !sawCancel.withLock({ $0 }), ContinuousClock.now < settled { try await Task.sleep(for: .milliseconds(5)) }
        #expect(sawCancel.withLock { $0 }, "the work was cancelled when the limit passed")
    }

    @Test("the work's own error reaches the caller")
    func workError() async throws {
        struct Broken: Error, Equatable {}
        await #expect(throws: Broken()) {
            try await Deadline.run(limit: .seconds(60), timeout: LimitPassed()) { () async throws -> Int in
                throw Broken()
            }
        }
    }

    @Test("a cancelled caller stops waiting at once; the work and the timer are cancelled")
    func callerCancelled() async throws {
        let sleeping = SleepCounter()
        let clock = CountingClock(sleeping: sleeping)
        let gate = Gate()
        let waiting = Task {
            try await Deadline.run(limit: .seconds(60), clock: clock, timeout: LimitPassed()) {
                await gate.wait()
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        gate.release()
        let settled = ContinuousClock.now + .seconds(30)
        while sleeping.current > 0, ContinuousClock.now < settled { try await Task.sleep(for: .milliseconds(10)) }
        #expect(sleeping.current == 0)
    }

    @Test("a caller cancelled before it starts gets CancellationError and runs no timer")
    func cancelledBeforeStart() async throws {
        let sleeping = SleepCounter()
        let clock = CountingClock(sleeping: sleeping)
        let waiting = Task {
            while !Task.isCancelled { await Task.yield() }
            return try await Deadline.run(limit: .seconds(60), clock: clock, timeout: LimitPassed()) { 1 }
        }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        try await Task.sleep(for: .milliseconds(50))
        #expect(sleeping.current == 0)
    }
}
