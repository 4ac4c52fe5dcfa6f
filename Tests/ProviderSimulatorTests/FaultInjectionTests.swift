import CourseBridgeCore
import Foundation
import Testing
@testable import ProviderSimulator

/// Each injected fault, observed over real HTTP.
@Suite struct FaultInjectionTests {
    func pageURL(_ server: SimulatorServer, _ provider: Provider, page: Int, size: Int = 10) -> String {
        let first = server.firstPageURL(provider, size: size)
        let start = (page - 1) * size
        switch provider {
        case .linkedin: return first.replacingOccurrences(of: "start=0", with: "start=\(start)")
        case .coursera: return first.replacingOccurrences(of: "start=0", with: "start=\(start)")
        case .edx: return first.replacingOccurrences(of: "page=1", with: "page=\(page)")
        case .skillsoft: return first.replacingOccurrences(of: "offset=0", with: "offset=\(start)")
        }
    }

    @Test(arguments: Provider.allCases)
    func rateLimitOnPageTwoOnceWithRetryAfter(provider: Provider) async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 100, faults: try SimulatorFault.parse("429@2:7")))
        let auth = try await server.authorization(provider)
        #expect(try await HTTP.get(pageURL(server, provider, page: 1), auth: auth).status == 200)
        let limited = try await HTTP.get(pageURL(server, provider, page: 2), auth: auth)
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "7")
        #expect(try await HTTP.get(pageURL(server, provider, page: 2), auth: auth).status == 200)
        await server.stop()
    }

    @Test func serverErrorCountsDownAndIsScopedToItsProvider() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 100, faults: try SimulatorFault.parse("coursera.500@1x2")))
        let edx = try await server.authorization(.edx)
        #expect(try await HTTP.get(pageURL(server, .edx, page: 1), auth: edx).status == 200)
        let coursera = try await server.authorization(.coursera)
        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(try await HTTP.get(pageURL(server, .coursera, page: 1), auth: coursera).status) }
        #expect(statuses == [500, 500, 200])
        await server.stop()
    }

    @Test func malformedPageIsNotJSONEveryTime() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 100, faults: [SimulatorFault(.malformedJSON(page: 3))]))
        let auth = try await server.authorization(.linkedin)
        for _ in 0..<2 {
            let r = try await HTTP.get(pageURL(server, .linkedin, page: 3), auth: auth)
            #expect(r.status == 200)
            #expect(throws: (any Error).self) { try r.json() }
        }
        #expect(try await HTTP.get(pageURL(server, .linkedin, page: 2), auth: auth).json() is [String: Any])
        await server.stop()
    }

    @Test func truncatedPageFailsTheTransfer() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 300, faults: [SimulatorFault(.truncated(page: 2))]))
        let auth = try await server.authorization(.skillsoft)
        await #expect(throws: (any Error).self) {
            let r = try await HTTP.get(pageURL(server, .skillsoft, page: 2, size: 100), auth: auth)
            _ = try r.json()   // a client that ignored the short read must at least fail to parse
        }
        #expect(try await HTTP.get(pageURL(server, .skillsoft, page: 1, size: 100), auth: auth).status == 200)
        await server.stop()
    }

    @Test(arguments: [Provider.linkedin, .coursera, .edx])
    func tokenExpiresMidListingAndANewTokenWorks(provider: Provider) async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 100, faults: [SimulatorFault(.tokenExpiry(page: 2))]))
        let old = try await server.authorization(provider)
        #expect(try await HTTP.get(pageURL(server, provider, page: 1), auth: old).status == 200)
        #expect(try await HTTP.get(pageURL(server, provider, page: 2), auth: old).status == 401)
        #expect(try await HTTP.get(pageURL(server, provider, page: 1), auth: old).status == 401, "the old token stays revoked")
        let fresh = try await server.authorization(provider)
        #expect(try await HTTP.get(pageURL(server, provider, page: 2), auth: fresh).status == 200)
        await server.stop()
    }

    @Test func slowResponsesAreDelayed() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 50, faults: [SimulatorFault(.slow(delayMs: 300))]))
        let auth = try await server.authorization(.skillsoft)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { _ = try await HTTP.get(pageURL(server, .skillsoft, page: 1), auth: auth) }
        #expect(elapsed >= .milliseconds(300))
        server.setFaults([])
        let fast = try await clock.measure { _ = try await HTTP.get(pageURL(server, .skillsoft, page: 1), auth: auth) }
        #expect(fast < .milliseconds(300))
        await server.stop()
    }

    @Test func setFaultsRestartsCountsAndRequestsAreCounted() async throws {
        let server = try await SimulatorServer.start(options: SimulatorOptions(items: 50))
        let auth = try await server.authorization(.edx)
        let before = server.requestCount
        server.setFaults([SimulatorFault(.serverError(page: 1))])
        #expect(try await HTTP.get(pageURL(server, .edx, page: 1), auth: auth).status == 500)
        #expect(try await HTTP.get(pageURL(server, .edx, page: 1), auth: auth).status == 200)
        server.setFaults([SimulatorFault(.serverError(page: 1))])
        #expect(try await HTTP.get(pageURL(server, .edx, page: 1), auth: auth).status == 500)
        #expect(server.requestCount == before + 3)
        await server.stop()
    }
}
