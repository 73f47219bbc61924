import CacheStorage
import Foundation
import LLMCore
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("8 tasks × 1,000 mixed operations lose no write")
    func mixedOperations() async throws {
        let database = try TestDatabase()
        let store = try database.open { $0.flushThreshold = 64 }
        let tasks = 8
        let operations = 1000
        let hits = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var hits = 0
                    var stored: [Int] = []
                    for step in 0..<operations {
                        let number = task * 1_000_000 + step
                        switch step % 4 {
                        case 0, 1:
                            try await store.insert(entry(number, namespace: "t\(task)", bytes: 32))
                            stored.append(number)
                        case 2:
                            guard let previous = stored.randomElement() else { continue }
                            let found = try await store.lookup(namespace: "t\(task)", key: key(previous))
                            guard found.entry != nil else { throw EmptyPurgeSelectorError() }
                            hits += 1
                        default:
                            try await store.increment(layer: "exact", [CounterName.hits: 1])
                        }
                    }
                    return hits
                }
            }
            return try await group.reduce(0, +)
        }
        try await store.close()

        let reopened = try database.open()
        let stats = try await reopened.statistics()
        #expect(stats.entries == tasks * operations / 2)
        #expect(stats.namespaces == tasks)
        #expect(stats.layers["exact"]?.hits == Int64(tasks * operations / 4))
        let totalHits = try await reopened.list(limit: 100_000).reduce(0) { $0 + $1.hitCount }
        #expect(totalHits == hits)
        for task in 0..<tasks {
            for step in stride(from: 0, to: operations, by: 4) {
                #expect(
                    try await reopened.lookup(namespace: "t\(task)", key: key(task * 1_000_000 + step)).entry != nil)
            }
        }
    }
}
