import Foundation
import LLMCore
import Synchronization

/// The simulator's mutable state: counts, queued faults, the id sequence.
final class SimulatorState: Sendable {
    private struct Values {
        var statistics = SimulatorStatistics()
        var faults: [SimulatedFault] = []
        var sequence = 0
        var lastBodies: [String: JSONValue] = [:]
        var lastHeaders: [String: [String: String]] = [:]
    }

    private let values: Mutex<Values>

    init(faults: [SimulatedFault]) {
        values = Mutex(Values(faults: faults))
    }

    /// Counts a request on `route` and returns its sequence number.
    func countRequest(_ route: String) -> Int {
        values.withLock { values in
            values.statistics.requestsByRoute[route, default: 0] += 1
            values.sequence += 1
            return values.sequence
        }
    }

    /// The next queued fault, if any.
    func takeQueuedFault() -> SimulatedFault? {
        values.withLock { values in values.faults.isEmpty ? nil : values.faults.removeFirst() }
    }

    /// Queues more faults.
    func enqueue(_ faults: [SimulatedFault]) { values.withLock { $0.faults += faults } }

    /// Counts a fault produced.
    func countFault(_ fault: SimulatedFault) {
        values.withLock { $0.statistics.faultsInjected[Self.faultName(fault), default: 0] += 1 }
    }

    /// Records an answer.
    func record(_ call: SimulatedCall) {
        values.withLock { values in
            values.statistics.recentCalls.append(call)
            let excess = values.statistics.recentCalls.count - SimulatorStatistics.recentLimit
            if excess > 0 { values.statistics.recentCalls.removeFirst(excess) }
        }
    }

    /// Keeps the last request body of `route` (bodies carry no keys: those travel in headers).
    func rememberBody(_ body: JSONValue, route: String) { values.withLock { $0.lastBodies[route] = body } }

    /// Keeps the last request's headers of `route` (names lowercased), without its key.
    func rememberHeaders(_ headers: [String: String], route: String) {
        values.withLock { $0.lastHeaders[route] = headers }
    }

    /// The last request's headers received on `route`.
    func lastHeaders(route: String) -> [String: String]? { values.withLock { $0.lastHeaders[route] } }

    /// The last request body received on `route`.
    func lastBody(route: String) -> JSONValue? { values.withLock { $0.lastBodies[route] } }

    /// A copy of the statistics.
    var statistics: SimulatorStatistics { values.withLock { $0.statistics } }

    /// Forgets counts and recent calls.
    func resetStatistics() { values.withLock { $0.statistics = SimulatorStatistics() } }

    private static func faultName(_ fault: SimulatedFault) -> String {
        switch fault {
        case .rateLimited: return "429"
        case .slowFirstByte: return "slow-first-byte"
        default: return fault.description
        }
    }
}
