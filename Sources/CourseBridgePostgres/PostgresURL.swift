import Foundation

/// Where a PostgreSQL database is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` (or `postgresql://`), as `--db` and
/// `COURSEBRIDGE_DB` give it. A password missing from the URL comes from `PGPASSWORD`, as with psql. The password is
/// never printed: `description` leaves it out.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Whether `text` names a PostgreSQL database rather than a file path (what `--db` uses to pick the backend).
    public static func looksLikePostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; `environment` supplies `PGPASSWORD` when the URL has no password.
    public init(parsing text: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresAccessError) {
        guard Self.looksLikePostgres(text) else {
            throw .invalidURL("'\(Self.redacted(text))' is not a PostgreSQL URL; write postgres://USER@HOST:PORT/DB")
        }
        // URLComponents percent-decodes user and password; a password may hold any character once encoded.
        guard let parts = URLComponents(string: text) else {
            throw .invalidURL("'\(Self.redacted(text))' is not a valid URL; percent-encode special characters of the "
                              + "user or password (e.g. @ as %40), or give the password in PGPASSWORD")
        }
        guard let user = parts.user, !user.isEmpty else {
            throw .invalidURL("'\(Self.redacted(text))' names no user; write postgres://USER@HOST:PORT/DB")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw .invalidURL("'\(Self.redacted(text))' names no host; write postgres://USER@HOST:PORT/DB")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalidURL("'\(Self.redacted(text))' names no database; write postgres://USER@HOST:PORT/DB")
        }
        if let query = parts.query, !query.isEmpty {
            throw .invalidURL("'\(Self.redacted(text))' has options after '?', which CourseBridge does not read; remove them")
        }
        let port = parts.port ?? 5432
        guard (1...65535).contains(port) else { throw .invalidURL("port \(port) is out of range 1–65535") }
        let password = parts.password ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        self.init(user: user, password: password, host: host, port: port, database: database)
    }

    /// The URL without its password, for messages and logs.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// `text` with anything between `://user:` and `@` replaced, for messages about a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
              scheme.upperBound <= at.lowerBound else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return text[..<colon] + ":***" + text[at.lowerBound...]
    }
}

// `dump`, `debugPrint` and `String(reflecting:)` would show every stored property, the password included.
extension PostgresURL: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["user": user, "host": host, "port": port, "database": database,
                                "password": password == nil ? "none" : "***"])
    }
}
