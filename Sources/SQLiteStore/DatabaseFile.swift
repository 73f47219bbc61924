import CacheStorage
import Foundation

/// What is on disk at a database path, looked at before SQLite opens it: whether it is a file, its size, its
/// write-ahead log and shared-memory index, and the journal mode its header records.
struct DatabaseFile {
    /// The database path.
    let path: String
    /// Whether something exists at the path.
    let exists: Bool
    /// Whether the path names a directory.
    let isDirectory: Bool
    /// Whether the path names a regular file (or a link to one).
    let isRegularFile: Bool
    /// The main file's size in bytes.
    let size: Int64
    /// The size of `path-wal`, or `nil` when there is none.
    let walSize: Int64?
    /// Whether `path-shm` exists.
    let hasSharedMemory: Bool
    /// Whether the header says the database is in WAL mode (file format versions 2).
    let isWALMode: Bool

    /// The bytes of a WAL file's header; a log no longer than this holds no frames.
    static let walHeaderBytes: Int64 = 32

    /// Looks at `path` without opening it with SQLite.
    init(path: String) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else {
            (exists, isDirectory, isRegularFile, size) = (false, false, false, 0)
            (walSize, hasSharedMemory, isWALMode) = (nil, false, false)
            return
        }
        exists = true
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        isRegularFile = info.st_mode & S_IFMT == S_IFREG
        size = Int64(info.st_size)
        var wal = stat()
        walSize = stat(path + "-wal", &wal) == 0 ? Int64(wal.st_size) : nil
        var shm = stat()
        hasSharedMemory = stat(path + "-shm", &shm) == 0
        isWALMode = isRegularFile && Self.headerSaysWAL(path)
    }

    /// Whether the write-ahead log holds frames (changes that may not be in the main file yet).
    var walHasFrames: Bool { (walSize ?? 0) > Self.walHeaderBytes }

    /// Whether the main file holds every page of the database (no frames in a write-ahead log).
    var isSelfContained: Bool { !walHasFrames }

    /// Whether the folder holding the file can be written (to create `-wal` and `-shm` files).
    var directoryIsWritable: Bool {
        let directory = (path as NSString).deletingLastPathComponent
        return access(directory.isEmpty ? "." : directory, W_OK) == 0
    }

    /// Bytes 18 and 19 of an SQLite header: the write and read format versions, 2 for WAL.
    private static func headerSaysWAL(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100 else { return false }
        let magic = Data("SQLite format 3\u{0}".utf8)
        return header.prefix(16) == magic && header[18] == 2 && header[19] == 2
    }
}
