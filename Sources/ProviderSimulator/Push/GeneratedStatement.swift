import Foundation

/// One xAPI statement as a provider would push it, with what it says in plain fields so tests and
/// the push loop can reason about it without parsing the JSON.
public struct GeneratedStatement: Sendable, Equatable {
    /// The statement id (a UUID, or with quirks on, LinkedIn's non-UUID form).
    public let id: String
    public let provider: PushProvider
    /// Learner number N of `learner{N}@example.com`.
    public let learner: Int
    /// The catalog's provider id of the course (`urn:li:lyndaCourse:N`, Skillsoft content UUID).
    public let courseProviderId: String
    /// The xAPI object id as sent (`urn:lyndaCourse:N`, `https://xapi.percipio.com/xapi/course/UUID`).
    public let objectId: String
    /// Last segment of the verb id: `progressed`, `completed`, `arrived`, `initialized`, `passed` …
    public let verb: String
    /// LinkedIn progress 0–100 (nil for Skillsoft).
    public let progress: Int?
    /// Skillsoft `result.score.scaled` × 100, when scored.
    public let scorePercent: Int?
    public let timestamp: Date
    /// The statement, serialized as it goes on the wire.
    public let json: String

    /// Whether the statement ends an attempt (LinkedIn `completed`, Skillsoft `completed`/`passed`).
    public var isCompletion: Bool { verb == "completed" || verb == "passed" }
}
