import Foundation
import GRDB
import Testing

/// `coursebridge launch` prints the signed link the platform hands a learner; `coursebridge serve` honours it
/// and refuses anything else with one answer (security review H1).
@Suite(.serialized)
struct LaunchLinkTests {
    struct Reply: Equatable {
        var status: Int
        var location: String
        var body: String
    }

    /// A GET without following redirects.
    static func get(_ url: String) throws -> Reply {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-s", "--max-time", "10", "-w", "\n%{http_code} %{redirect_url}", url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.last.map(String.init) ?? ""
        let parts = last.split(separator: " ", maxSplits: 1).map(String.init)
        return Reply(status: Int(parts.first ?? "") ?? 0, location: parts.count > 1 ? parts[1] : "",
                     body: lines.dropLast().joined(separator: "\n"))
    }

    /// Learner Ann and LinkedIn course 1 of integration 1.
    static func seeded() throws -> CLI {
        let cli = CLI()
        try cli.seed()
        try cli.run(["user", "add", "--email", "ann@acme.example"])
        let db = try DatabaseQueue(path: cli.db)
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
                VALUES (1, 'linkedin', 'urn:li:lyndaCourse:252', 'Swift', 3600, 'https://www.linkedin.com/learning/swift', 0, 0)
                """)
        }
        return cli
    }

    static func link(_ cli: CLI, _ arguments: [String]) throws -> (link: String, provider: String) {
        let r = try cli.run(["launch"] + arguments + ["--json"])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        guard let link = object?["link"] as? String, let provider = object?["providerURL"] as? String else {
            throw LinkMissing(output: r.stdout + r.stderr)
        }
        return (link, provider)
    }

    struct LinkMissing: Error, CustomStringConvertible {
        let output: String
        var description: String { "coursebridge launch printed no link: \(output)" }
    }

    static func progress(_ cli: CLI) throws -> [Double] {
        try DatabaseQueue(path: cli.db).read { db in try Double.fetchAll(db, sql: "SELECT progress FROM attempt ORDER BY id") }
    }

    @Test("the printed link launches once through serve: 302 to the provider, attempt at 1%")
    func printedLinkIsAccepted() throws {
        let cli = try Self.seeded()
        defer { cli.cleanUp() }
        let server = try ServeProcess(cli)
        defer { server.stop() }
        let (link, provider) = try Self.link(cli, ["1", "--user", "ann@acme.example", "--public-url", server.baseURL + "/"])
        #expect(link.hasPrefix(server.baseURL + "/launch/1?"))
        #expect(link.contains("expires=") && link.contains("sig="))
        #expect(provider == "https://www.linkedin.com/learning/swift")
        #expect(try Self.progress(cli).isEmpty, "printing a link records nothing")

        let r = try Self.get(link)
        #expect(r.status == 302)
        #expect(r.location == "https://www.linkedin.com/learning/swift")
        #expect(try Self.progress(cli) == [1])
    }

    @Test("altered and unsigned links get the same 403 whether the learner and course exist, and record nothing")
    func alteredLinksAreRefusedAlike() throws {
        let cli = try Self.seeded()
        defer { cli.cleanUp() }
        let server = try ServeProcess(cli)
        defer { server.stop() }
        let (link, _) = try Self.link(cli, ["1", "--user", "ann@acme.example", "--public-url", server.baseURL])
        let sig = String(link[link.range(of: "sig=")!.upperBound...])
        let expires = link.range(of: #"expires=[0-9]+"#, options: .regularExpression).map { String(link[$0]) } ?? ""
        let forged = String(sig.reversed())
        let attempts = [
            "/launch/1?user=ann@acme.example",
            "/launch/999?user=nobody@acme.example",
            "/launch/1?user=ann@acme.example&\(expires)&sig=\(forged)",
            "/launch/1?user=nobody@acme.example&\(expires)&sig=\(sig)",
            "/launch/2?user=ann@acme.example&\(expires)&sig=\(sig)",
            "/launch/999?user=nobody@acme.example&\(expires)&sig=\(sig)",
            "/launch/1?user=ann@acme.example&expires=1&sig=\(sig)",
        ]
        let replies = try attempts.map { try Self.get(server.baseURL + $0) }
        #expect(replies[0].status == 403)
        #expect(!replies[0].body.contains("Swift") && !replies[0].body.contains("linkedin.com"))
        for (path, reply) in zip(attempts, replies) { #expect(reply == replies[0], "\(path)") }
        #expect(try Self.progress(cli).isEmpty)
    }

    @Test("the link is built on COURSEBRIDGE_PUBLIC_URL, and launch refuses unknown learners clearly")
    func publicURLAndErrors() throws {
        let cli = try Self.seeded()
        defer { cli.cleanUp() }
        let r = try cli.run(["launch", "1", "--user", "ann@acme.example", "--ttl", "60"],
                            environment: ["COURSEBRIDGE_PUBLIC_URL": "https://learn.acme.example/"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("https://learn.acme.example/launch/1?user="), "\(r.stdout)")
        #expect(r.stdout.contains("&expires=") && r.stdout.contains("&sig="), "\(r.stdout)")
        #expect(r.stdout.contains("provider URL: https://www.linkedin.com/learning/swift"))
        let unknown = try cli.run(["launch", "1", "--user", "nobody@acme.example"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nobody@acme.example"))
        #expect(try cli.run(["launch", "1", "--user", "ann@acme.example", "--ttl", "0"]).status != 0)
    }
}
