/// A member's role in a group (DESIGN §1).
public enum Role: String, CaseIterable, Codable, Sendable {
    case platformAdmin = "platform-admin"
    case groupAdmin = "group-admin"
    case coach, editor, contributor, learner

    public init(name: String) throws(CoreError) {
        guard let r = Role(rawValue: name.lowercased()) else { throw .invalidValue(field: "role", value: name, expected: Role.allCases.map(\.rawValue)) }
        self = r
    }
}

/// How pushed statements are matched to users (seeds 002 and 004, "Learner identification").
public enum LearnerIdentification: String, CaseIterable, Codable, Sendable {
    case email
    case username
    case externalId = "external-id"

    public init(name: String) throws(CoreError) {
        guard let m = LearnerIdentification(rawValue: name.lowercased()) else {
            throw .invalidValue(field: "learner identification", value: name, expected: Self.allCases.map(\.rawValue))
        }
        self = m
    }

    public var label: String {
        switch self {
        case .email: "Email"
        case .username: "User Name"
        case .externalId: "External Identifier"
        }
    }

    /// Where the identifier must be in a statement, as the seeds say.
    public var statementField: String {
        switch self {
        case .email: "actor.mbox"
        case .username, .externalId: "actor.account.name"
        }
    }
}

public enum IntegrationState: String, Codable, Sendable { case active, deactivated }
public enum CourseStatus: String, CaseIterable, Codable, Sendable { case active, archived }
public enum TagSource: String, Codable, Sendable { case synced, manual }
