import Foundation
import Testing

/// Runs `cachectl` with one folder unwritable for it, which takes more than permission bits when the tests
/// run as root (root writes anyway): then the folder is bind-mounted read-only over itself in a private
/// mount namespace (`unshare -m`), so that even root gets `EROFS`. A normal user gets mode 0555 instead.
enum UnwritableFolder {
    /// Whether this machine can make a folder unwritable for a child process.
    static let isAvailable: Bool = {
        guard getuid() == 0 else { return true }
        guard let probe = try? Scratch() else { return false }
        let result = try? runBlocking(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            [
                "-m", "sh", "-c", #"mount --bind -o ro "$0" "$0" && ! touch "$0/probe" 2>/dev/null"#,
                probe.directory.path,
            ])
        return result?.status == 0 && !FileManager.default.fileExists(atPath: probe.path("probe"))
    }()

    static let skipReason: Comment =
        "running as root without `unshare -m` and `mount --bind` (CAP_SYS_ADMIN): no way to make a folder unwritable"

    /// Runs `cachectl arguments` while `folder` cannot be written by it.
    static func run(_ arguments: [String], unwritable folder: String) async throws -> Cachectl.Result {
        try await Cachectl.offPool {
            guard getuid() == 0 else {
                try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
                defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
                return try runBlocking(Cachectl.executable, arguments)
            }
            return try runBlocking(
                URL(fileURLWithPath: "/usr/bin/unshare"),
                ["-m", "sh", "-c", #"mount --bind -o ro "$0" "$0" && exec "$@""#, folder, Cachectl.executable.path]
                    + arguments)
        }
    }

    static func runBlocking(_ executable: URL, _ arguments: [String]) throws -> Cachectl.Result {
        try Cachectl.runBlocking(executable, arguments, environment: [:])
    }
}
