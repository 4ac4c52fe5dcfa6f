import CourseBridgeData
import CourseBridgeEngine
import Foundation
import Testing

/// Launch links, health and the small endpoints in-process.
struct LaunchAndHealthRouteTests {
    func signedPath(_ server: InProcessServer, user: String = "ann@acme.example", expiresIn: TimeInterval = 3600) throws -> String {
        try server.services.launchGate.linkPath(LaunchClaim(courseId: 1, userEmail: user,
                                                            expires: Int64(Date().addingTimeInterval(expiresIn).timeIntervalSince1970)))
    }

    @Test("a signed launch link redirects to the provider, uncached, and records the launch")
    func signedLink() async throws {
        let server = try InProcessServer()
        let path = try signedPath(server)
        try await server.test { client in
            let r = try await client.request(.get, path)
            #expect(r.status == 302, "\(r.body)")
            #expect(r.header("Location") == InProcessServer.launchURL)
            #expect(r.header("Cache-Control") == "no-store")
            #expect(r.header("Referrer-Policy") == "no-referrer")
        }
        #expect(try server.store.attemptReports(AttemptReportQuery(courseId: 1)).map(\.attempt.progressPercent) == [1])
    }

    @Test("an unsigned, tampered or expired link is the same 403, and records nothing")
    func badLinks() async throws {
        let server = try InProcessServer()
        let good = try signedPath(server)
        let tampered = good.replacingOccurrences(of: "ann%40acme.example", with: "bob%40acme.example")
            .replacingOccurrences(of: "ann@acme.example", with: "bob@acme.example")
        let expired = try signedPath(server, expiresIn: -60)
        try await server.test { client in
            for path in ["/launch/1?user=ann@acme.example", tampered, expired, good + "0"] {
                let r = try await client.request(.get, path)
                #expect(r.status == 403, "\(path)")
                #expect(r.field("error") == "forbidden")
                #expect(r.field("message") == LaunchGate.refusal)
                #expect(r.header("Location") == nil)
            }
        }
        #expect(try server.store.attemptReports(AttemptReportQuery(courseId: 1)).isEmpty)
    }

    @Test("GET /health is 200 while the database answers")
    func health() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let r = try await client.request(.get, "/health")
            #expect(r.status == 200)
            #expect(r.body == #"{"status":"ok"}"#)
        }
    }

    @Test("unknown paths are 404 and wrong methods 405, naming what was asked; /metrics is for this machine only")
    func otherRoutes() async throws {
        let server = try InProcessServer()
        try await server.test { client in
            let missing = try await client.request(.get, "/nowhere")
            #expect(missing.status == 404)
            #expect(missing.field("message") == "no endpoint GET /nowhere")
            let method = try await client.request(.get, "/api/linkedinlearning/stats")
            #expect(method.status == 405)
            #expect(method.field("message") == "GET is not allowed on /api/linkedinlearning/stats")
            let about = try await client.request(.get, "/api/skillsoft/about")
            #expect(about.status == 200)
            #expect(about.body == #"{"version":["1.0.3","1.0.0"]}"#)
            // The in-process client has no loopback address: the counters are not shown to it.
            let metrics = try await client.request(.get, "/metrics")
            #expect(metrics.status == 404)
            #expect(metrics.field("message") == "no endpoint GET /metrics")
            // Bench endpoints are off unless --bench-endpoints.
            #expect(try await client.request(.post, "/bench/noop", body: "{}").status == 404)
        }
    }
}
