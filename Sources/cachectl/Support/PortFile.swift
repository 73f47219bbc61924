import ArgumentParser
import Foundation

/// Writes the bound port to the file a `--port-file` option names.
///
/// A regular file (or a missing one) is replaced atomically, so a reader never sees half a number. Anything
/// else (`/dev/null`, a FIFO a script reads) is written in place: an atomic replace would swap the device
/// or FIFO itself for a regular file, which run as root breaks `/dev/null` for the whole machine.
enum PortFile {
    static func write(_ port: Int, to path: String) throws {
        let text = String(port)
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            throw ValidationError("--port-file \(path) is a directory; name a file")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("--port-file \(path) cannot be opened for writing")
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
    }
}
