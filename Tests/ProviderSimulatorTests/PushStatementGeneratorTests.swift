import CourseBridgeCore
import Foundation
@testable import ProviderSimulator
import Testing

/// The statements the simulator pushes: deterministic, in each provider's shape, on catalog courses,
/// and readable by CourseBridge's own xAPI parser.
struct PushStatementGeneratorTests {
    let catalog = SimulatedCatalog(seed: 7, items: 300)

    func generator(_ provider: PushProvider, _ mode: LearnerIdentification = .email, quirks: Bool = false,
                   start: Date = SimulatedCatalog.epoch) -> StatementGenerator {
        StatementGenerator(catalog: catalog, options: .init(provider: provider, learners: 6, identification: mode,
                                                            quirks: quirks, start: start, roundSeconds: 600))
    }

    func parse(_ s: GeneratedStatement) throws -> XAPIStatement {
        let parsed = try XAPIStatementParser.parse(body: Data(s.json.utf8), options: .for(s.provider.provider))
        #expect(parsed.count == 1)
        return parsed[0]
    }

    // MARK: - Determinism

    @Test(arguments: PushProvider.allCases)
    func sameOptionsSameStatementsOtherStartOtherIds(_ provider: PushProvider) {
        let a = generator(provider, quirks: true).batches(6)
        #expect(a == generator(provider, quirks: true).batches(6))
        #expect(a.joined().count > 6)
        let later = generator(provider, quirks: true, start: SimulatedCatalog.epoch + 86_400).batches(6)
        #expect(Set(a.joined().map(\.id)).isDisjoint(with: later.joined().map(\.id)), "a new run must not reuse ids")
        #expect(Set(a.joined().map(\.id)).count == a.joined().count, "ids are unique")
    }

    // MARK: - Courses exist in the catalog

    @Test(arguments: PushProvider.allCases)
    func everyObjectIsAnActiveCourseOfTheCatalog(_ provider: PushProvider) throws {
        let active = Set(catalog.activeSynchronizedIds(for: provider.provider))
        for s in generator(provider).batches(10).joined() {
            #expect(active.contains(s.courseProviderId), "\(s.courseProviderId) is not an active catalog item")
            switch provider {
            case .linkedin:
                #expect(s.objectId.hasPrefix("urn:lyndaCourse:"))
                #expect(LinkedInCourseId.catalogURN(s.objectId) == s.courseProviderId)
            case .skillsoft:
                #expect(s.objectId.hasPrefix("https://xapi.percipio.com/xapi/"))
                #expect(SkillsoftStatementTranslation.contentId(fromObjectId: s.objectId) == s.courseProviderId)
            }
        }
    }

    // MARK: - LinkedIn sequences

    @Test func linkedInProgressGrowsToOneHundredThenCompletes() throws {
        let statements = generator(.linkedin).batches(12).joined()
        let journeys = Dictionary(grouping: statements) { "\($0.learner)|\($0.courseProviderId)" }
        var completed = 0
        var sawString = false
        for (_, journey) in journeys {
            let progress = journey.compactMap(\.progress)
            #expect(progress == progress.sorted(), "progress never goes back: \(progress)")
            #expect(progress.allSatisfy { $0 % 10 == 0 && (10...100).contains($0) })
            #expect(journey.map(\.timestamp) == journey.map(\.timestamp).sorted())
            #expect(journey.filter { $0.verb == "completed" }.count <= 1, "LinkedIn sends nothing for a retake")
            if let last = journey.last, last.verb == "completed" {
                completed += 1
                #expect(last.progress == 100)
                #expect(journey.dropLast().allSatisfy { $0.verb == "progressed" })
            }
            for s in journey {
                let parsed = try parse(s)
                #expect(parsed.result?.progressPercent == s.progress.map(Double.init))
                #expect(parsed.verb.id == "http://adlnet.gov/expapi/verbs/\(s.verb)")
                #expect((parsed.result?.completion ?? false) == (s.verb == "completed"))
                sawString = sawString || s.json.contains("progress\":\"")
            }
        }
        #expect(completed > 0, "some learner finishes a course within 12 rounds")
        #expect(sawString, "progress is sometimes a string, as LinkedIn sends it")
    }

    @Test func linkedInQuirksAreOnlyThereWhenAsked() throws {
        let plain = generator(.linkedin).batches(4).joined()
        #expect(plain.allSatisfy { UUID(uuidString: $0.id) != nil && $0.json.contains("Z\"") && !$0.json.contains("+0000") })
        let quirky = generator(.linkedin, quirks: true).batches(4).joined()
        #expect(quirky.contains { UUID(uuidString: $0.id) == nil }, "some ids are not UUIDs")
        #expect(quirky.allSatisfy { $0.json.contains("+0000\"") })
        for s in quirky { #expect(abs(try #require(try parse(s).timestamp).timeIntervalSince(s.timestamp)) < 0.002) }
    }

    // MARK: - Skillsoft sequences

    @Test func skillsoftStartsThenCompletesWithScoreAndDurationAndSometimesRestarts() throws {
        let statements = generator(.skillsoft).batches(16).joined()
        let journeys = Dictionary(grouping: statements) { "\($0.learner)|\($0.courseProviderId)" }
        var restarts = 0
        for (_, journey) in journeys {
            let verbs = journey.map(\.verb)
            #expect(Array(verbs.prefix(2)) == ["arrived", "initialized"], "\(verbs)")
            if let done = verbs.firstIndex(where: { $0 == "completed" || $0 == "passed" }) {
                let parsed = try parse(journey[done])
                #expect(parsed.result?.completion == true)
                #expect((parsed.result?.durationSeconds ?? 0) > 0)
                if let score = journey[done].scorePercent { #expect(abs((parsed.result?.score?.percent ?? -1) - Double(score)) < 1e-6) }
                if verbs.dropFirst(done + 1).starts(with: ["arrived", "initialized"]) { restarts += 1 }
            }
            for s in journey { #expect(UUID(uuidString: s.id) != nil, "Percipio ids are UUIDs") }
        }
        #expect(restarts > 0, "some learner restarts a completed course")
        #expect(statements.contains { $0.verb == "passed" && $0.scorePercent != nil })
        #expect(statements.contains { $0.verb == "arrived" && $0.json.contains("https://xapi.percipio.com/xapi/verbs/arrived") })
    }

    // MARK: - Learner identification

    @Test(arguments: [(PushProvider.linkedin, LearnerIdentification.email), (.linkedin, .username), (.linkedin, .externalId),
                      (.skillsoft, .email), (.skillsoft, .username), (.skillsoft, .externalId)])
    func actorsFollowTheIdentificationMode(_ provider: PushProvider, _ mode: LearnerIdentification) throws {
        for s in generator(provider, mode).batch(0) {
            let actor = try parse(s).actor
            switch mode {
            case .email: #expect(actor.email?.lowercased() == "learner\(s.learner)@example.com")
            case .username: #expect(actor.accountName == "learner\(s.learner)")
            case .externalId: #expect(actor.accountName == "EMP-\(1000 + s.learner)")
            }
        }
    }

    @Test func percipioQuirkWritesHomepageInLowerCase() throws {
        let batch = generator(.skillsoft, .username, quirks: true).batch(0)
        #expect(!batch.isEmpty)
        for s in batch {
            #expect(s.json.contains("\"homepage\":") && !s.json.contains("\"homePage\":"))
            #expect(try parse(s).actor.accountName == "learner\(s.learner)")
        }
    }

    @Test func anEmptyCatalogGivesNoStatements() {
        let empty = StatementGenerator(catalog: SimulatedCatalog(seed: 1, items: 0), options: .init(provider: .linkedin))
        #expect(empty.batch(0).isEmpty)
    }
}
