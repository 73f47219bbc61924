import CacheStorage
import Foundation
import Logging
import PostgresNIO

/// Follows the change log of the stored vectors for one instance: listens on ``PostgresSchema/channel`` on
/// a connection of its own, and on every notification (and every ``pollInterval``, which also notices a
/// dead connection) reads the changes after the last one it applied and reports them. When the connection
/// drops it reconnects with backoff, then catches up from the log, so no change is missed.
actor ChangeFeed {
    /// How often the log is read without a notification.
    static let pollInterval: Duration = .seconds(2)
    /// Changes read per query.
    static let pageSize: Int64 = 2000

    private let url: PostgresURL
    private let access: DatabaseAccess
    private let logger: Logger
    private let observer: @Sendable (VectorChange) -> Void
    /// The last change reported; `nil` when unknown (the index must be reloaded on connecting).
    private var lastSequence: Int64?
    private var task: Task<Void, Never>?
    private var catchingUp = false
    private var connected = false
    /// The listening connection, closed by ``stop()`` to end the wait for notifications.
    private var connection: PostgresConnection?
    private var catchUpAgain = false

    init(
        url: PostgresURL, access: DatabaseAccess, start: Int64?, logger: Logger,
        observer: @escaping @Sendable (VectorChange) -> Void
    ) {
        self.url = url
        self.access = access
        self.lastSequence = start
        self.logger = logger
        self.observer = observer
    }

    /// The newest change in the log (0 for none).
    static func lastSequence(_ client: PostgresClient) async throws -> Int64 {
        var last: Int64 = 0
        for try await found in try await client.query(
            """
            SELECT greatest(coalesce((SELECT max(seq) FROM llmcache_changes), 0),
                            coalesce((SELECT value::BIGINT FROM llmcache_meta WHERE name = 'changes_pruned_through'), 0))
            """
        ).decode(Int64.self) {
            last = found
        }
        return last
    }

    func start() {
        guard task == nil else { return }
        task = Task { await self.follow() }
    }

    func stop() async {
        task?.cancel()
        try? await connection?.close()
        await task?.value
        task = nil
    }

    private func follow() async {
        var backoff: Duration = .milliseconds(100)
        while !Task.isCancelled {
            do {
                try await listen()
            } catch {
                if Task.isCancelled { return }
                _ = access.failed("follow changes", error)
                logger.debug("change feed disconnected; reconnecting", metadata: ["error": "\(error)"])
            }
            if connected {
                connected = false
                backoff = .milliseconds(100)
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    /// Connects, listens, catches up, then reads the log on every notification and every ``pollInterval``
    /// until the connection fails.
    private func listen() async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(), id: 1, logger: quietLogger)
        self.connection = connection
        defer { self.connection = nil }
        if Task.isCancelled {
            try? await connection.close()
            return
        }
        do {
            try await connection.listen(on: PostgresSchema.channel) { notifications in
                try await self.caughtUpAfterConnecting(connection)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await _ in notifications { try await self.catchUp(connection) }
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: Self.pollInterval)
                            try await self.catchUp(connection)
                        }
                    }
                    defer { group.cancelAll() }
                    try await group.next()
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// Catches up once the listener is in place (so nothing committed from now on goes unnoticed).
    private func caughtUpAfterConnecting(_ connection: PostgresConnection) async throws {
        try await catchUp(connection)
        connected = true
        access.recovered()
    }

    /// Reads and reports every change after ``lastSequence``. Runs one at a time; a call made while one runs
    /// makes it read once more when done.
    private func catchUp(_ connection: PostgresConnection) async throws {
        if catchingUp {
            catchUpAgain = true
            return
        }
        catchingUp = true
        defer { catchingUp = false }
        repeat {
            catchUpAgain = false
            try await readChanges(connection)
        } while catchUpAgain
    }

    private func readChanges(_ connection: PostgresConnection) async throws {
        let pruned = try await prunedThrough(connection)
        guard let start = lastSequence, start >= pruned else {
            // Away longer than the log keeps changes (or started without a position): reload everything.
            var newest: Int64 = 0
            for try await found in try await connection.query(
                "SELECT coalesce(max(seq), 0) FROM llmcache_changes", logger: quietLogger
            ).decode(Int64.self) {
                newest = found
            }
            lastSequence = max(newest, pruned)
            logger.notice("change log passed this instance by; reloading the semantic index")
            observer(.reloadNeeded)
            return
        }
        var after = start
        while true {
            var inserted: [VectorRow] = []
            var removed: [RemovedVector] = []
            var read: Int64 = 0
            for try await (seq, kind, id, scope, bytes) in try await connection.query(
                """
                SELECT c.seq, c.kind, c.entry_id, c.scope, v.vector FROM llmcache_changes c
                LEFT JOIN llmcache_vectors v ON c.kind = 'insert' AND v.entry_id = c.entry_id AND v.scope = c.scope
                WHERE c.seq > \(after) ORDER BY c.seq LIMIT \(Self.pageSize)
                """, logger: quietLogger
            ).decode((Int64, String, Int64, String, Data?).self) {
                read += 1
                after = seq
                if kind == "delete" {
                    flush(&inserted, &removed, keeping: .removed)
                    removed.append(RemovedVector(id: id, scope: scope))
                } else if let bytes {
                    flush(&inserted, &removed, keeping: .inserted)
                    let vector = StoredVector(scope: scope, prompt: "", bytes: bytes).vector
                    inserted.append(VectorRow(id: id, scope: scope, vector: vector))
                }
            }
            flush(&inserted, &removed, keeping: nil)
            lastSequence = after
            if read < Self.pageSize { return }
        }
    }

    private enum Kind { case inserted, removed }

    /// Reports the batch of the other kind than `keeping` (all, for `nil`), so changes reach the observer in
    /// log order.
    private func flush(_ inserted: inout [VectorRow], _ removed: inout [RemovedVector], keeping: Kind?) {
        if keeping != .inserted, !inserted.isEmpty {
            observer(.inserted(inserted))
            inserted.removeAll()
        }
        if keeping != .removed, !removed.isEmpty {
            observer(.removed(removed))
            removed.removeAll()
        }
    }

    private func prunedThrough(_ connection: PostgresConnection) async throws -> Int64 {
        var pruned: Int64 = 0
        for try await found in try await connection.query(
            "SELECT value::BIGINT FROM llmcache_meta WHERE name = 'changes_pruned_through'", logger: quietLogger
        ).decode(Int64.self) {
            pruned = found
        }
        return pruned
    }

    private var quietLogger: Logger {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .error)
        return quiet
    }
}
