import Foundation
import TOMLKit

/// A theme file that cannot be used: the message names the file and the key.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var key: String?
    public var reason: String
    public var description: String {
        "theme \(file): \(key.map { "key '\($0)': " } ?? "")\(reason); using the default dark theme"
    }
}

/// Reads a theme (built in, `NAME.toml` in a themes folder, or a file path): `[styles.ID]` tables with `fg`, `bg` (a colour name or 0–255) and
/// `bold`, `underline`, `reverse`, `dim` (booleans); top-level `color = false` for monochrome.
public enum ThemeLoader {
    static let colorNames: [String: Int16] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7, "gray": 8, "grey": 8,
        "bright-red": 9, "bright-green": 10, "bright-yellow": 11, "bright-blue": 12, "bright-magenta": 13,
        "bright-cyan": 14, "bright-white": 15,
    ]

    /// Picks the theme: NO_COLOR forces mono; a broken or missing file falls back to dark with a message.
    public static func resolve(name: String?, environment: [String: String], directories: [String]) -> (Theme, String?) {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return (loadNamed("mono", directories).0 ?? .builtInMono, nil) }
        let wanted = name ?? "dark"
        let (theme, error) = loadNamed(wanted, directories)
        if let theme { return (theme, nil) }
        return (loadNamed("dark", directories).0 ?? .builtInDark, error?.description)
    }

    /// A path (holding `/` or ending in `.toml`) is read as it is; a name is looked up in `directories`, then
    /// among the themes built into the binary.
    static func loadNamed(_ name: String, _ directories: [String]) -> (Theme?, ThemeError?) {
        if name.contains("/") || name.hasSuffix(".toml") { return loadFile(name) }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return (nil, ThemeError(file: name, key: nil, reason: "not a theme name (letters, digits, - and _) nor a path to a .toml file"))
        }
        for dir in directories {
            let path = (dir as NSString).appendingPathComponent("\(name).toml")
            if FileManager.default.fileExists(atPath: path) { return loadFile(path) }
        }
        if let text = BuiltInThemes.text(name) {
            do { return (try parse(text, file: "\(name) (built in)"), nil) } catch { return (nil, error) }
        }
        return (nil, ThemeError(file: "\(name).toml", key: nil,
                                reason: "no such theme: built in are \(BuiltInThemes.names.joined(separator: ", "))"
                                    + (directories.isEmpty ? "" : "; own themes are looked up in \(directories.joined(separator: ", "))")
                                    + "; or give a path to a .toml file"))
    }

    static func loadFile(_ path: String) -> (Theme?, ThemeError?) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return (nil, ThemeError(file: path, key: nil, reason: "cannot be read"))
        }
        do { return (try parse(text, file: path), nil) } catch { return (nil, error) }
    }

    /// The TOML of a built-in theme, to start a theme of one's own from.
    public static func builtInText(_ name: String) -> String? { BuiltInThemes.text(name) }

    public static var builtInNames: [String] { BuiltInThemes.names }

    // MARK: - Parsing

    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ThemeError(file: file, key: nil, reason: "not valid TOML at line \(e.source.begin.line): \(e.description)")
        } catch {
            throw ThemeError(file: file, key: nil, reason: "not valid TOML")
        }
        var theme = Theme.builtInDark
        theme.name = table["name"]?.string ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if let color = table["color"] {
            guard let flag = color.bool else { throw ThemeError(file: file, key: "color", reason: "must be true or false") }
            theme.usesColor = flag
        }
        guard let styles = table["styles"]?.table else { throw ThemeError(file: file, key: "styles", reason: "missing [styles.*] tables") }
        for key in styles.keys {
            guard let id = StyleID(rawValue: key) else {
                throw ThemeError(file: file, key: "styles.\(key)",
                                 reason: "unknown style; known: \(StyleID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let entry = styles[key]?.table else { throw ThemeError(file: file, key: "styles.\(key)", reason: "must be a table") }
            theme.styles[id] = try style(entry, path: "styles.\(key)", file: file)
        }
        return theme
    }

    private static func style(_ t: TOMLTable, path: String, file: String) throws(ThemeError) -> Style {
        var s = Style()
        for key in t.keys {
            let value = t[key]
            switch key {
            case "fg", "bg":
                let c = try color(value, key: "\(path).\(key)", file: file)
                if key == "fg" { s.fg = c } else { s.bg = c }
            case "bold", "underline", "reverse", "dim":
                guard let b = value?.bool else { throw ThemeError(file: file, key: "\(path).\(key)", reason: "must be true or false") }
                switch key {
                case "bold": s.bold = b
                case "underline": s.underline = b
                case "reverse": s.reverse = b
                default: s.dim = b
                }
            default:
                throw ThemeError(file: file, key: "\(path).\(key)", reason: "unknown key; use fg, bg, bold, underline, reverse, dim")
            }
        }
        return s
    }

    private static func color(_ value: (any TOMLValueConvertible)?, key: String, file: String) throws(ThemeError) -> ThemeColor {
        if let n = value?.int {
            guard (0...255).contains(n) else { throw ThemeError(file: file, key: key, reason: "colour \(n) is outside 0–255") }
            return .index(Int16(n))
        }
        guard let name = value?.string?.lowercased() else {
            throw ThemeError(file: file, key: key, reason: "must be a colour name or a number 0–255")
        }
        if name == "default" { return .terminalDefault }
        guard let n = colorNames[name] else {
            throw ThemeError(file: file, key: key, reason: "unknown colour '\(name)'; use default, \(colorNames.keys.sorted().joined(separator: ", ")) or 0–255")
        }
        return .index(n)
    }
}
