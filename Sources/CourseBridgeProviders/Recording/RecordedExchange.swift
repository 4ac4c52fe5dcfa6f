import Foundation

/// One request and its answer as `sync --record` writes it and `simulate --replay` serves it back.
/// URLs and bodies hold `{api}` and `{token}` where the integration's API base and token URL stood,
/// so a recording replays on any host; secrets, tokens and e-mail addresses are already scrubbed.
public struct RecordedExchange: Codable, Sendable, Equatable {
    public struct Request: Codable, Sendable, Equatable {
        public var method: String
        public var url: String
        public var headers: [[String]]
        public var body: String?
    }

    public struct Response: Codable, Sendable, Equatable {
        public var status: Int
        public var headers: [[String]]
        public var body: String
    }

    public var sequence: Int
    public var request: Request
    public var response: Response
}

/// `manifest.json` of a recording: what was recorded, and the pseudonymous learners its pages name
/// (a replay into a fresh database needs those users to land the same attempts).
public struct RecordingManifest: Codable, Sendable, Equatable {
    public static let apiPlaceholder = "{api}"
    public static let tokenPlaceholder = "{token}"
    public static let fileName = "manifest.json"

    public var format = 1
    public var provider: String
    public var recordedAt: String
    public var exchanges: Int
    public var learners: [String]
    /// The credentials that are not secret and appear in URLs (organization ids): a replay needs the same.
    public var credentials: [String: String]

    public init(provider: String, recordedAt: String, exchanges: Int, learners: [String], credentials: [String: String]) {
        self.provider = provider
        self.recordedAt = recordedAt
        self.exchanges = exchanges
        self.learners = learners
        self.credentials = credentials
    }

    /// `0001.json`, `0002.json`, …: the order the run sent them in.
    public static func exchangeFileName(_ sequence: Int) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".json"
    }
}
