import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

/// Rows as the store's values: the PostgreSQL counterparts of SQLite's `User(row:)`, `Group(row:)`, `Course(row:)`.
/// Columns are read by name, so `SELECT *` and joins that add columns both work. Flags are 0/1 bigints, times
/// seconds since 1970, lists JSON arrays in text, as on SQLite.
enum PostgresRows {
    static func user(_ row: PostgresRow) throws(PostgresAccessError) -> User {
        User(id: try row.decode(column: "id", as: Int64.self), email: try row.decode(column: "email"),
             username: try row.decode(column: "username", as: String?.self),
             externalId: try row.decode(column: "external_id", as: String?.self),
             displayName: try row.decode(column: "display_name", as: String?.self))
    }

    static func group(_ row: PostgresRow) throws(PostgresAccessError) -> Group {
        Group(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name"),
              parentId: try row.decode(column: "parent_id", as: Int64?.self),
              isPrivate: try flag(row, "is_private"))
    }

    static func course(_ row: PostgresRow) throws(PostgresAccessError) -> Course {
        Course(id: try row.decode(column: "id", as: Int64.self),
               integrationId: try row.decode(column: "integration_id", as: Int64?.self),
               provider: Provider(rawValue: try row.decode(column: "provider", as: String.self)) ?? .linkedin,
               providerId: try row.decode(column: "provider_id"), title: try row.decode(column: "title"),
               description: try row.decode(column: "description"),
               thumbnailURL: try row.decode(column: "thumbnail_url", as: String?.self),
               authors: jsonList(try row.decode(column: "authors", as: String?.self)),
               subjects: jsonList(try row.decode(column: "subjects", as: String?.self)),
               durationSeconds: try row.decode(column: "duration_seconds", as: Int64?.self).map { Int($0) },
               difficulty: try row.decode(column: "difficulty", as: String?.self),
               languages: jsonList(try row.decode(column: "languages", as: String?.self)),
               contentType: try row.decode(column: "content_type"),
               lastUpdatedAt: try row.decode(column: "last_updated_at", as: Double?.self).map(Date.init(storeValue:)),
               status: CourseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active,
               launchURL: try row.decode(column: "launch_url", as: String?.self),
               mainAuthorUserId: try row.decode(column: "main_author_user_id", as: Int64?.self))
    }

    static func path(_ row: PostgresRow) throws(PostgresAccessError) -> LearningPath {
        LearningPath(id: try row.decode(column: "id", as: Int64.self), groupId: try row.decode(column: "group_id", as: Int64.self),
                     name: try row.decode(column: "name"), isLinear: try flag(row, "is_linear"),
                     createdBy: try row.decode(column: "created_by", as: Int64?.self))
    }

    /// A 0/1 bigint column as a Bool.
    static func flag(_ row: PostgresRow, _ column: String) throws(PostgresAccessError) -> Bool {
        try row.decode(column: column, as: Int64.self) != 0
    }

    /// A JSON array of strings kept in a text column (as SQLite's `JSONColumn`); anything else reads as empty.
    static func jsonList(_ text: String?) -> [String] {
        guard let text, let json = try? XAPIJSON.parse(Data(text.utf8), strict: false) else { return [] }
        return (json.arrayValue ?? []).compactMap(\.stringValue)
    }
}

extension Bool {
    /// How the schema keeps a flag: bigint 0 or 1.
    var storeFlag: Int64 { self ? 1 : 0 }
}
