import CacheStorage
import Foundation
import LLMCore
import Logging
import PostgresNIO
import Synchronization

/// Runs database operations with a time limit, turns driver errors into ``PostgresStoreError``s, and keeps
/// track of whether the database is reachable: after a connection failure, operations fail at once for
/// ``PostgresStoreOptions/retryInterval`` instead of each waiting for the time limit, then one is let
/// through to try again. Going down is logged once as a warning, coming back once as a notice.
final class DatabaseAccess: Sendable {
    let client: PostgresClient
    let location: String
    let timeout: Duration
    let retryInterval: Duration
    let logger: Logger
    private let state: Mutex<AvailabilityState>

    init(client: PostgresClient, location: String, options: PostgresStoreOptions, logger: Logger) {
        self.client = client
        self.location = location
        self.timeout = .milliseconds(options.operationTimeout.saturatedMilliseconds)
        self.retryInterval = .milliseconds(options.retryInterval.saturatedMilliseconds)
        self.logger = logger
        self.state = Mutex(AvailabilityState())
    }

    /// The store's reachability, for health checks and metrics.
    var availability: StoreAvailability {
        state.withLock {
            StoreAvailability(isAvailable: $0.downSince == nil, failures: $0.failures, lastError: $0.lastError)
        }
    }

    /// Runs `body` against the pool within the time limit.
    ///
    /// - Parameter limit: the time limit, when not the configured one (schema migrations get longer).
    @discardableResult
    func run<T: Sendable>(
        _ what: String, limit: Duration? = nil, _ body: @escaping @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let now = ContinuousClock.now
        let refuse = state.withLock { state -> String? in
            guard state.downSince != nil, let last = state.lastAttempt, now - last < retryInterval else { return nil }
            return state.lastError
        }
        if let refuse { throw PostgresStoreError.unavailable(location: location, reason: refuse) }
        state.withLock { $0.lastAttempt = now }
        do {
            let limit = limit ?? timeout
            // The caller never waits past the limit, even when the driver does not respond to cancellation
            // (a lease waiting for a server that is down).
            let result = try await Deadline.run(limit: limit, timeout: TimedOut(limit: limit)) { [client] in
                try await body(client)
            }
            recovered()
            return result
        } catch {
            throw failed(what, error)
        }
    }

    /// Marks the database reachable again (also called by the change listener when it reconnects).
    func recovered() {
        let wasDown = state.withLock { state -> Bool in
            defer { state.downSince = nil }
            return state.downSince != nil
        }
        if wasDown { logger.notice("PostgreSQL cache reachable again", metadata: ["database": "\(location)"]) }
    }

    /// Maps `error` to a ``PostgresStoreError`` and records a connection failure.
    func failed(_ what: String, _ error: any Error) -> any Error {
        // A cancelled caller says nothing about the database.
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        let mapped = map(error)
        guard case .unavailable(_, let reason) = mapped else { return mapped }
        let wentDown = state.withLock { state -> Bool in
            state.failures += 1
            state.lastError = reason
            state.lastAttempt = .now
            defer { if state.downSince == nil { state.downSince = Date() } }
            return state.downSince == nil
        }
        if wentDown {
            logger.warning(
                "PostgreSQL cache unavailable; calls go on uncached",
                metadata: ["database": "\(location)", "operation": "\(what)", "reason": "\(reason)"])
        }
        return mapped
    }

    /// The store error for a driver error: connection trouble and server shutdown become ``unavailable``.
    func map(_ error: any Error) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return map(inner) }
            return .unavailable(location: location, reason: "the transaction failed")
        }
        if let error = error as? TimedOut {
            return .unavailable(location: location, reason: "no answer within \(error.limit)")
        }
        if let error = error as? PSQLError {
            if error.code == .server, let info = error.serverInfo {
                let state = info[.sqlState] ?? "?"
                let message = info[.message] ?? "no message"
                // Class 08 connection exception, 53 insufficient resources, 57 operator intervention
                // (shutdown, starting up): the server is not usable now.
                if ["08", "53", "57"].contains(String(state.prefix(2))) {
                    return .unavailable(location: location, reason: message)
                }
                return .server(location: location, state: state, message: message)
            }
            return .unavailable(location: location, reason: "\(error.code)")
        }
        return .unavailable(location: location, reason: "\(error)")
    }
}

/// A database operation passed its time limit.
struct TimedOut: Error {
    /// The limit that passed.
    var limit: Duration
}

/// What ``DatabaseAccess`` remembers about reachability.
private struct AvailabilityState {
    var downSince: Date?
    var lastAttempt: ContinuousClock.Instant?
    var failures: Int64 = 0
    var lastError: String?
}
