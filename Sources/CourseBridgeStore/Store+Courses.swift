import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

extension Course {
    init(row: Row) {
        self.init(id: row["id"], integrationId: row["integration_id"], provider: Provider(rawValue: row["provider"]) ?? .linkedin,
                  providerId: row["provider_id"], title: row["title"], description: row["description"],
                  thumbnailURL: row["thumbnail_url"], authors: JSONColumn.decode(row["authors"]),
                  subjects: JSONColumn.decode(row["subjects"]), durationSeconds: row["duration_seconds"],
                  difficulty: row["difficulty"], languages: JSONColumn.decode(row["languages"]),
                  contentType: row["content_type"], lastUpdatedAt: (row["last_updated_at"] as Double?).map(Date.init(storeValue:)),
                  status: CourseStatus(rawValue: row["status"]) ?? .active, launchURL: row["launch_url"],
                  mainAuthorUserId: row["main_author_user_id"])
    }
}

extension Store {
    public func courses(_ query: CourseQuery) throws(StoreError) -> [Course] {
        if let id = query.integrationId { _ = try integration(id: id) }
        return try read { db in
            var sql = "SELECT * FROM course WHERE 1 = 1"
            var args: [any DatabaseValueConvertible & Sendable] = []
            if let id = query.integrationId { sql += " AND integration_id = ?"; args.append(id) }
            if let status = query.status { sql += " AND status = ?"; args.append(status.rawValue) }
            sql += " ORDER BY id LIMIT ? OFFSET ?"
            args.append(query.limit ?? -1)
            args.append(query.offset)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Course.init(row:))
        }
    }

    public func courseCounts(integrationId: Int64) throws(StoreError) -> (active: Int, archived: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT SUM(status = 'active') AS active, SUM(status = 'archived') AS archived FROM course WHERE integration_id = ?
                """, arguments: [integrationId])
            return ((row?["active"] as Int?) ?? 0, (row?["archived"] as Int?) ?? 0)
        }
    }

    public func tags(courseId: Int64) throws(StoreError) -> [(name: String, source: TagSource)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, source FROM course_tag WHERE course_id = ? ORDER BY source, name", arguments: [courseId])
                .map { (name: $0["name"], source: TagSource(rawValue: $0["source"]) ?? .manual) }
        }
    }
}
