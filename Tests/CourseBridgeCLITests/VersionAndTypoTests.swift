import Foundation
import Testing

/// Issue 17, finding 9 of the review: no `--version`, and `version`, `-V` or a typo printed the console's usage.
@Suite struct VersionAndTypoTests {
    @Test(arguments: [["--version"], ["-V"], ["version"]])
    func theVersionIsPrinted(_ arguments: [String]) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = try cli.run(arguments, useDefaultDb: false)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "coursebridge 1.0.0\n")
        #expect(r.stderr.isEmpty)
    }

    @Test(arguments: [
        (["syncc", "1"], "unknown command 'syncc'; did you mean 'sync'? see coursebridge --help"),
        (["snyc", "1"], "unknown command 'snyc'; did you mean 'sync'? see coursebridge --help"),
        (["intgration", "list"], "unknown command 'intgration'; did you mean 'integration'? see coursebridge --help"),
        (["integration", "activte", "1"], "unknown command 'integration activte'; did you mean 'integration activate'? see coursebridge integration --help"),
        (["frobnicate"], "unknown command 'frobnicate'; see coursebridge --help for the commands"),
    ])
    func aTypoNamesTheClosestCommandInOneLine(_ arguments: [String], _ message: String) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = try cli.run(arguments)
        #expect(r.status == 64)
        #expect(r.stderr == message + "\n", "\(r.stderr)")
        #expect(!r.stderr.contains("USAGE"), "not the console's usage")
        #expect(r.stdout.isEmpty)
    }

    @Test func optionsOfTheDefaultConsoleAreNotMistakenForCommands() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        // Not a terminal: the console refuses for its own reason, not as an unknown command 'light'.
        let r = try cli.run(["--theme", "light", "--read-only"])
        #expect(!r.stderr.contains("unknown command"), "\(r.stderr)")
    }
}
