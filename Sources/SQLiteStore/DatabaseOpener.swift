import CSQLite
import CacheStorage
import Foundation
import LLMCore

/// Opens a cache database safely: creates it with mode 0600 when asked, recognises foreign and newer files
/// before writing a single byte, then switches to WAL and applies forward migrations.
enum DatabaseOpener {
    static func open(path: String, options: SQLiteStoreOptions) throws -> SQLiteConnection {
        var file = DatabaseFile(path: path)
        var created = false
        if !file.exists {
            guard options.createIfMissing, !options.readOnly else {
                throw SQLiteStoreError.databaseNotFound(path: path)
            }
            try createFile(at: path)
            file = DatabaseFile(path: path)
            created = true
        }
        if file.isDirectory { throw SQLiteStoreError.isADirectory(path: path) }
        guard file.isRegularFile else { throw SQLiteStoreError.notADatabase(path: path) }
        // A 0-byte file (what `mktemp` or `touch` makes) becomes a database only for a writer allowed to
        // create one; a reader or a command that must not create (purge) refuses it.
        if file.size == 0, file.isSelfContained, !created, options.readOnly || !options.createIfMissing {
            throw SQLiteStoreError.emptyFile(path: path)
        }
        let connection = try connect(file, options: options)
        sqlite3_busy_timeout(connection.handle, Int32(clamping: options.busyTimeout.saturatedMilliseconds))
        try connection.execute("PRAGMA foreign_keys=ON")

        let applicationID: Int64
        let version: Int
        let tableCount: Int64
        do {
            applicationID = try scalar(connection, "PRAGMA application_id")
            version = Int(try scalar(connection, "PRAGMA user_version"))
            tableCount = try scalar(connection, "SELECT count(*) FROM sqlite_master")
        } catch SQLiteStoreError.sqlite(_, let code, let message) {
            throw openFailure(file, code: code, message: message, readOnly: options.readOnly)
        }
        let isFresh = applicationID == 0 && version == 0 && tableCount == 0
        guard isFresh || applicationID == Schema.applicationID else {
            throw SQLiteStoreError.foreignDatabase(path: path)
        }
        guard version <= Schema.currentVersion else {
            throw SQLiteStoreError.newerSchema(path: path, found: version, supported: Schema.currentVersion)
        }
        try checkSize(file, connection)
        if options.readOnly {
            guard !isFresh else { throw SQLiteStoreError.databaseNotFound(path: path) }
            return connection
        }
        // An empty SQLite database that LLMCache did not make is turned into a cache only when asked to create.
        if isFresh, file.size > 0, !created, !options.createIfMissing {
            throw SQLiteStoreError.foreignDatabase(path: path)
        }
        if connection.isReadOnly { throw SQLiteStoreError.readOnly(path: path) }
        do {
            try retryingWhenBusy(for: options.busyTimeout) {
                try connection.execute("PRAGMA journal_mode=WAL")
                try connection.execute("PRAGMA synchronous=\(options.fullSync ? "FULL" : "NORMAL")")
                try migrate(connection)
            }
        } catch SQLiteStoreError.sqlite(_, let code, _) where SQLiteStoreError.isReadOnly(code) {
            throw SQLiteStoreError.readOnly(path: path)
        }
        return connection
    }

    /// Opens the connection. A reader never makes files next to the database it does not need: a WAL
    /// database whose log holds no frames is read as immutable (its main file has every page), one whose
    /// `-wal` and `-shm` exist is read with the usual locks, and one whose log has frames but no `-shm`
    /// needs SQLite to create the `-shm` (refused with a clear message when the folder cannot be written).
    private static func connect(_ file: DatabaseFile, options: SQLiteStoreOptions) throws -> SQLiteConnection {
        guard options.readOnly else { return try SQLiteConnection(path: file.path, mode: .readWrite) }
        let mode: SQLiteOpenMode
        if !file.isWALMode {
            mode = .readOnly
        } else if file.walSize != nil && file.hasSharedMemory {
            mode = .readOnly
        } else if !file.walHasFrames {
            mode = .immutable
        } else if file.directoryIsWritable {
            mode = .readOnly
        } else {
            throw SQLiteStoreError.cannotReadInPlace(path: file.path, reason: walWithoutIndex(file.path))
        }
        do {
            return try SQLiteConnection(path: file.path, mode: mode)
        } catch SQLiteStoreError.sqlite(_, let code, let message) {
            throw openFailure(file, code: code, message: message, readOnly: true)
        }
    }

    /// The clearest error for an SQLite failure while opening `file`.
    private static func openFailure(_ file: DatabaseFile, code: Int32, message: String, readOnly: Bool)
        -> SQLiteStoreError
    {
        if SQLiteStoreError.isNotADatabase(code) { return .notADatabase(path: file.path) }
        let primary = code & 0xFF
        if readOnly, access(file.path, R_OK) != 0 {
            let reason = String(cString: strerror(errno))
            return .cannotReadInPlace(
                path: file.path, reason: "the file cannot be read (\(reason)); check its permissions")
        }
        if readOnly, file.isWALMode, primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY {
            let folder = file.directoryIsWritable ? "" : " Its folder cannot be written."
            if file.walHasFrames, !file.hasSharedMemory, !file.directoryIsWritable {
                return .cannotReadInPlace(path: file.path, reason: walWithoutIndex(file.path))
            }
            return .cannotReadInPlace(
                path: file.path,
                reason: "SQLite could not use its write-ahead log files (\(file.path)-wal, \(file.path)-shm): "
                    + "\(message) (code \(code)).\(folder) Make the files readable, or open the database once "
                    + "with write access to merge its log")
        }
        if !readOnly, SQLiteStoreError.isReadOnly(code) { return .readOnly(path: file.path) }
        return .sqlite(path: file.path, code: code, message: message)
    }

    private static func walWithoutIndex(_ path: String) -> String {
        "its write-ahead log (\(path)-wal) holds changes not yet in the main file, and its index (\(path)-shm) "
            + "is missing and cannot be created because the folder is not writable. Run a writing command (for "
            + "example `cachectl purge --expired`) once as a user who can write the folder to merge the log, or "
            + "copy the database with its -wal file to a writable folder"
    }

    /// Refuses a file with bytes after the database's last page (garbage appended, or a damaged file). Only
    /// checked when the main file holds every page: with frames in the write-ahead log the main file's size
    /// is not the database's size until the next checkpoint.
    private static func checkSize(_ file: DatabaseFile, _ connection: SQLiteConnection) throws {
        guard file.isSelfContained, file.size > 0 else { return }
        let pages = try scalar(connection, "PRAGMA page_count")
        let pageSize = try scalar(connection, "PRAGMA page_size")
        let (expected, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        guard !overflow, expected > 0, file.size > expected else { return }
        throw SQLiteStoreError.trailingBytes(path: file.path, count: file.size - expected)
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
            if errno == EACCES || errno == EROFS { throw SQLiteStoreError.readOnly(path: path) }
            throw SQLiteStoreError.sqlite(
                path: path, code: SQLITE_CANTOPEN,
                message: "cannot create the file: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    /// Runs `body` again while it fails with `SQLITE_BUSY`, for up to `timeout`. Two processes switching a
    /// new file to WAL at once can deadlock on the file's lock, and SQLite then answers one of them busy at
    /// once instead of calling the busy handler; waiting and trying again resolves it.
    private static func retryingWhenBusy(for timeout: Duration, _ body: () throws -> Void) throws {
        let deadline = ContinuousClock.now + .milliseconds(max(timeout.saturatedMilliseconds, 0))
        while true {
            do {
                return try body()
            } catch let error as SQLiteStoreError {
                guard case .sqlite(_, let code, _) = error, code & 0xFF == SQLITE_BUSY, ContinuousClock.now < deadline
                else { throw error }
                usleep(UInt32.random(in: 5_000...20_000))
            }
        }
    }

    /// Applies the missing migrations. The version is read again under the write lock, so that two
    /// processes opening one file at once never apply a migration twice.
    private static func migrate(_ connection: SQLiteConnection) throws {
        guard Int(try scalar(connection, "PRAGMA user_version")) < Schema.currentVersion else { return }
        try connection.transaction {
            let version = Int(try scalar(connection, "PRAGMA user_version"))
            guard version < Schema.currentVersion else { return }
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
