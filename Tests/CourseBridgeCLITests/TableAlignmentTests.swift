import Foundation
import Testing

/// CLI tables line up in a terminal whatever script the data is in (issue 17 #11: CJK names misaligned).
struct TableAlignmentTests {
    /// Terminal columns of a plain test string: CJK ideographs take two.
    func columns(_ s: Substring) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
    }

    @Test func wideCharactersKeepTheNextColumnAligned() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try cli.run(["user", "add", "--email", "taro@example.jp", "--username", "山田太郎", "--external-id", "EXT-1"])
        try cli.run(["user", "add", "--email", "ann@example.com", "--username", "ann", "--external-id", "EXT-2"])
        let list = try cli.run(["user", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        let starts = list.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "EXT-") ?? line.range(of: "EXTERNAL ID") else { return nil }
            return columns(line[..<range.lowerBound])
        }
        #expect(starts.count == 3, "\(list.stdout)")
        #expect(Set(starts).count == 1, "the external id column starts at columns \(starts):\n\(list.stdout)")
    }
}
