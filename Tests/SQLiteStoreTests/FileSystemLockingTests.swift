import CacheStorage
import Foundation
import SQLiteStore
import Testing

@Suite("Where SQLite's locks hold")
struct FileSystemLockingTests {
    static let mounts = """
        overlay / overlay rw,relatime 0 0
        tmpfs /tmp tmpfs rw 0 0
        server:/export /mnt/shared nfs4 rw,vers=4.2 0 0
        //host/share /mnt/win\\040share cifs rw 0 0
        /dev/sda1 /mnt/shared/local ext4 rw 0 0
        """

    @Test(
        "the longest mount point holding a path gives its type",
        arguments: [
            ("/var/lib/cache.sqlite", "overlay"), ("/tmp/c.sqlite", "tmpfs"), ("/mnt/shared/c.sqlite", "nfs4"),
            ("/mnt/shared/local/c.sqlite", "ext4"), ("/mnt/win share/c.sqlite", "cifs"),
            ("/mnt/sharedother/c.sqlite", "overlay"),
        ])
    func mountTypes(path: String, type: String) {
        #expect(FileSystemLocking.mountType(of: path, mounts: Self.mounts) == type)
    }

    @Test("a database on this machine's temporary folder is on a local file system")
    func localFolder() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("llmcache-\(UUID()).sqlite").path
        #expect(FileSystemLocking.networkFileSystem(holding: path) == nil)
    }
}
