/// What a cell means; a theme decides how it looks. Screens only ever name these.
public enum StyleID: String, CaseIterable, Sendable, Hashable {
    case normal, title, header, selected, footer, footerKey, dim, ok, warning, error, locked, barFull, barEmpty,
         flash, border, accent, input, dialog
    /// States an administrator must notice, one role each on every screen (`StateStyle` picks them).
    case failed, held, noCredentials, deactivated

    /// What an own theme written before these roles existed shows instead.
    var fallback: StyleID? {
        switch self {
        case .failed: .error
        case .held, .noCredentials: .warning
        case .deactivated: .dim
        default: nil
        }
    }
}

public enum ThemeColor: Equatable, Sendable {
    case terminalDefault
    case index(Int16)
}

public struct Style: Equatable, Sendable {
    public var fg: ThemeColor = .terminalDefault
    public var bg: ThemeColor = .terminalDefault
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false
    public init(fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault, bold: Bool = false,
                underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}

/// A colour theme (built in, or a TOML file of the same shape). Colours off (`usesColor == false`) means attributes only.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var usesColor: Bool
    public var styles: [StyleID: Style]

    public func style(_ id: StyleID) -> Style { styles[id] ?? id.fallback.flatMap { styles[$0] } ?? styles[.normal] ?? Style() }

    /// The built-in default, used when no theme file can be read.
    public static let builtInDark = Theme(name: "dark", usesColor: true, styles: [
        .normal: Style(), .title: Style(fg: .index(0), bg: .index(6), bold: true), .header: Style(fg: .index(6), bold: true),
        .selected: Style(fg: .index(0), bg: .index(4), bold: true), .footer: Style(fg: .index(7), bg: .index(8)),
        .footerKey: Style(fg: .index(3), bg: .index(8), bold: true), .dim: Style(dim: true), .ok: Style(fg: .index(2)),
        .warning: Style(fg: .index(3), bold: true), .error: Style(fg: .index(1), bold: true), .locked: Style(fg: .index(8)),
        .barFull: Style(fg: .index(2)), .barEmpty: Style(fg: .index(8)), .flash: Style(fg: .index(3), bold: true),
        .border: Style(fg: .index(6)), .accent: Style(fg: .index(5), bold: true), .input: Style(underline: true),
        .dialog: Style(fg: .index(7), bg: .index(0), bold: true),
        .failed: Style(fg: .index(1), bold: true), .held: Style(fg: .index(5), bold: true), .noCredentials: Style(fg: .index(3)),
        .deactivated: Style(dim: true),
    ])

    /// NO_COLOR and the mono theme: reverse and bold carry the meaning.
    public static let builtInMono = Theme(name: "mono", usesColor: false, styles: [
        .normal: Style(), .title: Style(reverse: true), .header: Style(bold: true), .selected: Style(reverse: true),
        .footer: Style(), .footerKey: Style(bold: true), .dim: Style(dim: true), .ok: Style(), .warning: Style(bold: true),
        .error: Style(bold: true), .locked: Style(dim: true), .barFull: Style(reverse: true), .barEmpty: Style(),
        .flash: Style(bold: true), .border: Style(), .accent: Style(bold: true), .input: Style(underline: true),
        .dialog: Style(bold: true),
        .failed: Style(bold: true, underline: true), .held: Style(bold: true, reverse: true), .noCredentials: Style(underline: true),
        .deactivated: Style(dim: true),
    ])
}
