import CacheStorage
import Foundation

/// Whether SQLite's file locks can be trusted where a database lives.
///
/// SQLite serialises writers with POSIX advisory locks, which network file systems do not carry reliably
/// between machines (SQLite's own documentation warns against it), so budgets held in such a file could be
/// passed by processes on two hosts. Local file systems, `tmpfs` and overlay file systems are fine.
public enum FileSystemLocking {
    /// Mount types whose locks do not reliably reach other machines.
    static let networkTypes: Set<String> = [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "lustre", "gpfs", "ceph", "glusterfs", "fuse.sshfs",
        "fuse.glusterfs", "fuse.s3fs", "fuse.rclone",
    ]

    /// The mount type of the network file system that holds `path` (or the folder it would be created in),
    /// or `nil` when it is local or cannot be told (no `/proc/mounts`).
    public static func networkFileSystem(holding path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        var target = URL(fileURLWithPath: path).standardizedFileURL
        if !FileManager.default.fileExists(atPath: target.path) { target.deleteLastPathComponent() }
        let resolved = target.resolvingSymlinksInPath().path
        guard let type = mountType(of: resolved, mounts: mounts), networkTypes.contains(type) else { return nil }
        return type
    }

    /// The type of the mount that holds the absolute path `path`, read from `mounts` (the format of
    /// `/proc/mounts`: device, mount point with `\040`-style escapes, type, …); the longest matching mount
    /// point wins.
    package static func mountType(of path: String, mounts: String) -> String? {
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = unescape(fields[1])
            let inside = point == "/" || path == point || path.hasPrefix(point.hasSuffix("/") ? point : point + "/")
            if inside, point.count >= (best?.point.count ?? 0) { best = (point, String(fields[2])) }
        }
        return best?.type
    }

    /// A mount point with its octal escapes (`\040` for a space) decoded.
    private static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var rest = Array(field.utf8)[...]
        while let byte = rest.first {
            if byte == UInt8(ascii: "\\"), rest.count >= 4,
                let value = UInt8(String(decoding: rest.dropFirst().prefix(3), as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                rest = rest.dropFirst(4)
            } else {
                bytes.append(byte)
                rest = rest.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
