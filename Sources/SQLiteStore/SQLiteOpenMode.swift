import CacheStorage

/// How a ``SQLiteConnection`` opens its file.
enum SQLiteOpenMode: Sendable {
    /// Read and write; the file must exist.
    case readWrite
    /// Read only (`mode=ro`), with the usual locking; SQLite may need to create `-wal` and `-shm` files
    /// for a WAL database whose files are missing.
    case readOnly
    /// Read only and assume nobody changes the file (`immutable=1`): no locks, and nothing is created next
    /// to the file. Only safe when the main file holds every page (no write-ahead log frames).
    case immutable

    /// The query of the `file:` URI.
    var uriQuery: String {
        switch self {
        case .readWrite: "mode=rw"
        case .readOnly: "mode=ro"
        case .immutable: "mode=ro&immutable=1"
        }
    }
}
