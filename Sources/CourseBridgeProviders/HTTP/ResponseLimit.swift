/// The most one provider response may hold, counted after decompression (gzip, brotli and zstd
/// are accepted, so a small compressed body can inflate to gigabytes). The biggest real page,
/// 1000 Coursera contents, is a few megabytes; the rest of the cap is headroom.
public enum ResponseLimit {
    public static let defaultBytes = 64 << 20

    /// "64 MiB", "512 KiB", "300 bytes".
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
