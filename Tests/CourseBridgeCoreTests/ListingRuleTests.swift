import Foundation
import Testing
@testable import CourseBridgeCore

/// Which listing a run reads: full or incremental, and why (issue 18).
struct ListingRuleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let fp = "lang=;type=;programs=;tags=0"
    static func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
    static func run(_ daysAgo: Double, _ outcome: RunOutcome, _ listing: ListingKind?, fp: String? = ListingRuleTests.fp) -> ListingHistoryEntry {
        ListingHistoryEntry(startedAt: ago(daysAgo), outcome: outcome, listing: listing, settingsFingerprint: fp)
    }
    static let full = ListingKind.full(.periodic)
    static let incr = ListingKind.incremental(since: .distantPast)

    struct Row: Sendable, CustomTestStringConvertible {
        let rule: String
        var history: [ListingHistoryEntry]
        var fingerprint = ListingRuleTests.fp
        var everyDays = 7
        var supports = true
        var force = false
        var dryRun = false
        let expected: ListingKind
        var testDescription: String { rule }
    }

    static let rows: [Row] = [
        Row(rule: "no run yet: full (first run)", history: [], expected: .full(.firstRun)),
        Row(rule: "only failed runs: full (first run)", history: [run(1, .failed, full)], expected: .full(.firstRun)),
        Row(rule: "full yesterday: incremental since its start minus 1 h", history: [run(1, .succeeded, full)],
            expected: .incremental(since: ago(1).addingTimeInterval(-3_600))),
        Row(rule: "incremental yesterday after a full 3 days ago: incremental since yesterday's start minus 1 h",
            history: [run(1, .succeeded, incr), run(3, .succeeded, full)], expected: .incremental(since: ago(1).addingTimeInterval(-3_600))),
        Row(rule: "latest run held: full, so confirming it can archive what disappeared", history: [run(1, .held, full)],
            expected: .full(.afterHold)),
        Row(rule: "a held run counts as complete for the window of later runs",
            history: [run(1, .succeeded, incr), run(2, .held, full)], expected: .incremental(since: ago(1).addingTimeInterval(-3_600))),
        Row(rule: "last full 7 days ago: full (periodic)", history: [run(1, .succeeded, incr), run(7, .succeeded, full)],
            expected: .full(.periodic)),
        Row(rule: "every 3 days, last full 3 days ago: full (periodic)", history: [run(1, .succeeded, incr), run(3, .succeeded, full)],
            everyDays: 3, expected: .full(.periodic)),
        Row(rule: "last full 6 days ago: still incremental", history: [run(1, .succeeded, incr), run(6, .succeeded, full)],
            expected: .incremental(since: ago(1).addingTimeInterval(-3_600))),
        Row(rule: "only incremental complete runs (full ones forgotten): full (first run)", history: [run(1, .succeeded, incr)],
            expected: .full(.firstRun)),
        Row(rule: "runs recorded before listing kinds were full listings", history: [run(1, .succeeded, nil)],
            expected: .incremental(since: ago(1).addingTimeInterval(-3_600))),
        Row(rule: "latest run failed: full (after failure)", history: [run(0.5, .failed, incr), run(1, .succeeded, full)],
            expected: .full(.afterFailure)),
        Row(rule: "latest run cancelled: full (after failure)", history: [run(0.5, .cancelled, incr), run(1, .succeeded, full)],
            expected: .full(.afterFailure)),
        Row(rule: "latest run interrupted: full (after failure)", history: [run(0.5, .interrupted, incr), run(1, .succeeded, full)],
            expected: .full(.afterFailure)),
        Row(rule: "a running run is not the latest outcome", history: [run(0, .running, nil), run(1, .succeeded, full)],
            expected: .incremental(since: ago(1).addingTimeInterval(-3_600))),
        Row(rule: "filters changed since the last complete run: full (settings changed)", history: [run(1, .succeeded, full)],
            fingerprint: "lang=fr;type=;programs=;tags=0", expected: .full(.settingsChanged)),
        Row(rule: "edX has no changes-since read: full (not supported)", history: [run(1, .succeeded, full)], supports: false,
            expected: .full(.notSupported)),
        Row(rule: "--full: full (forced)", history: [run(1, .succeeded, full)], force: true, expected: .full(.forced)),
        Row(rule: "a dry run lists everything", history: [run(1, .succeeded, full)], dryRun: true, expected: .full(.dryRun)),
    ]

    @Test(arguments: rows)
    func decision(_ row: Row) {
        let input = ListingRule.Input(history: row.history, settingsFingerprint: row.fingerprint, fullListingEveryDays: row.everyDays,
                                      providerSupportsChanges: row.supports, forceFull: row.force, dryRun: row.dryRun, now: Self.now)
        #expect(ListingRule.decide(input) == row.expected)
    }

    @Test func storedValuesReadBack() {
        for reason in FullListingReason.allCases {
            #expect(ListingKind(storeValue: ListingKind.full(reason).storeValue) == .full(reason))
        }
        #expect(ListingKind(storeValue: "incremental")?.isFull == false)
        #expect(ListingKind(storeValue: nil) == nil)
        #expect(ListingKind.full(.periodic).label == "full (periodic)")
    }

    @Test func fingerprintIgnoresOrderAndCaseButNotTagSync() {
        let a = ListingRule.settingsFingerprint(languageFilter: ["fr", "EN"], contentTypeFilter: [], programs: [], tagSync: false)
        let b = ListingRule.settingsFingerprint(languageFilter: ["en", "fr"], contentTypeFilter: [], programs: [], tagSync: false)
        let c = ListingRule.settingsFingerprint(languageFilter: ["en", "fr"], contentTypeFilter: [], programs: [], tagSync: true)
        #expect(a == b)
        #expect(b != c)
    }

    @Test func anotherAPIAddressIsAnotherCatalog() {
        var integration = Integration(provider: .coursera, groupId: 1, authorUserId: 1, configuredAt: Date())
        let before = integration.listingSettingsFingerprint
        integration.apiBase = "https://sandbox.example/api"
        #expect(integration.listingSettingsFingerprint != before, "a changed API address makes the next run read everything")
    }
}
