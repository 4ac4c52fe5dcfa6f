import Testing
@testable import CourseBridgePostgres

/// Needs no server.
struct PostgresURLTests {
    @Test func readsEveryPart() throws {
        let url = try PostgresURL(parsing: "postgres://cb:s3cr%40t@db.example:6543/coursebridge", environment: [:])
        #expect(url == PostgresURL(user: "cb", password: "s3cr@t", host: "db.example", port: 6543, database: "coursebridge"))
    }

    @Test func takesThePasswordFromPGPASSWORDAndDefaultsThePort() throws {
        let url = try PostgresURL(parsing: "postgresql://cb@127.0.0.1/cbdb", environment: ["PGPASSWORD": "pw"])
        #expect(url.password == "pw")
        #expect(url.port == 5432)
        #expect(url.database == "cbdb")
    }

    @Test func neverPrintsThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://cb:hunter2@h:1/d", environment: [:])
        #expect(url.description == "postgres://cb@h:1/d")
        #expect(!"\(url)".contains("hunter2"))
        var dumped = ""
        dump(PostgresPool.Configuration(url: url), to: &dumped)
        #expect(!dumped.contains("hunter2") && !String(reflecting: url).contains("hunter2"))
        // Nor when the URL is refused.
        do {
            _ = try PostgresURL(parsing: "postgres://cb:hunter2@h:1/", environment: [:])
            Issue.record("a URL without a database was accepted")
        } catch {
            #expect("\(error)".contains("names no database"))
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test(arguments: ["/var/lib/cb.sqlite", "postgres://h:1/db", "postgres://cb@:1/db", "postgres://cb@h:1/db?sslmode=require"])
    func refusesWhatIsNotAUsableURL(_ text: String) {
        #expect(throws: PostgresAccessError.self) { try PostgresURL(parsing: text, environment: [:]) }
    }

    @Test func tellsAPathFromAURL() {
        #expect(PostgresURL.looksLikePostgres("postgres://u@h/d"))
        #expect(!PostgresURL.looksLikePostgres("coursebridge.sqlite"))
    }
}
