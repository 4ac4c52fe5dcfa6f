import CourseBridgeCore
import CourseBridgeData
import Foundation
import GRDB

/// What an incremental run reads of the store: only the courses of the page at hand, by provider id, so a daily run
/// costs what changed rather than the whole catalog (`knownCourses(provider:)` loads every course).
extension Store {
    /// SQLite's limit on bound parameters is 32,766 on current builds but 999 on old ones: stay under the lower.
    static let lookupChunk = 900

    public func knownCourses(provider: Provider, providerIds: [String]) throws(StoreError) -> [String: KnownCourseRecord] {
        let ids = Array(Set(providerIds))
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            var result: [String: KnownCourseRecord] = [:]
            result.reserveCapacity(ids.count)
            for start in stride(from: 0, to: ids.count, by: Self.lookupChunk) {
                let chunk = Array(ids[start..<min(start + Self.lookupChunk, ids.count)])
                // One statement per page: each course once, its tags alongside (a course has a few).
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT c.id, c.integration_id, c.provider_id, c.status, c.fingerprint, c.launch_url, t.name, t.source
                    FROM course c LEFT JOIN course_tag t ON t.course_id = c.id
                    WHERE c.provider = ? AND c.provider_id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments([provider.rawValue] + chunk))
                while let row = try rows.next() {
                    let providerId: String = row[2]
                    var record = result[providerId] ?? KnownCourseRecord(
                        courseId: row[0], integrationId: row[1], launchURL: row[5],
                        known: KnownCourse(status: CourseStatus(rawValue: row[3]) ?? .active,
                                           fingerprint: (row[4] as String?).flatMap(CatalogFingerprint.init(hex:)),
                                           syncedTags: [], manualTags: []))
                    if let name: String = row[6] {
                        if (row[7] as String?) == TagSource.synced.rawValue { record.known.syncedTags.append(name) }
                        else { record.known.manualTags.append(name) }
                    }
                    result[providerId] = record
                }
            }
            return result
        }
    }

    public func foreignLaunchURLs(provider: Provider, among launchURLs: [String]) throws(StoreError) -> [String: Int64] {
        let urls = Array(Set(launchURLs))
        guard !urls.isEmpty else { return [:] }
        return try read { db in
            var result: [String: Int64] = [:]
            for start in stride(from: 0, to: urls.count, by: Self.lookupChunk) {
                let chunk = Array(urls[start..<min(start + Self.lookupChunk, urls.count)])
                // Through the launch URL index; "another way" is another provider or no integration at all.
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT launch_url, id FROM course
                    WHERE launch_url IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                        AND (provider != ? OR integration_id IS NULL)
                    """, arguments: StatementArguments(chunk + [provider.rawValue]))
                while let row = try rows.next() { result[row[0]] = row[1] }
            }
            return result
        }
    }
}
