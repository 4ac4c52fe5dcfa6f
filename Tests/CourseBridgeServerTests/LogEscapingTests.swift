import CourseBridgeData
import CourseBridgeServer
import Foundation
import Testing

/// Security review L1: what a sender controls (statement ids, actors, client ids) cannot forge log lines or
/// send escape sequences to whoever reads the `serve` log.
struct LogEscapingTests {
    @Test("control characters, escape sequences and bidi overrides become visible text", arguments: [
        ("plain id 1234", "plain id 1234"),
        ("a\nb", "a\\nb"),
        ("a\r\nfake 2026 info line", "a\\r\\nfake 2026 info line"),
        ("\u{1b}[31mred\u{1b}[0m", "\\u001b[31mred\\u001b[0m"),
        ("bell\u{07}", "bell\\u0007"),
        ("c1 \u{9b}31m", "c1 \\u009b31m"),
        ("del\u{7f}", "del\\u007f"),
        ("tab\there", "tab\\there"),
        ("back\\slash", "back\\\\slash"),
        ("rtl \u{202e}gnp.exe", "rtl \\u202egnp.exe"),
        ("sep\u{2028}line", "sep\\u2028line"),
        ("accents é ü 日本", "accents é ü 日本"),
    ])
    func escape(_ input: String, _ expected: String) {
        #expect(LogEscaping.escape(input) == expected)
    }

    @Test("a log line with a hostile message and metadata stays one line without raw control bytes")
    func logFile() throws {
        let path = NSTemporaryDirectory() + "cb-log-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let logger = try LogSink.file(path).logger(label: "coursebridge.serve")
        logger.notice("statement quarantined\nFAKE line", metadata: [
            "id": "x\n2026-01-01T00:00:00Z critical coursebridge.serve: owned",
            "actor": "\u{1b}]0;title\u{07}\u{1b}[2J",
        ])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1, "\(text)")
        #expect(!text.utf8.contains(0x1B) && !text.utf8.contains(0x07))
        #expect(text.contains("\\u001b]0;title\\u0007"))
        #expect(text.contains("statement quarantined\\nFAKE line"))
    }
}
