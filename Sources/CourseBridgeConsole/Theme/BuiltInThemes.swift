/// The four themes shipped inside the binary, so `--theme light` works wherever the binary is installed.
/// `coursebridge console --print-theme NAME` writes one out as the start of a theme of one's own.
enum BuiltInThemes {
    static let names = ["dark", "light", "high-contrast", "mono"]

    static func text(_ name: String) -> String? {
        switch name {
        case "dark": dark
        case "light": light
        case "high-contrast": highContrast
        case "mono": mono
        default: nil
        }
    }

    static let dark = """
# CourseBridge console theme: dark (the default).
# Colours: default, black, red, green, yellow, blue, magenta, cyan, white, gray, bright-* or 0-255.
# Attributes: bold, underline, reverse, dim (true/false).
name = "dark"
color = true

[styles.normal]
fg = "default"
[styles.title]
fg = "black"
bg = "cyan"
bold = true
[styles.header]
fg = "cyan"
bold = true
[styles.selected]
fg = "black"
bg = "blue"
bold = true
[styles.footer]
fg = "white"
bg = "gray"
[styles.footerKey]
fg = "yellow"
bg = "gray"
bold = true
[styles.dim]
dim = true
[styles.ok]
fg = "green"
[styles.warning]
fg = "yellow"
bold = true
[styles.error]
fg = "red"
bold = true
[styles.failed]
fg = "red"
bold = true
[styles.held]
fg = "magenta"
bold = true
[styles.noCredentials]
fg = "yellow"
[styles.deactivated]
dim = true
[styles.locked]
fg = "gray"
[styles.barFull]
fg = "green"
[styles.barEmpty]
fg = "gray"
[styles.flash]
fg = "yellow"
bold = true
[styles.border]
fg = "cyan"
[styles.accent]
fg = "magenta"
bold = true
[styles.input]
underline = true
[styles.dialog]
fg = "white"
bg = "black"
bold = true
"""

    static let light = """
# CourseBridge console theme: light (dark text on a light terminal).
# Colours: default, black, red, green, yellow, blue, magenta, cyan, white, gray, bright-* or 0-255.
# Attributes: bold, underline, reverse, dim (true/false).
name = "light"
color = true

[styles.normal]
fg = "default"
[styles.title]
fg = "white"
bg = "blue"
bold = true
[styles.header]
fg = "blue"
bold = true
[styles.selected]
fg = "white"
bg = "blue"
bold = true
[styles.footer]
fg = "black"
bg = 252
[styles.footerKey]
fg = "blue"
bg = 252
bold = true
[styles.dim]
dim = true
[styles.ok]
fg = "green"
[styles.warning]
fg = 130
bold = true
[styles.error]
fg = "red"
bold = true
[styles.failed]
fg = "red"
bold = true
[styles.held]
fg = "magenta"
bold = true
[styles.noCredentials]
fg = 130
[styles.deactivated]
dim = true
[styles.locked]
fg = "gray"
[styles.barFull]
fg = "green"
[styles.barEmpty]
fg = "gray"
[styles.flash]
fg = 130
bold = true
[styles.border]
fg = "blue"
[styles.accent]
fg = "magenta"
bold = true
[styles.input]
underline = true
[styles.dialog]
fg = "black"
bg = "white"
bold = true
"""

    static let highContrast = """
# CourseBridge console theme: high contrast (bright white on black, strong selection).
name = "high-contrast"
color = true

[styles.normal]
fg = "bright-white"
bg = "black"
[styles.title]
fg = "black"
bg = "bright-yellow"
bold = true
[styles.header]
fg = "bright-yellow"
bg = "black"
bold = true
underline = true
[styles.selected]
fg = "black"
bg = "bright-white"
bold = true
[styles.footer]
fg = "bright-white"
bg = "black"
[styles.footerKey]
fg = "black"
bg = "bright-yellow"
bold = true
[styles.dim]
fg = "white"
bg = "black"
[styles.ok]
fg = "bright-green"
bg = "black"
bold = true
[styles.warning]
fg = "bright-yellow"
bg = "black"
bold = true
[styles.error]
fg = "bright-red"
bg = "black"
bold = true
[styles.failed]
fg = "bright-red"
bg = "black"
bold = true
[styles.held]
fg = "bright-magenta"
bg = "black"
bold = true
[styles.noCredentials]
fg = "bright-yellow"
bg = "black"
[styles.deactivated]
fg = "white"
bg = "black"
[styles.locked]
fg = "white"
bg = "black"
[styles.barFull]
fg = "bright-green"
bg = "black"
[styles.barEmpty]
fg = "white"
bg = "black"
[styles.flash]
fg = "bright-yellow"
bg = "black"
bold = true
[styles.border]
fg = "bright-white"
bg = "black"
[styles.accent]
fg = "bright-cyan"
bg = "black"
bold = true
[styles.input]
fg = "bright-white"
bg = "black"
underline = true
[styles.dialog]
fg = "bright-white"
bg = "blue"
bold = true
"""

    static let mono = """
# CourseBridge console theme: monochrome (also used when NO_COLOR is set). Meaning by attributes only.
name = "mono"
color = false

[styles.normal]
bold = false
[styles.title]
reverse = true
[styles.header]
bold = true
[styles.selected]
reverse = true
[styles.footer]
bold = false
[styles.footerKey]
bold = true
[styles.dim]
dim = true
[styles.ok]
bold = false
[styles.warning]
bold = true
[styles.error]
bold = true
underline = true
[styles.failed]
bold = true
underline = true
[styles.held]
bold = true
reverse = true
[styles.noCredentials]
underline = true
[styles.deactivated]
dim = true
[styles.locked]
dim = true
[styles.barFull]
reverse = true
[styles.barEmpty]
dim = true
[styles.flash]
bold = true
[styles.border]
bold = false
[styles.accent]
bold = true
[styles.input]
underline = true
[styles.dialog]
bold = true
"""
}
