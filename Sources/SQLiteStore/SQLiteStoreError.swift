import CSQLite
import CacheStorage
import Foundation

/// What went wrong opening or using a cache database, said so that a user knows what to do.
public enum SQLiteStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file does not exist and the caller asked not to create it.
    case databaseNotFound(path: String)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The path names a directory, not a database file.
    case isADirectory(path: String)
    /// The file is empty (0 bytes) and the caller did not ask for a new database.
    case emptyFile(path: String)
    /// The file has bytes after the database's last page: damaged, or something else was written to it.
    case trailingBytes(path: String, count: Int64)
    /// A read-only open cannot read the database without creating files next to it, and cannot create them.
    case cannotReadInPlace(path: String, reason: String)
    /// The file is an SQLite database that LLMCache did not create.
    case foreignDatabase(path: String)
    /// The database was written by a newer LLMCache; it is left untouched.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The database (or its folder) cannot be written.
    case readOnly(path: String)
    /// The store was closed.
    case closed(path: String)
    /// Any other SQLite failure, with its code and message.
    case sqlite(path: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .databaseNotFound(let path):
            "no cache database at \(path); check --db (or LLMCACHE_DB), or run a command that writes to create it"
        case .notADatabase(let path):
            "\(path) is not an SQLite database; point --db at an LLMCache database file or at a new path"
        case .isADirectory(let path):
            "\(path) is a directory, not a cache database file; point --db at a file inside it, "
                + "e.g. \((path as NSString).appendingPathComponent("cache.sqlite"))"
        case .emptyFile(let path):
            "\(path) is an empty file (0 bytes), not a cache database; refusing to turn it into one. Point --db "
                + "at an LLMCache database, or remove the file (or use a new path) to create a new cache"
        case .trailingBytes(let path, let count):
            "\(path): the file has \(count) bytes after the database's last page; it may be damaged or not only a "
                + "database. It was left untouched"
        case .cannotReadInPlace(let path, let reason):
            "cannot read \(path) read-only: \(reason)"
        case .foreignDatabase(let path):
            "\(path) is an SQLite database that LLMCache did not create; refusing to change it. Use a new path"
        case .newerSchema(let path, let found, let supported):
            "\(path) has schema version \(found), newer than this LLMCache supports (\(supported)); "
                + "it was left untouched. Upgrade LLMCache to use it"
        case .readOnly(let path):
            "\(path) is read-only (or its folder is); give write permission to the file and its folder, "
                + "or use a writable --db path"
        case .closed(let path):
            "the cache store for \(path) is closed"
        case .sqlite(let path, let code, let message):
            "SQLite error \(code) on \(path): \(message)"
        }
    }

    /// Whether the SQLite code means "not a database" (including a file SQLite cannot read as one).
    static func isNotADatabase(_ code: Int32) -> Bool {
        code & 0xFF == SQLITE_NOTADB
    }

    /// Whether the SQLite code means a write was refused because the file is read-only.
    static func isReadOnly(_ code: Int32) -> Bool {
        code & 0xFF == SQLITE_READONLY || code & 0xFF == SQLITE_CANTOPEN
    }
}

extension SQLiteStoreError: CacheStorageFailure {}
