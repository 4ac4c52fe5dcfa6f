import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation
import Testing

/// `stats --format csv` is opened in spreadsheets and printed on terminals: a provider's course
/// title must not become a formula there, nor an escape sequence here.
@Suite struct StatsCSVTests {
    @Test func hostileTitlesAreInertInTheCSV() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let titles = ["\u{1B}]0;pwned\u{07}\u{1B}[2JClean screen\r", "\t=HYPERLINK(\"http://evil.example\",\"x\")",
                      "\r+cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "Plain title, with a comma", "C1 \u{9B}31m red"]
        let store = try Store.open(path: cli.db)
        let integration = try store.integration(id: 1)
        var page = PageWrites()
        page.create(titles.enumerated().map { CatalogItem(providerId: "li-\($0.offset)", title: $0.element) }, tagSync: true)
        try store.apply(page, integration: integration, groups: [1], runId: nil)
        let userId = try #require(try store.user(email: "admin@acme.example").id)
        let attempts = (1...Int64(titles.count)).map { Attempt(userId: userId, courseId: $0, startedAt: Date(timeIntervalSince1970: 1_700_000_000)) }
        try store.statisticsTransaction { try $0.saveAttempts(attempts) }

        let result = try cli.run(["stats", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = result.stdout
        for control in ["\u{1B}", "\u{07}", "\r", "\t", "\u{9B}"] {
            #expect(!csv.contains(control), "\(control.unicodeScalars.first!.value) reached the CSV")
        }
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.count == titles.count + 1)
        #expect(lines.contains { $0.contains(",\"' =HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",") })
        #expect(lines.contains { $0.contains(",' +cmd|' /C calc'!A0,") })
        #expect(lines.contains { $0.contains(",'@SUM(1+1)*cmd,") })
        #expect(lines.contains { $0.contains(",\"Plain title, with a comma\",") })
        #expect(lines.contains { $0.contains("\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[2JClean screen") })
    }
}
