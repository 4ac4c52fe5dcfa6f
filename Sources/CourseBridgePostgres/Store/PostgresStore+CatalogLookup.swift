import CourseBridgeCore
import CourseBridgeData
import Foundation
import PostgresNIO

/// What an incremental run reads of the store: only the courses of the page at hand (Store+SyncLookup on SQLite).
extension PostgresStore {
    /// One query per page: each course with its tags alongside, through the (provider, provider_id) unique index.
    public func knownCourses(provider: Provider, providerIds: [String]) throws(StoreError) -> [String: KnownCourseRecord] {
        let ids = Array(Set(providerIds))
        guard !ids.isEmpty else { return [:] }
        return try run {
            var result: [String: KnownCourseRecord] = [:]
            result.reserveCapacity(ids.count)
            for row in try pool.query("""
                SELECT c.id, c.integration_id, c.provider_id, c.status, c.fingerprint, c.launch_url, t.name, t.source
                FROM course c LEFT JOIN course_tag t ON t.course_id = c.id
                WHERE c.provider = $1 AND c.provider_id = ANY($2)
                ORDER BY c.id, t.name
                """, [provider.rawValue, ids]) {
                let cells = Array(row)
                guard cells.count == 8 else { continue }
                let providerId = try cells[2].decode(String.self)
                var record = try result[providerId] ?? KnownCourseRecord(
                    courseId: try cells[0].decode(Int64.self), integrationId: try cells[1].decode(Int64?.self),
                    launchURL: try cells[5].decode(String?.self),
                    known: KnownCourse(status: CourseStatus(rawValue: try cells[3].decode(String.self)) ?? .active,
                                       fingerprint: try cells[4].decode(String?.self).flatMap(CatalogFingerprint.init(hex:)),
                                       syncedTags: [], manualTags: []))
                if let name = try cells[6].decode(String?.self) {
                    if try cells[7].decode(String?.self) == TagSource.synced.rawValue { record.known.syncedTags.append(name) }
                    else { record.known.manualTags.append(name) }
                }
                result[providerId] = record
            }
            return result
        }
    }

    public func foreignLaunchURLs(provider: Provider, among launchURLs: [String]) throws(StoreError) -> [String: Int64] {
        let urls = Array(Set(launchURLs))
        guard !urls.isEmpty else { return [:] }
        return try run {
            var result: [String: Int64] = [:]
            for row in try pool.query("""
                SELECT launch_url, id FROM course
                WHERE launch_url = ANY($1) AND (provider <> $2 OR integration_id IS NULL)
                """, [urls, provider.rawValue]) {
                result[try row.decode(index: 0, as: String.self)] = try row.decode(index: 1, as: Int64.self)
            }
            return result
        }
    }
}
