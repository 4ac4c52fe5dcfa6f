extension Double {
    /// The value rounded to a whole number of seconds, or nil when no `Int` holds it (NaN, an infinity, 1e300).
    /// Durations and waits come from providers' pages, headers and pushed statements: `Int(x.rounded())` on one of
    /// those would stop the process.
    public var wholeSeconds: Int? {
        Int(exactly: rounded())
    }
}
