import CourseBridgeData
import Foundation

/// The fsync of ingestion's commits, made beside the writer rather than inside its commit.
///
/// With `synchronous = FULL` SQLite syncs the WAL inside each COMMIT, and the one writer thread waited ~0.5 ms per
/// group doing nothing (about 0.3 of its time under batches). Ingestion's groups now commit with NORMAL (the WAL is
/// written, not synced) and `sync()` then fdatasyncs the WAL file from another thread while the writer goes on with
/// the next group; requests are answered only after it returns. The disk then holds every frame of every commit
/// made before the call, as FULL would have, so a 2xx still means durable. One fdatasync covers every commit made
/// before it: a sync finding nothing new since the last one returns at once.
final class WALSync: @unchecked Sendable {  // counters under `lock`; the descriptor is replaced only inside `sync`
    private let path: String
    private let lock = NSLock()
    private var descriptor: Int32
    private var inode: UInt64
    private var committed: UInt64 = 0
    private var synced: UInt64 = 0
    /// fdatasync calls made (tests).
    private(set) var syncCount = 0
    /// Called before each fdatasync (tests hold the sync there).
    var beforeSync: (@Sendable () -> Void)?

    /// nil when the WAL cannot be opened: ingestion then commits with FULL.
    init?(walPath: String) {
        let fd = open(walPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return nil
        }
        path = walPath
        descriptor = fd
        inode = UInt64(info.st_ino)
    }

    deinit { close(descriptor) }

    /// A commit made with NORMAL has returned: the next `sync` must cover it.
    func noteCommit() {
        lock.lock()
        committed += 1
        lock.unlock()
    }

    /// A commit made with FULL has returned: its fsync covered every commit before it.
    func noteSyncedByCommit() {
        lock.lock()
        synced = committed
        lock.unlock()
    }

    /// Every commit noted so far is on disk when this returns. Called from one thread at a time.
    func sync() throws(StoreError) {
        lock.lock()
        let target = committed
        let covered = synced >= target
        lock.unlock()
        if covered { return }
        beforeSync?()
        try reopenIfReplaced()
        guard fdatasync(descriptor) == 0 else {
            throw .database("the statements could not be written to disk (fdatasync: \(String(cString: strerror(errno))))")
        }
        lock.lock()
        synced = max(synced, target)
        syncCount += 1
        lock.unlock()
    }

    /// SQLite keeps its WAL file while a connection is open, but another tool may have switched the journal off and
    /// on again: a sync of the old file would cover nothing.
    private func reopenIfReplaced() throws(StoreError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .database("the WAL file \(path) is gone") }
        guard UInt64(info.st_ino) != inode else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .database("the WAL file \(path) cannot be opened: \(String(cString: strerror(errno)))") }
        close(descriptor)
        descriptor = fd
        inode = UInt64(info.st_ino)
    }
}
