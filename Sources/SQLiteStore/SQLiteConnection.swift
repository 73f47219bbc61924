import CSQLite
import CacheStorage
import Foundation

/// One SQLite connection with a cache of prepared statements.
///
/// Not thread-safe by itself: it is owned by exactly one actor (``SQLiteStore``), which serialises every use.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String
    private var statements: [String: SQLiteStatement] = [:]
    private var isClosed = false

    /// Opens `path` in `mode` (through a `file:` URI, so that read-only modes create nothing SQLite does not
    /// need). The file must exist; creating it (with mode 0600) is the caller's job.
    init(path: String, mode: SQLiteOpenMode) throws {
        var db: OpaquePointer?
        let access = mode == .readWrite ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY
        let flags = access | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(Self.uri(path: path, mode: mode), &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteStoreError.sqlite(path: path, code: code, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    /// `file:PATH?QUERY`, with every byte of the path outside `[A-Za-z0-9/._~-]` percent-encoded.
    static func uri(path: String, mode: SQLiteOpenMode) -> String {
        var encoded = "file:"
        for (index, byte) in path.utf8.enumerated() {
            // `file://` would start an authority: a second leading slash is written encoded.
            let isSecondLeadingSlash = index == 1 && byte == UInt8(ascii: "/") && path.utf8.first == byte
            switch byte {
            case _ where isSecondLeadingSlash:
                encoded += "%2F"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "-"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded + "?" + mode.uriQuery
    }

    deinit { close() }

    /// Finalizes every statement and closes the file; the last connection to a WAL database checkpoints it
    /// and removes its `-wal` and `-shm` files. Later calls fail with `SQLITE_MISUSE`.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for statement in statements.values { statement.finalize() }
        statements = [:]
        sqlite3_close_v2(handle)
    }

    /// Whether SQLite opened the file read-only (asked for, or because the file is write-protected).
    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        try ensureOpen()
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteStoreError.sqlite(path: path, code: code, message: message)
        }
    }

    /// A prepared statement for `sql`, reused across calls and reset before it is handed out.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        try ensureOpen()
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteStoreError.sqlite(path: path, code: code, message: String(cString: sqlite3_errmsg(handle)))
        }
        let wrapped = SQLiteStatement(handle: statement, connection: self)
        statements[sql] = wrapped
        return wrapped
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none of it.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func ensureOpen() throws {
        if isClosed { throw SQLiteStoreError.closed(path: path) }
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    func error(code: Int32) -> SQLiteStoreError {
        .sqlite(path: path, code: code, message: String(cString: sqlite3_errmsg(handle)))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
