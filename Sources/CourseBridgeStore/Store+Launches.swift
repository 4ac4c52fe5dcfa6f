import CourseBridgeCore
import CourseBridgeData
import Crypto
import Foundation
import GRDB

extension SQLiteStatisticsTransaction {
    @discardableResult
    public func insertLaunch(userId: Int64, courseId: Int64, pathId: Int64?, at: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO launch(user_id, course_id, path_id, launched_at) VALUES (?, ?, ?, ?)",
                       arguments: [userId, courseId, pathId, at.storeValue])
        return db.lastInsertedRowID
    }

    /// A learner's launches of a course, oldest first (to recompute attempts).
    public func launches(userId: Int64, courseId: Int64) throws -> [LaunchRecord] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM launch WHERE user_id = ? AND course_id = ? ORDER BY launched_at, id"),
                         arguments: [userId, courseId]).map { row in
            LaunchRecord(id: row["id"], userId: row["user_id"], courseId: row["course_id"], pathId: row["path_id"],
                         launchedAt: Date(storeValue: row["launched_at"]))
        }
    }

    /// A path's steps in order with the learner's status on each (the latest attempt decides), and whether it is linear.
    public func pathSteps(pathId: Int64, userId: Int64) throws -> (linear: Bool, steps: [PathStep])? {
        guard let linear = try Bool.fetchOne(db, sql: "SELECT is_linear FROM path WHERE id = ?", arguments: [pathId]) else { return nil }
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.course_id,
                   (SELECT a.completion_status FROM attempt a WHERE a.user_id = ? AND a.course_id = s.course_id
                    ORDER BY (a.completion_status = 'completed') DESC, a.started_at DESC, a.id DESC LIMIT 1) AS status
            FROM path_step s WHERE s.path_id = ? ORDER BY s.position
            """, arguments: [userId, pathId])
        let steps = rows.map { row in
            PathStep(courseId: row["course_id"], status: (row["status"] as String?).flatMap(CompletionStatus.init(rawValue:)) ?? .notStarted)
        }
        return (linear, steps)
    }
}

extension Store {
    public func launches(userId: Int64, courseId: Int64) throws(StoreError) -> [LaunchRecord] {
        try read { db in try SQLiteStatisticsTransaction(db: db).launches(userId: userId, courseId: courseId) }
    }
}

// MARK: - The launch key

extension Store {
    /// The installation's 32-byte launch key, which signs launch links; made and stored (sealed) on first use.
    /// A key that no longer opens (the secret key changed) is replaced: launch links live minutes, so only
    /// links not yet followed stop working.
    public func launchKey() throws(StoreError) -> Data {
        let secrets = self.secrets
        let at = now().storeValue
        // Usually a read: the write (which also settles a race between two processes) happens once.
        let stored = try read { db in try Data.fetchOne(db, sql: "SELECT key_sealed FROM launch_key WHERE id = 1") }
        let context = SealedColumn.launchKey.context(1)
        if let stored, let key = try? secrets.open(stored, boundTo: context), key.count == 32 { return key }
        return try write { db in
            if let sealed = try Data.fetchOne(db, sql: "SELECT key_sealed FROM launch_key WHERE id = 1"),
               let key = try? secrets.open(sealed, boundTo: context), key.count == 32 {
                return key
            }
            // A process started before a key rotation must not replace the key sealed under the new one.
            try self.requireCurrentKey(db)
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
            let sealed = try secrets.seal(key, boundTo: context)
            try db.execute(sql: "INSERT OR REPLACE INTO launch_key(id, key_sealed, created_at) VALUES (1, ?, ?)",
                           arguments: [sealed, at])
            return key
        }
    }
}
