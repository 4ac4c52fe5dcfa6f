import CourseBridgeCore
import Foundation
import ProviderSimulator
import Testing
@testable import CourseBridgeProviders
#if canImport(Glibc)
import Glibc
#endif

/// The real clients, over libcurl, against the provider simulator on 127.0.0.1.
@Suite(.serialized) struct SimulatorListingTests {
    // MARK: - Helpers

    /// libcurl blocks: run it on a Dispatch queue, never on the test's cooperative thread.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global().async { c.resume(with: Result { try body() }) }
        }
    }

    func source(_ sim: SimulatorServer, _ provider: Provider, credentials: [String: String]? = nil,
                sleeper: Sleeper = Sleeper { _ in }, pageSize: Int? = nil, totalTimeout: Double = 10,
                retry: RetryPolicy = RetryPolicy(maxAttempts: 3, seed: 7)) throws -> CatalogSource {
        let options = CatalogSourceOptions(retryPolicy: retry, sleeper: sleeper, connectTimeout: 2, totalTimeout: totalTimeout,
                                           pageSize: pageSize)
        return try makeCatalogSource(provider: provider, apiBase: sim.apiBase(for: provider), tokenURL: sim.tokenURL(for: provider),
                                     credentials: credentials ?? sim.credentialValues(for: provider), options: options)
    }

    func readIds(_ source: CatalogSource) async throws -> (active: Set<String>, all: [String], pages: Int) {
        try await blocking {
            var active = Set<String>(), all: [String] = [], pages = 0
            try source.readCatalog { page in
                pages += 1
                all += page.items.map(\.providerId)
                active.formUnion(page.items.filter { !$0.isRetired }.map(\.providerId))
            }
            return (active, all, pages)
        }
    }

    func start(items: Int = 250) async throws -> SimulatorServer {
        try await SimulatorServer.start(options: SimulatorOptions(items: items, seed: 7, credentials: .generated(seed: 7)))
    }

    func secrets(_ sim: SimulatorServer) -> [String] {
        [sim.credentials.linkedinClientSecret, sim.credentials.courseraClientSecret, sim.credentials.edxClientSecret,
         sim.credentials.skillsoftBearerToken]
    }

    /// A port on 127.0.0.1 that nothing listens on: bound, read, then closed.
    func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        close(fd)
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    // MARK: - Full listings

    @Test(arguments: Provider.allCases)
    func fullListingMatchesTheActiveCatalog(provider: Provider) async throws {
        let sim = try await start()
        let result = try await readIds(try source(sim, provider, pageSize: 40))
        let expected = Set(sim.catalog.activeSynchronizedIds(for: provider))
        #expect(!expected.isEmpty)
        #expect(result.active == expected)
        #expect(Set(result.all).count == result.all.count, "an item was sent twice")
        #expect(result.pages > 1)
        await sim.stop()
    }

    @Test(arguments: [0, 1])
    func tinyCatalogs(items: Int) async throws {
        let sim = try await start(items: items)
        for provider in Provider.allCases {
            let result = try await readIds(try source(sim, provider))
            #expect(result.active == Set(sim.catalog.activeSynchronizedIds(for: provider)), "\(provider)")
        }
        await sim.stop()
    }

    @Test func listingWhoseSizeIsAnExactMultipleOfThePageSize() async throws {
        let sim = try await start()
        let total = sim.catalogSize(for: .skillsoft)
        let divisor = (2...total).first { total % $0 == 0 && $0 < total } ?? total
        for pageSize in [divisor, total] {
            let result = try await readIds(try source(sim, .skillsoft, pageSize: pageSize))
            #expect(result.pages == total / pageSize)
            #expect(result.active == Set(sim.catalog.activeSynchronizedIds(for: .skillsoft)))
        }
        await sim.stop()
    }

    // MARK: - Faults

    @Test(arguments: Provider.allCases)
    func transientFaultsAreRecovered(provider: Provider) async throws {
        let sim = try await start()
        var faults: [SimulatorFault] = [SimulatorFault(.rateLimited(page: 2, retryAfterSeconds: 2), provider: provider),
                                        SimulatorFault(.serverError(page: 3), provider: provider)]
        if provider != .skillsoft { faults.append(SimulatorFault(.tokenExpiry(page: 4), provider: provider)) }
        sim.setFaults(faults)
        let recorder = SleepRecorder()
        let result = try await readIds(try source(sim, provider, sleeper: recorder.sleeper, pageSize: 20))
        #expect(result.active == Set(sim.catalog.activeSynchronizedIds(for: provider)))
        #expect(recorder.delays.first == 2, "Retry-After is honoured")
        #expect(recorder.delays.count == 2)
        await sim.stop()
    }

    @Test func persistentServerErrorFailsTheListing() async throws {
        let sim = try await start()
        sim.setFaults([SimulatorFault(.serverError(page: 2), provider: .edx, count: .some(nil))])
        let error = try await blocking { providerError { _ = try readAll(try source(sim, .edx, pageSize: 20)) } }
        guard case .unexpectedResponse(500, _) = error?.kind else {
            Issue.record("expected a 500 unexpectedResponse, got \(String(describing: error))")
            return
        }
        await sim.stop()
    }

    @Test(arguments: [Provider.linkedin, .skillsoft])
    func malformedPageFailsTheListing(provider: Provider) async throws {
        let sim = try await start()
        sim.setFaults([SimulatorFault(.malformedJSON(page: 2), provider: provider)])
        let error = try await blocking { providerError { _ = try readAll(try source(sim, provider, pageSize: 20)) } }
        guard case .malformedPage = error?.kind else {
            Issue.record("expected malformedPage, got \(String(describing: error))")
            return
        }
        await sim.stop()
    }

    @Test func truncatedPageFailsTheListing() async throws {
        let sim = try await start()
        sim.setFaults([SimulatorFault(.truncated(page: 2), provider: .coursera)])
        let error = try await blocking { providerError { _ = try readAll(try source(sim, .coursera, pageSize: 20)) } }
        guard case .malformedPage = error?.kind else {
            Issue.record("expected malformedPage, got \(String(describing: error))")
            return
        }
        await sim.stop()
    }

    @Test func slowProviderTimesOut() async throws {
        let sim = try await start()
        sim.setFaults([SimulatorFault(.slow(delayMs: 1500), provider: .skillsoft)])
        let error = try await blocking {
            providerError { _ = try readAll(try source(sim, .skillsoft, totalTimeout: 0.3, retry: RetryPolicy(maxAttempts: 2, seed: 1))) }
        }
        #expect(error?.kind == .timeout)
        await sim.stop()
    }

    // MARK: - TEST CONNECTION

    @Test(arguments: Provider.allCases)
    func connectionOK(provider: Provider) async throws {
        let sim = try await start()
        let result = try await blocking { try source(sim, provider).testConnection() }
        #expect(result.isOK, "\(result)")
        await sim.stop()
    }

    @Test(arguments: Provider.allCases)
    func connectionWithWrongSecret(provider: Provider) async throws {
        let sim = try await start()
        var credentials = sim.credentialValues(for: provider)
        credentials[provider == .skillsoft ? "bearer_token" : "client_secret"] = "not-the-secret-0000"
        let wrong = credentials
        let result = try await blocking { try source(sim, provider, credentials: wrong).testConnection() }
        #expect(result == .wrongCredentials)
        await sim.stop()
    }

    @Test(arguments: [Provider.coursera, .skillsoft])
    func connectionWithWrongOrganization(provider: Provider) async throws {
        let sim = try await start()
        var credentials = sim.credentialValues(for: provider)
        let key = provider == .coursera ? "org_id" : "organization_id"
        for org in [SimulatorCredentials.courseraUnentitledOrgId, "00000000-1111-2222-3333-444444444444"] {
            credentials[key] = org
            let wrong = credentials
            let result = try await blocking { try source(sim, provider, credentials: wrong).testConnection() }
            #expect(result == .wrongOrganization, "\(org)")
        }
        await sim.stop()
    }

    @Test(arguments: Provider.allCases)
    func connectionToAClosedPort(provider: Provider) async throws {
        let base = "http://127.0.0.1:\(closedPort())"
        let credentials = provider.credentialFields.reduce(into: [String: String]()) { $0[$1.key] = "value-\($1.key)" }
        let options = CatalogSourceOptions(retryPolicy: .none, connectTimeout: 2)
        let result = try await blocking {
            try makeCatalogSource(provider: provider, apiBase: base + "/api", tokenURL: base + "/token", credentials: credentials,
                                  options: options).testConnection()
        }
        #expect(result == .hostUnreachable)
    }

    @Test func badCredentialsFaultIsWrongCredentials() async throws {
        let sim = try await start()
        sim.setFaults([SimulatorFault(.wrongCredentials)])
        for provider in Provider.allCases {
            let result = try await blocking { try source(sim, provider).testConnection() }
            #expect(result == .wrongCredentials, "\(provider)")
        }
        await sim.stop()
    }

    // MARK: - Secrets

    @Test func noErrorDescriptionHoldsASecret() async throws {
        let sim = try await start()
        var descriptions: [String] = []
        for provider in Provider.allCases {
            for fault in [SimulatorFault(.wrongCredentials), SimulatorFault(.malformedJSON(page: 1)),
                          SimulatorFault(.serverError(page: 1), count: .some(nil))] {
                sim.setFaults([fault])
                let text = try await blocking { () -> String in
                    let error = providerError { _ = try readAll(try source(sim, provider)) }
                    return (error?.description ?? "") + "\(String(describing: error?.kind))"
                        + (try source(sim, provider).testConnection().message(for: provider))
                }
                descriptions.append(text)
            }
        }
        for secret in secrets(sim) {
            #expect(!descriptions.contains { $0.contains(secret) }, "a description leaks a secret")
        }
        #expect(descriptions.count == 12)
        await sim.stop()
    }

    // MARK: - Learner activity

    @Test(arguments: [Provider.coursera, .edx])
    func pulledLearnerActivity(provider: Provider) async throws {
        let sim = try await start()
        let source = try source(sim, provider) as! LearnerActivitySource
        let records = try await blocking { () -> [LearnerActivityRecord] in
            var all: [LearnerActivityRecord] = []
            try source.readLearnerActivity(since: nil) { all += $0 }
            return all
        }
        #expect(!records.isEmpty)
        #expect(records.allSatisfy { $0.email?.contains("@") == true && !$0.contentId.isEmpty })
        // Dates are read, and every record names a course of the catalog (Coursera: its contentId).
        #expect(records.allSatisfy { $0.lastActivityAt != nil })
        #expect(records.contains { $0.isCompleted } && records.filter(\.isCompleted).allSatisfy { $0.completedAt != nil })
        let catalog = Set(sim.catalog.activeSynchronizedIds(for: provider))
        #expect(records.allSatisfy { catalog.contains($0.contentId) })
        await sim.stop()
    }

    @Test func skillsoftReportIsRequestedThenPolled() async throws {
        let sim = try await start()
        let recorder = SleepRecorder()
        let source = try source(sim, .skillsoft, sleeper: recorder.sleeper) as! SkillsoftReportSource
        let rows = try await blocking { () -> [SkillsoftReportRow] in
            var all: [SkillsoftReportRow] = []
            try source.readLearningActivityReport(start: Date(timeIntervalSince1970: 0), end: Date()) { all += $0 }
            return all
        }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { [.completed, .started].contains(SkillsoftStatus(report: $0.status)) && $0.durationSeconds != nil })
        #expect(recorder.delays == [5, 10], "an empty body, then IN_PROGRESS: two waits, the second longer")
        await sim.stop()
    }
}
