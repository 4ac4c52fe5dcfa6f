import Foundation
@testable import CourseBridgeProviders

/// Documented-shape response bodies in `Tests/Fixtures/<provider>/`, found from this file's path
/// (no bundle resources: the fixtures stay plain files next to their SOURCES.md).
enum FixtureFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ path: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(path)) }

    static func parsed(_ path: String) throws -> ProviderJSON { try ProviderJSON.parse(try data(path)) }

    /// A response whose body is the fixture at `path`; a missing file answers 500 so the test fails loudly.
    static func response(_ path: String, status: Int = 200, url: String, headers: [(String, String)] = []) -> HTTPResponse {
        guard let body = try? data(path) else {
            return HTTPResponse(status: 500, body: Data("{\"message\":\"missing fixture \(path)\"}".utf8), url: url)
        }
        return HTTPResponse(status: status, headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }), body: body, url: url)
    }

    // MARK: - By provider folder and file name

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

/// A transport answering each request with the fixture `route` names; unknown routes get `notFound`.
/// A fixture named `…error-NNN…` is served with status NNN.
func fixtureTransport(notFound: String, _ route: @escaping @Sendable (HTTPRequest) -> String?) -> ScriptedTransport {
    ScriptedTransport { request, _ in
        let file = route(request) ?? notFound
        return FixtureFiles.response(file, status: FixtureFiles.status(of: file), url: request.url)
    }
}

extension FixtureFiles {
    static func status(of file: String) -> Int {
        guard let range = file.range(of: "error-") else { return 200 }
        return Int(file[range.upperBound...].prefix(3)) ?? 500
    }
}

func utc(_ text: String) -> Date { ValueParsing.date(text)! }
