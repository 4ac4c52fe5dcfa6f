import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import Foundation

extension BenchCommand {
    /// `courses --search` on a generated catalog (issue 9): FTS5 with bm25 ranking against a LIKE scan, same queries.
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Full-text course search on a generated catalog: p50/p99 per search, against a LIKE scan (the baseline).")
        @Option(help: "Courses in the generated catalog.") var courses: Int = 200_000
        @Option(help: "Searches to time.") var searches: Int = 200
        @Option(help: "Baseline (LIKE scan) searches to time; they are slow.") var baselineSearches: Int = 20
        @Option(help: "Rows per search, as `courses --search` prints.") var limit: Int = 50
        @Option(help: "Keep the generated database at this path (to inspect it) instead of a temporary file.") var keep: String?

        func run() throws {
            let dir = NSTemporaryDirectory() + "cb-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = try reportingErrors { try Store.open(path: keep ?? dir + "/bench.sqlite") }

            let t0 = Date()
            try SearchCatalog.generate(courses, into: store)
            let generation = Date().timeIntervalSince(t0)
            let t1 = Date()
            let indexed = try reportingErrors { try store.refreshSearchIndex() }
            let indexing = Date().timeIntervalSince(t1)
            print(String(format: "%d courses written through the store's sync page writes in %.1f s; %d indexed for search in %.1f s",
                         courses, generation, indexed, indexing))
            print("  rows per search: \(limit); FTS5 ranked by bm25; baseline: LIKE scan, title matches first\n")
            print("  QUERY                         FTS5 p50    FTS5 p99    LIKE p50    LIKE/FTS5")

            var all: [Double] = [], allLike: [Double] = []
            let perQuery = max(1, searches / SearchCatalog.queries.count), likePerQuery = max(1, baselineSearches / SearchCatalog.queries.count)
            for q in SearchCatalog.queries {
                let fts = try samples(perQuery) { _ = try reportingErrors { try store.searchCourses(q, CourseQuery(limit: limit)) } }
                let like = try samples(likePerQuery) { _ = try reportingErrors { try store.searchCoursesByScan(q, limit: limit) } }
                all += fts
                allLike += like
                print("  " + "'\(q)'".padding(toLength: 28, withPad: " ", startingAt: 0)
                      + "\(ms(pct(fts, 0.5)))  \(ms(pct(fts, 0.99)))  \(ms(pct(like, 0.5)))  ×\(String(format: "%.0f", pct(like, 0.5) / pct(fts, 0.5)))")
            }
            print("""

              all \(all.count) searches: FTS5 p50 \(ms(pct(all, 0.5)))  p99 \(ms(pct(all, 0.99)))
              all \(allLike.count) baseline scans: LIKE p50 \(ms(pct(allLike, 0.5)))  p99 \(ms(pct(allLike, 0.99)))
              baseline / FTS5: p50 ×\(String(format: "%.1f", pct(allLike, 0.5) / pct(all, 0.5)))  p99 ×\(String(format: "%.1f", pct(allLike, 0.99) / pct(all, 0.99)))
            """)
        }

        private func samples(_ n: Int, _ body: () throws -> Void) throws -> [Double] {
            var result: [Double] = []
            for _ in 0..<n {
                let t = Date()
                try body()
                result.append(max(Date().timeIntervalSince(t), 1e-7))
            }
            return result.sorted()
        }

        private func pct(_ sorted: [Double], _ q: Double) -> Double {
            let s = sorted.sorted()
            return s[min(s.count - 1, max(0, Int((Double(s.count) * q).rounded(.up)) - 1))]
        }

        private func ms(_ seconds: Double) -> String { String(format: "%8.2f ms", seconds * 1000) }
    }
}

/// A deterministic catalog with common, middling and rare words, so queries span selectivities.
enum SearchCatalog {
    static let topics = ["Leadership", "Python", "Excel", "Project Management", "Negotiation", "Accounting", "Machine Learning",
                         "Photography", "Marketing", "Cybersecurity", "Design", "Communication", "Kubernetes", "Statistics",
                         "Writing", "Sales", "Agile", "Databases", "Public Speaking", "Finance"]
    static let forms = ["Foundations", "Essential Training", "for Beginners", "Advanced Techniques", "in Practice", "Masterclass",
                        "Quick Tips", "Deep Dive"]
    static let fillers = ["learn", "practical", "skills", "team", "data", "strategy", "tools", "workflow", "projects", "career",
                          "analysis", "modern", "effective", "build", "improve", "manage", "understand", "apply"]
    static let queries = ["leadership", "python data", "project manag", "kubernetes advanced", "zephyr1234", "negotiation team strategy"]

    static func generate(_ count: Int, into store: any DataStore) throws {
        let group = try reportingErrors { try store.addGroup(name: "Bench", parentId: nil, isPrivate: false) }
        _ = try reportingErrors { try store.addUser(User(email: "bench@example.com")) }
        try reportingErrors { try store.setMember(groupId: group.id!, email: "bench@example.com", role: .platformAdmin) }
        var integration = try reportingErrors {
            try store.addIntegration(provider: .skillsoft, groupId: group.id!, authorEmail: "bench@example.com", apiBase: nil, tokenURL: nil)
        }
        integration.tagSync = true
        var rng = SplitMix(seed: 9)
        var n = 0
        while n < count {
            var page = PageWrites()
            for _ in 0..<min(1_000, count - n) {
                page.create(item(n, &rng), tagSync: true)
                n += 1
            }
            try reportingErrors { try store.apply(page, integration: integration, groups: [group.id!], runId: nil) }
        }
    }

    private static func item(_ n: Int, _ rng: inout SplitMix) -> CatalogItem {
        let topic = topics[rng.next(topics.count)], other = topics[rng.next(topics.count)]
        let title = "\(topic) \(forms[rng.next(forms.count)])"
        var words: [String] = []
        for _ in 0..<30 { words.append(fillers[rng.next(fillers.count)]) }
        words.insert(other.lowercased(), at: rng.next(words.count))
        words.append("zephyr\(rng.next(50_000))") // one rare word per course
        return CatalogItem(providerId: "bench-\(n)", title: title, description: words.joined(separator: " ") + ".",
                           categories: [topic, "Level \(rng.next(3) + 1)"], languages: ["en"])
    }
}

/// A small deterministic generator (SplitMix64): the same catalog in every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
