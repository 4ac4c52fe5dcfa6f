@testable import CourseBridgeConsole
import Foundation
import Testing

@Suite("themes")
struct ThemeTests {
    @Test(arguments: ["dark", "light", "high-contrast", "mono"])
    func shippedThemesLoad(_ name: String) throws {
        let text = try #require(ThemeLoader.builtInText(name))
        let theme = try ThemeLoader.parse(text, file: "\(name).toml")
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleID.allCases))
        #expect(theme.usesColor == (name != "mono"))
    }

    /// Issue 17 #8: the shipped themes resolved only when run from the repository folder.
    @Test(arguments: ["dark", "light", "high-contrast", "mono"])
    func shippedThemesResolveWithNoThemesFolder(_ name: String) {
        let (theme, warning) = ThemeLoader.resolve(name: name, environment: [:], directories: [])
        #expect(theme.name == name)
        #expect(warning == nil)
    }

    /// Issue 17 #8: a path to a TOML file was refused as "not a theme name".
    @Test func aThemeFileIsTakenByItsPath() throws {
        let dir = NSTemporaryDirectory() + "cb-theme-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let light = try #require(ThemeLoader.builtInText("light"))
        try light.replacingOccurrences(of: "name = \"light\"", with: "name = \"mine\"")
            .write(toFile: dir + "/mine.toml", atomically: true, encoding: .utf8)
        let (theme, warning) = ThemeLoader.resolve(name: dir + "/mine.toml", environment: [:], directories: [])
        #expect(theme.name == "mine" && warning == nil, "\(warning ?? "")")
        let (fallback, missing) = ThemeLoader.resolve(name: dir + "/absent.toml", environment: [:], directories: [])
        #expect(fallback.name == "dark")
        #expect(missing?.contains("absent.toml: cannot be read") == true, "\(missing ?? "")")
    }

    @Test func ownThemesAreLookedUpInTheConfigFolder() {
        let dirs = ConsoleApp.themeDirectories(environment: ["HOME": "/home/ann", "COURSEBRIDGE_THEMES": "/srv/themes"])
        #expect(dirs == ["/srv/themes", "/home/ann/.config/coursebridge/themes"])
    }

    @Test func noColorForcesMonochrome() {
        let (theme, warning) = ThemeLoader.resolve(name: "dark", environment: ["NO_COLOR": "1"], directories: [])
        #expect(theme.usesColor == false)
        #expect(warning == nil)
    }

    @Test(arguments: [
        ("[styles.title]\nfg = \"purpleish\"", "styles.title.fg", "unknown colour 'purpleish'"),
        ("[styles.title]\nbold = \"yes\"", "styles.title.bold", "must be true or false"),
        ("[styles.titel]\nbold = true", "styles.titel", "unknown style"),
        ("[styles.title]\nfg = 300", "styles.title.fg", "outside 0–255"),
        ("[styles.title\nfg = 1", nil, "not valid TOML at line 1"),
    ] as [(String, String?, String)])
    func brokenThemeNamesFileAndKey(_ text: String, _ key: String?, _ reason: String) {
        #expect(throws: ThemeError.self) { try ThemeLoader.parse(text, file: "themes/broken.toml") }
        do {
            _ = try ThemeLoader.parse(text, file: "themes/broken.toml")
        } catch {
            #expect(error.key == key)
            #expect(error.description.contains("themes/broken.toml"))
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test func brokenThemeFallsBackToDarkWithAMessage() throws {
        let dir = NSTemporaryDirectory() + "cb-theme-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[styles.selected]\nbg = \"chartreuse\"\n".write(toFile: dir + "/ugly.toml", atomically: true, encoding: .utf8)
        let (theme, warning) = ThemeLoader.resolve(name: "ugly", environment: [:], directories: [dir])
        #expect(theme.name == "dark")
        #expect(warning?.contains("ugly.toml") == true)
        #expect(warning?.contains("styles.selected.bg") == true)
        let (_, missing) = ThemeLoader.resolve(name: "nope", environment: [:], directories: [dir])
        #expect(missing?.contains("nope.toml") == true)
    }
}
