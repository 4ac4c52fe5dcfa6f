import Foundation
@testable import CourseBridgeProviders

/// The hand-written, documented-shape fixtures under `Tests/Fixtures/<provider>/` (see SOURCES.md there),
/// found from this file's path: no Package.swift resources needed.
enum FixtureFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ provider: String, _ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(provider).appendingPathComponent(name))
    }

    static func text(_ provider: String, _ name: String) throws -> String {
        String(decoding: try data(provider, name), as: UTF8.self)
    }

    /// `Name: value` lines of a `.headers` file.
    static func headers(_ provider: String, _ name: String) throws -> [(String, String)] {
        try text(provider, name).split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
    }

    /// An HTTP answer made of a fixture body (and its headers file, when given).
    static func response(_ provider: String, _ body: String, headers: String? = nil, status: Int = 200,
                         url: String) throws -> HTTPResponse {
        let fields = try headers.map { try Self.headers(provider, $0) } ?? [("Content-Type", "application/json")]
        return HTTPResponse(status: status, headers: HTTPHeaders(fields.map { (name: $0.0, value: $0.1) }),
                            body: try data(provider, body), url: url)
    }
}
