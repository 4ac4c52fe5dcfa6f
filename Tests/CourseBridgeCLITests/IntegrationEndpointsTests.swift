import Foundation
import Testing

/// `integration endpoints`: pointing an integration at a sandbox or proxy after it was added, and back.
@Suite struct IntegrationEndpointsTests {
    @Test func changesShowsAndRestoresTheProviderURLs() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let shown = try cli.run(["integration", "endpoints", "1"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("api base:  https://api.linkedin.com"), "\(shown.stdout)")

        let moved = try cli.run(["integration", "endpoints", "1", "--api-base", "http://127.0.0.1:9/ll", "--token-url", "http://127.0.0.1:9/token"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let json = try cli.run(["integration", "show", "1", "--json"]).stdout
        #expect(json.contains("http:\\/\\/127.0.0.1:9\\/ll") || json.contains("http://127.0.0.1:9/ll"), "\(json)")

        let back = try cli.run(["integration", "endpoints", "1", "--default"])
        #expect(back.stdout.contains("api base:  https://api.linkedin.com"), "\(back.stdout)")
    }

    struct Refusal: Sendable {
        var arguments: [String]
        var message: String
    }

    @Test(arguments: [
        Refusal(arguments: ["--api-base", "not a url"], message: "'not a url' is not a URL (expected http:// or https://)"),
        Refusal(arguments: ["--token-url", "ftp://x.example/t"], message: "'ftp://x.example/t' is not a URL"),
        Refusal(arguments: ["--default", "--api-base", "https://x.example"], message: "--default cannot be combined"),
    ])
    func badInputIsRefusedAndChangesNothing(_ row: Refusal) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        let r = try cli.run(["integration", "endpoints", "1"] + row.arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(row.message), "\(r.stderr)")
        #expect(try cli.run(["integration", "endpoints", "1"]).stdout.contains("https://api.linkedin.com"))
    }
}
