@testable import CourseBridgeConsole
import Foundation
import Testing

@Suite("themes")
struct ThemeTests {
    static let themesDir: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../themes").standardized.path
    }()

    @Test(arguments: ["dark", "light", "high-contrast", "mono"])
    func shippedThemesLoad(_ name: String) throws {
        let text = try String(contentsOfFile: Self.themesDir + "/\(name).toml", encoding: .utf8)
        let theme = try ThemeLoader.parse(text, file: "\(name).toml")
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleID.allCases))
        #expect(theme.usesColor == (name != "mono"))
    }

    @Test func noColorForcesMonochrome() {
        let (theme, warning) = ThemeLoader.resolve(name: "dark", environment: ["NO_COLOR": "1"], directories: [Self.themesDir])
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
