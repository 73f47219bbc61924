import CacheStorage
import Foundation
import SQLiteStore
import Testing

@Suite("cachectl on read-only folders and odd database paths")
struct DatabasePathTests {
    static let key = String(repeating: "ab", count: 32)

    /// A database with one entry, closed (so no -wal or -shm is left).
    func makeDatabase(_ path: String) async throws {
        let store = try SQLiteStore(path: path)
        try await store.insert(
            NewCacheEntry(
                namespace: "ns", key: Self.key, provider: "anthropic", model: "claude-haiku-4-5", ttl: nil,
                response: Data("{}".utf8)))
        try await store.close()
    }

    /// Copies a database with its live -wal (and -shm when asked) while a writer holds it open, as a crashed
    /// writer leaves it: the entry is only in the -wal.
    func copyLive(into folder: Scratch, withIndex: Bool) async throws -> String {
        let source = try Scratch()
        let path = source.path("cache.sqlite")
        let writer = try SQLiteStore(path: path)
        try await writer.insert(
            NewCacheEntry(
                namespace: "ns", key: Self.key, provider: "anthropic", model: "claude-haiku-4-5", ttl: nil,
                response: Data("{}".utf8)))
        let target = folder.path("cache.sqlite")
        for suffix in withIndex ? ["", "-wal", "-shm"] : ["", "-wal"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: target + suffix)
        }
        try await writer.close()
        return target
    }

    func listing(_ scratch: Scratch) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path).sorted()
    }

    @Test("stats, list and show leave no -wal or -shm behind")
    func readersCreateNothing() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        try await makeDatabase(db)
        for command in [["stats"], ["list"], ["show", String(Self.key.prefix(8))]] {
            let result = try await Cachectl.run(command + ["--db", db])
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        #expect(try listing(scratch) == ["cache.sqlite"])
    }

    @Test(
        "stats, list and show work on a database in a folder the user cannot write",
        .enabled(if: UnwritableFolder.isAvailable, UnwritableFolder.skipReason))
    func unwritableFolder() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        try await makeDatabase(db)
        let stats = try await UnwritableFolder.run(["stats", "--db", db, "--json"], unwritable: scratch.directory.path)
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains(#""entries" : 1"#) || stats.stdout.contains(#""entries":1"#), "\(stats.stdout)")
        let list = try await UnwritableFolder.run(["list", "--db", db], unwritable: scratch.directory.path)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains(String(Self.key.prefix(8))))
        let show = try await UnwritableFolder.run(
            ["show", String(Self.key.prefix(8)), "--db", db], unwritable: scratch.directory.path)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(try listing(scratch) == ["cache.sqlite"])
        // A writer there is refused with the folder named, not an SQLite code.
        let purge = try await UnwritableFolder.run(["purge", "--all", "--db", db], unwritable: scratch.directory.path)
        #expect(purge.status != 0)
        #expect(purge.stderr.contains("read-only"), "\(purge.stderr)")
    }

    @Test(
        "a WAL database with its -wal and -shm is read in a folder the user cannot write",
        .enabled(if: UnwritableFolder.isAvailable, UnwritableFolder.skipReason))
    func unwritableFolderWithLog() async throws {
        let scratch = try Scratch()
        let db = try await copyLive(into: scratch, withIndex: true)
        let stats = try await UnwritableFolder.run(["list", "--db", db], unwritable: scratch.directory.path)
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains(String(Self.key.prefix(8))), "the entry only in the -wal is seen")
    }

    @Test(
        "a -wal with changes but no -shm, in a folder the user cannot write, gets a message that says so",
        .enabled(if: UnwritableFolder.isAvailable, UnwritableFolder.skipReason))
    func unwritableFolderLogWithoutIndex() async throws {
        let scratch = try Scratch()
        let db = try await copyLive(into: scratch, withIndex: false)
        let stats = try await UnwritableFolder.run(["stats", "--db", db], unwritable: scratch.directory.path)
        #expect(stats.status == 1)
        #expect(stats.stderr.contains("write-ahead log"), "\(stats.stderr)")
        #expect(stats.stderr.contains("folder is not writable"), "\(stats.stderr)")
        #expect(!stats.stderr.contains("SQLite error"))
        #expect(try listing(scratch) == ["cache.sqlite", "cache.sqlite-wal"])
    }

    @Test("--db naming a directory says it is a directory")
    func directory() async throws {
        let scratch = try Scratch()
        for command in [["stats"], ["list"], ["purge", "--all"]] {
            let result = try await Cachectl.run(command + ["--db", scratch.directory.path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("is a directory"), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("disk I/O error"))
        }
        #expect(try listing(scratch) == [])
    }

    @Test("a 0-byte file is refused by every command that does not create a cache, and stays empty")
    func emptyFile() async throws {
        let scratch = try Scratch()
        let db = scratch.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: db, contents: Data()))
        for command in [
            ["stats"], ["list"], ["show", "abcdabcd"], ["purge", "--all"], ["purge", "--all", "--dry-run"],
        ] {
            let result = try await Cachectl.run(command + ["--db", db])
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("empty file (0 bytes)"), "\(command): \(result.stderr)")
        }
        let size = try FileManager.default.attributesOfItem(atPath: db)[.size] as? NSNumber
        #expect(size?.intValue == 0)
        #expect(try listing(scratch) == ["empty.sqlite"])
    }

    @Test("garbage appended to the database file is found and reported with its size")
    func trailingGarbage() async throws {
        let scratch = try Scratch()
        let db = scratch.path("cache.sqlite")
        try await makeDatabase(db)
        let handle = try #require(FileHandle(forWritingAtPath: db))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x7A, count: 777))
        try handle.close()
        for command in [["stats"], ["purge", "--all"]] {
            let result = try await Cachectl.run(command + ["--db", db])
            #expect(result.status == 1, "\(command)")
            #expect(
                result.stderr.contains("the file has 777 bytes after the database's last page"),
                "\(command): \(result.stderr)")
        }
    }
}
