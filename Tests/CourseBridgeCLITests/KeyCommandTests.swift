import Foundation
import Testing

/// `coursebridge key status|rotate`, and a key file the CLI must refuse rather than replace.
@Suite("key command")
struct KeyCommandTests {
    private let credentials = "client_id=my-client-id\nclient_secret=my-provider-secret\n"

    @Test func keyRotateReplacesTheKeyAndTheCredentialsStillOpen() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        try #require(try cli.run(["integration", "credentials", "1"], stdin: credentials).status == 0)
        let status = try cli.run(["key", "status"])
        #expect(status.stdout.contains("key:             \(cli.db).key"), "\(status.stdout)")
        #expect(status.stdout.contains("file mode:       600"))
        #expect(status.stdout.contains("sealed secrets:  1"))
        let before = try #require(FileManager.default.contents(atPath: cli.db + ".key"))

        let rotated = try cli.run(["key", "rotate"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("key rotated: 1 secret re-sealed under the new key"))
        #expect(!rotated.stdout.contains("my-provider-secret"))
        let after = try #require(FileManager.default.contents(atPath: cli.db + ".key"))
        #expect(after != before)
        #expect(!FileManager.default.fileExists(atPath: cli.db + ".key.new"))
        let show = try cli.run(["integration", "show", "1"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("my-client-id"), "the credentials open with the new key")

        // The old key is refused with a clear message, not used to seal anything.
        FileManager.default.createFile(atPath: cli.db + ".key", contents: before, attributes: [.posixPermissions: 0o600])
        let refused = try cli.run(["integration", "show", "1"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is not the key this database's 1 sealed secret is sealed with"), "\(refused.stderr)")
    }

    @Test func aKeyPathThatIsADirectoryStopsEveryCommand() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        try #require(try cli.run(["integration", "credentials", "1"], stdin: credentials).status == 0)
        try FileManager.default.moveItem(atPath: cli.db + ".key", toPath: cli.directory + "/saved.key")
        try FileManager.default.createDirectory(atPath: cli.db + ".key", withIntermediateDirectories: false)
        let result = try cli.run(["integration", "credentials", "1"], stdin: credentials)
        #expect(result.status != 0)
        #expect(result.stderr.contains("the key path \(cli.db).key is a directory"), "\(result.stderr)")
        #expect(!result.stdout.contains("saved (encrypted)"))
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.seed()
        chmod(cli.db + ".key", 0o644)
        let result = try cli.run(["integration", "list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("chmod 600 \(cli.db).key"), "\(result.stderr)")
    }
}
