import CSQLite
import Foundation

/// Opens a cache database safely: creates it with mode 0600 when asked, recognises foreign and newer files
/// before writing a single byte, then switches to WAL and applies forward migrations.
enum DatabaseOpener {
    static func open(path: String, options: CacheStoreOptions) throws -> SQLiteConnection {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) {
            guard options.createIfMissing, !options.readOnly else { throw CacheStoreError.databaseNotFound(path: path) }
            try createFile(at: path)
        }
        let connection = try SQLiteConnection(path: path, readOnly: options.readOnly)
        sqlite3_busy_timeout(connection.handle, Int32(clamping: options.busyTimeout.milliseconds))
        try connection.execute("PRAGMA foreign_keys=ON")

        let applicationID: Int64
        let version: Int
        let tableCount: Int64
        do {
            applicationID = try scalar(connection, "PRAGMA application_id")
            version = Int(try scalar(connection, "PRAGMA user_version"))
            tableCount = try scalar(connection, "SELECT count(*) FROM sqlite_master")
        } catch CacheStoreError.sqlite(_, let code, _) where CacheStoreError.isNotADatabase(code) {
            throw CacheStoreError.notADatabase(path: path)
        }
        let isFresh = applicationID == 0 && version == 0 && tableCount == 0
        guard isFresh || applicationID == Schema.applicationID else {
            throw CacheStoreError.foreignDatabase(path: path)
        }
        guard version <= Schema.currentVersion else {
            throw CacheStoreError.newerSchema(path: path, found: version, supported: Schema.currentVersion)
        }
        if options.readOnly {
            guard !isFresh else { throw CacheStoreError.databaseNotFound(path: path) }
            return connection
        }
        if connection.isReadOnly { throw CacheStoreError.readOnly(path: path) }
        do {
            try connection.execute("PRAGMA journal_mode=WAL")
            try connection.execute("PRAGMA synchronous=\(options.fullSync ? "FULL" : "NORMAL")")
            try migrate(connection, from: version)
        } catch CacheStoreError.sqlite(_, let code, _) where CacheStoreError.isReadOnly(code) {
            throw CacheStoreError.readOnly(path: path)
        }
        return connection
    }

    private static func createFile(at path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return }
            if errno == EACCES || errno == EROFS { throw CacheStoreError.readOnly(path: path) }
            throw CacheStoreError.sqlite(
                path: path, code: SQLITE_CANTOPEN,
                message: "cannot create the file: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    private static func migrate(_ connection: SQLiteConnection, from version: Int) throws {
        guard version < Schema.currentVersion else { return }
        try connection.transaction {
            for index in version..<Schema.currentVersion {
                try connection.execute(Schema.migrations[index])
            }
            try connection.execute("PRAGMA application_id=\(Schema.applicationID)")
            try connection.execute("PRAGMA user_version=\(Schema.currentVersion)")
        }
    }

    static func scalar(_ connection: SQLiteConnection, _ sql: String) throws -> Int64 {
        let statement = try connection.prepare(sql)
        guard try statement.step() else { return 0 }
        let value = statement.int64(0)
        statement.reset()
        return value
    }
}
