import Foundation

extension Date {
    /// A date from seconds since 1970 when it falls in the years 1–9999, the ones people and stored dates can show;
    /// nil for NaN, infinities and the absurd values a provider's page may hold (`1e300` ms), which later arithmetic
    /// (whole milliseconds in a fingerprint) cannot hold.
    public init?(readableEpochSeconds seconds: Double) {
        guard seconds.isFinite, seconds > -62_135_596_800, seconds < 253_402_300_800 else { return nil }
        self.init(timeIntervalSince1970: seconds)
    }
}
