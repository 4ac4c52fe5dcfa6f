import CourseBridgeCore
import Foundation

/// Courses and learners found by statement ingestion, kept from one of its transactions to the next while
/// `ingest_lookup_version` (schema v9, moved by every write to learners or courses, from any instance) stays the
/// same: SQLite's `IngestLookupCache` with the version in place of `PRAGMA data_version`. With thousands of learners
/// and courses a per-transaction memo rarely hits, and each miss is a wait on the one commit queue. Only found rows
/// are kept (absent ones are asked again: they may be added at any moment).
final class PostgresIngestLookupCache: @unchecked Sendable {  // every access under `lock`
    private let lock = NSLock()
    private var courses: [String: Course] = [:]
    private var users: [String: [User]] = [:]
    private var version: Int64 = -1
    /// Bounds memory: past this many entries the cache starts over.
    static let maxEntries = 100_000

    /// A new ingestion transaction read `version`: anything kept from another version is dropped. Whether what was
    /// kept still holds (false: learners or courses changed since it was kept).
    @discardableResult
    func begin(version: Int64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let current = version == self.version
        if !current || courses.count + users.count > Self.maxEntries {
            courses.removeAll(keepingCapacity: true)
            users.removeAll(keepingCapacity: true)
        }
        self.version = version
        return current
    }

    func course(_ key: String) -> Course? {
        lock.lock()
        defer { lock.unlock() }
        return courses[key]
    }

    func remember(_ course: Course, _ key: String) {
        lock.lock()
        defer { lock.unlock() }
        courses[key] = course
    }

    func users(_ key: String) -> [User]? {
        lock.lock()
        defer { lock.unlock() }
        return users[key]
    }

    func remember(_ found: [User], _ key: String) {
        lock.lock()
        defer { lock.unlock() }
        users[key] = found
    }
}
