import CacheStorage
import Logging

/// Keeps a ``SemanticIndex`` in step with its store: loads it, and applies every change the store reports
/// (removals here, and insertions and removals by other instances of a shared store).
struct IndexFollower: Sendable {
    let index: SemanticIndex
    let store: any CacheStorage
    let logger: Logger

    /// Vectors read per page when loading.
    static let pageSize = 4096

    /// Adds every stored vector of a live entry to the index; large scopes are partitioned once, after.
    func load() async throws {
        try await index.deferringPartitions {
            var last: Int64 = 0
            while true {
                let page = try await store.vectors(after: last, limit: Self.pageSize)
                guard let tail = page.last else { break }
                insert(page)
                last = tail.id
            }
        }
    }

    /// Applies one change the store reported.
    func apply(_ change: VectorChange) {
        switch change {
        case .inserted(let rows):
            insert(rows)
        case .removed(let removed):
            index.remove(removed.map { ($0.scope, $0.id) })
        case .reloadNeeded:
            Task {
                do {
                    index.removeAll()
                    try await load()
                    logger.notice("semantic index reloaded", metadata: ["entries": "\(index.count)"])
                } catch {
                    logger.warning("could not reload the semantic index", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    private func insert(_ rows: [VectorRow]) {
        for row in rows {
            do {
                try index.insert(scope: row.scope, id: row.id, vector: row.vector)
            } catch {
                logger.warning(
                    "skipping an unreadable stored vector", metadata: ["id": "\(row.id)", "error": "\(error)"])
            }
        }
    }
}
