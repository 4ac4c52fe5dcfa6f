import Foundation

/// Tag sync (seeds 002 and 004): while on, provider categories (LinkedIn libraries/subjects/topics,
/// Skillsoft areas and subjects) are the course's `synced` tags; turned off, the synced tags go at the
/// next sync. Manual tags always stay and are never touched.
public enum TagSync {
    public struct Plan: Equatable, Sendable {
        public var add: [String]
        public var remove: [String]
        public init(add: [String] = [], remove: [String] = []) {
            self.add = add
            self.remove = remove
        }
    }

    /// The synced tag names a course should carry: trimmed, without blanks, without case-insensitive
    /// duplicates (first spelling wins), and without names a manual tag already holds.
    public static func desiredSyncedTags(tagSyncEnabled: Bool, categories: [String], manualTags: [String] = []) -> [String] {
        guard tagSyncEnabled else { return [] }
        var seen = Set(manualTags.map { key($0) })
        var result: [String] = []
        for raw in categories {
            let name = raw.trimmed
            guard !name.isEmpty, seen.insert(key(name)).inserted else { continue }
            result.append(name)
        }
        return result
    }

    /// What to add and remove among the course's synced tags only: a manual tag is in neither list.
    public static func plan(currentSynced: [String], desired: [String]) -> Plan {
        let current = Set(currentSynced.map { key($0) })
        let wanted = Set(desired.map { key($0) })
        return Plan(add: desired.filter { !current.contains(key($0)) },
                    remove: currentSynced.filter { !wanted.contains(key($0)) })
    }

    /// What a sync does to a course's synced tags, given the provider's categories: `desiredSyncedTags`, then
    /// `plan`. The usual daily case — the categories are exactly the synced tags already (which are trimmed and
    /// unique) — is answered without lower-casing every tag of every item.
    public static func plan(tagSyncEnabled: Bool, categories: [String], currentSynced: [String], manualTags: [String]) -> Plan {
        if tagSyncEnabled, manualTags.isEmpty, currentSynced.count == categories.count, Set(currentSynced) == Set(categories) {
            return Plan()
        }
        let desired = desiredSyncedTags(tagSyncEnabled: tagSyncEnabled, categories: categories, manualTags: manualTags)
        return plan(currentSynced: currentSynced, desired: desired)
    }

    static func key(_ name: String) -> String {
        name.trimmed.lowercased()
    }
}
