import Foundation
import Testing
@testable import CourseBridgeCore

// MARK: - Fixtures

private func item(_ id: String = "urn:li:lyndaCourse:563322", type: String = ContentType.course, title: String = "Excel Essentials",
                  retired: Bool = false, languages: [String] = ["en"], categories: [String] = [],
                  programs: [String] = []) -> CatalogItem {
    CatalogItem(providerId: id, contentType: type, title: title, categories: categories, languages: languages,
                isRetired: retired, programIds: programs)
}

private func known(_ status: CourseStatus, of base: CatalogItem = item(), synced: [String] = [], manual: [String] = []) -> KnownCourse {
    KnownCourse(status: status, fingerprint: CatalogFingerprint(base), syncedTags: synced, manualTags: manual)
}

private let linkedin = SyncSettings(provider: .linkedin)
private let skillsoft = SyncSettings(provider: .skillsoft)

// MARK: - Seed 002/004: created, updated, archived, ignored

struct ReconcilerRulesTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let rule: String
        let item: CatalogItem
        let known: KnownCourse?
        let settings: SyncSettings
        let expected: SyncAction
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "Created: exists at the provider but not yet here", item: item(), known: nil, settings: linkedin,
            expected: .created),
        Row(rule: "Updated: exists in both, title changed at the provider", item: item(title: "Excel Essentials (2025)"),
            known: known(.active), settings: linkedin, expected: .updated(CourseChanges(metadata: true))),
        Row(rule: "Unchanged: exists in both, nothing changed: no write", item: item(), known: known(.active),
            settings: linkedin, expected: .unchanged),
        Row(rule: "Archived: retired at the provider, known here", item: item(retired: true), known: known(.active),
            settings: linkedin, expected: .archived(.retiredAtProvider)),
        Row(rule: "Ignored: retired and never imported", item: item(retired: true), known: nil, settings: linkedin,
            expected: .ignored),
        Row(rule: "Retired and already archived: no write", item: item(retired: true), known: known(.archived),
            settings: linkedin, expected: .unchanged),
        Row(rule: "Reactivated: archived here, active again at the provider (counts as updated)", item: item(),
            known: known(.archived), settings: linkedin, expected: .updated(CourseChanges(reactivated: true))),
        Row(rule: "LinkedIn: videos are not synchronized", item: item(type: ContentType.video), known: nil,
            settings: linkedin, expected: .outOfScope(.contentTypeNotSynchronized("video"))),
        Row(rule: "LinkedIn: events are not synchronized", item: item(type: ContentType.event), known: nil,
            settings: linkedin, expected: .outOfScope(.contentTypeNotSynchronized("event"))),
        Row(rule: "Skillsoft: books are synchronized", item: item("b1", type: ContentType.book), known: nil,
            settings: skillsoft, expected: .created),
        Row(rule: "Skillsoft: benchmarks are synchronized", item: item("b2", type: ContentType.benchmark), known: nil,
            settings: skillsoft, expected: .created),
        Row(rule: "Skillsoft: videos are not among the nine types", item: item("v", type: ContentType.video),
            known: nil, settings: skillsoft, expected: .outOfScope(.contentTypeNotSynchronized("video"))),
        Row(rule: "Filter: known-active course no longer in the language filter is archived", item: item(languages: ["fr"]),
            known: known(.active, of: item(languages: ["fr"])),
            settings: SyncSettings(provider: .linkedin, filter: CatalogFilter(languages: ["en"])),
            expected: .archived(.outOfScope(.languageFiltered(languages: ["fr"])))),
        Row(rule: "Filter: unknown course outside the language filter is out of scope", item: item(languages: ["fr"]),
            known: nil, settings: SyncSettings(provider: .linkedin, filter: CatalogFilter(languages: ["en"])),
            expected: .outOfScope(.languageFiltered(languages: ["fr"]))),
        Row(rule: "Filter: Skillsoft language + content type are AND", item: item("s", type: ContentType.book, languages: ["en-US"]),
            known: nil, settings: SyncSettings(provider: .skillsoft, filter: CatalogFilter(languages: ["en"], contentTypes: ["course"])),
            expected: .outOfScope(.contentTypeFiltered("book"))),
        Row(rule: "Filter: matching course stays unchanged", item: item(languages: ["en-US"]),
            known: known(.active, of: item(languages: ["en-US"])),
            settings: SyncSettings(provider: .linkedin, filter: CatalogFilter(languages: ["en"])), expected: .unchanged),
        Row(rule: "Filter: an archived course outside the filter stays archived", item: item(languages: ["fr"]),
            known: known(.archived, of: item(languages: ["fr"])),
            settings: SyncSettings(provider: .linkedin, filter: CatalogFilter(languages: ["en"])), expected: .unchanged),
        Row(rule: "Coursera: a course of no selected program is out of scope", item: item("c1", programs: ["p2"]),
            known: nil, settings: SyncSettings(provider: .coursera, selectedPrograms: ["p1"]), expected: .outOfScope(.programNotSelected)),
        Row(rule: "Coursera: no selected program means all programs", item: item("c1", programs: ["p2"]),
            known: nil, settings: SyncSettings(provider: .coursera), expected: .created),
        Row(rule: "Tag sync on: categories become synced tags", item: item(categories: ["Business", "Excel"]),
            known: known(.active, of: item(categories: ["Business", "Excel"])),
            settings: SyncSettings(provider: .linkedin, tagSync: true),
            expected: .updated(CourseChanges(tagsToAdd: ["Business", "Excel"]))),
        Row(rule: "Tag sync off: synced tags are removed at the next sync, manual ones stay",
            item: item(categories: ["Business"]), known: known(.active, of: item(categories: ["Business"]), synced: ["Business"], manual: ["Onboarding"]),
            settings: linkedin, expected: .updated(CourseChanges(tagsToRemove: ["Business"]))),
        Row(rule: "Tag sync on, same tags: unchanged", item: item(categories: ["Business"]),
            known: known(.active, of: item(categories: ["Business"]), synced: ["Business"]),
            settings: SyncSettings(provider: .linkedin, tagSync: true), expected: .unchanged),
        Row(rule: "A known course without a stored fingerprint is rewritten once", item: item(),
            known: KnownCourse(status: .active, fingerprint: nil), settings: linkedin,
            expected: .updated(CourseChanges(metadata: true))),
    ]

    @Test(arguments: rows)
    func decision(_ row: Row) {
        #expect(Reconciler.decide(row.item, known: row.known, settings: row.settings) == row.expected)
    }

    // MARK: End of listing

    struct UnlistedRow: Sendable, CustomTestStringConvertible {
        let rule: String
        let provider: Provider
        let complete: Bool
        let expected: [String]
        var testDescription: String { rule }
    }

    static let unlistedRows: [UnlistedRow] = [
        UnlistedRow(rule: "Coursera: a course that disappears is retired → archived", provider: .coursera, complete: true, expected: ["gone"]),
        UnlistedRow(rule: "edX: a course that disappears is retired → archived", provider: .edx, complete: true, expected: ["gone"]),
        UnlistedRow(rule: "LinkedIn: not returned is not retired → left active", provider: .linkedin, complete: true, expected: []),
        UnlistedRow(rule: "Skillsoft: stays active even if the API stops returning it", provider: .skillsoft, complete: true, expected: []),
        UnlistedRow(rule: "Incomplete listing archives nothing", provider: .coursera, complete: false, expected: []),
    ]

    @Test(arguments: unlistedRows)
    func unlisted(_ row: UnlistedRow) {
        let archived = Reconciler.unlistedCoursesToArchive(provider: row.provider, knownActiveIds: ["kept", "gone"],
                                                           listedIds: ["kept"], listingComplete: row.complete)
        #expect(archived == row.expected)
    }

    @Test func countsOfARun() {
        let actions: [SyncAction] = [.created, .created, .updated(CourseChanges(metadata: true)), .unchanged,
                                     .archived(.retiredAtProvider), .ignored, .outOfScope(.programNotSelected)]
        #expect(SyncPlanCounts.counting(actions) == SyncPlanCounts(created: 2, updated: 1, archived: 1, ignored: 2, unchanged: 1))
    }
}

// MARK: - Fingerprint

struct CatalogFingerprintRulesTests {
    static let base = CatalogItem(providerId: "urn:li:lyndaCourse:1", title: "T", description: "D", authors: ["A", "B"],
                                  subjects: ["s1", "s2"], categories: ["c"], skills: ["k1", "k2"], durationSeconds: 3600,
                                  difficulty: "BEGINNER", languages: ["en"],
                                  translations: [Translation(language: "fr", title: "T fr", description: "D fr"),
                                                 Translation(language: "de", title: "T de", description: "D de")],
                                  lastUpdatedAt: Date(timeIntervalSince1970: 1_700_000_000), launchURL: "https://x/1",
                                  programIds: ["p1", "p2"])

    static let changes: [(String, @Sendable (inout CatalogItem) -> Void)] = [
        ("title", { $0.title = "T2" }), ("description", { $0.description = "D2" }),
        ("thumbnail", { $0.thumbnailURL = "https://img" }), ("authors order", { $0.authors = ["B", "A"] }),
        ("a subject", { $0.subjects.append("s3") }), ("a skill", { $0.skills = ["k1"] }),
        ("duration", { $0.durationSeconds = 3601 }), ("duration removed", { $0.durationSeconds = nil }),
        ("difficulty", { $0.difficulty = "ADVANCED" }), ("language", { $0.languages = ["en", "fr"] }),
        ("a translation", { $0.translations[0].title = "T fr 2" }),
        ("last update", { $0.lastUpdatedAt = Date(timeIntervalSince1970: 1_700_000_001) }),
        ("launch URL", { $0.launchURL = "https://x/2" }), ("content type", { $0.contentType = ContentType.book }),
        ("programs", { $0.programIds = ["p1"] }),
        ("empty vs missing thumbnail", { $0.thumbnailURL = "" }),
    ]

    @Test(arguments: changes.map(\.0))
    func everySyncedFieldChangesTheFingerprint(_ field: String) {
        var changed = Self.base
        Self.changes.first { $0.0 == field }!.1(&changed)
        #expect(CatalogFingerprint(changed) != CatalogFingerprint(Self.base), "changing \(field) must be seen")
    }

    @Test func providerOrderOfSetsDoesNotCountAsAChange() {
        var shuffled = Self.base
        shuffled.subjects.reverse(); shuffled.skills.reverse(); shuffled.translations.reverse(); shuffled.programIds.reverse()
        shuffled.categories = ["other"]  // compared as tags, not as metadata
        #expect(CatalogFingerprint(shuffled) == CatalogFingerprint(Self.base))
    }

    @Test func stableAcrossRunsAndRoundTripsAsHex() {
        let f = CatalogFingerprint(Self.base)
        #expect(f.hex.count == 16)
        #expect(CatalogFingerprint(hex: f.hex) == f)
        #expect(CatalogFingerprint(hex: "xyz") == nil)
        // FNV-1a 64 reference values: the empty input is the offset basis, "a" is 0xaf63dc4c8601ec8c.
        for (input, expected): (String, UInt64) in [("", 0xcbf2_9ce4_8422_2325), ("a", 0xaf63_dc4c_8601_ec8c)] {
            var hash = FNV1a64()
            hash.add(bytes: input.utf8)
            #expect(hash.value == expected, "FNV-1a 64 of \"\(input)\"")
        }
    }
}
