/// Errors of the pure domain: each description tells an administrator what to do.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownProvider(String)
    case invalidValue(field: String, value: String, expected: [String])
    case invalidEmail(String)
    case invalidTime(String)
    case unknownTimeZone(String)
    case credentials(CredentialProblem)

    public var description: String {
        switch self {
        case .unknownProvider(let name):
            "unknown provider '\(name)': use one of \(Provider.allCases.map(\.rawValue).joined(separator: ", "))"
        case .invalidValue(let field, let value, let expected):
            "invalid \(field) '\(value)': use one of \(expected.joined(separator: ", "))"
        case .invalidEmail(let value):
            "'\(value)' is not a valid email address (expected name@domain)"
        case .invalidTime(let value):
            "invalid time '\(value)': use HH:MM on a 24-hour clock, e.g. 08:10"
        case .unknownTimeZone(let value):
            "unknown time zone '\(value)': use an IANA name such as Europe/Paris or America/New_York"
        case .credentials(let problem):
            problem.description
        }
    }
}

/// What was wrong with the credential lines an administrator gave.
public enum CredentialProblem: Equatable, Sendable, CustomStringConvertible {
    case unknownKeys([String], provider: Provider)
    case missingKeys([String], provider: Provider)
    case malformedLine(Int)
    case emptyValue(String)

    public var description: String {
        switch self {
        case .unknownKeys(let keys, let p):
            "unknown credential key(s) \(keys.joined(separator: ", ")) for \(p.displayName); expected keys: \(Self.expected(p))"
        case .missingKeys(let keys, let p):
            "missing credential key(s) \(keys.joined(separator: ", ")) for \(p.displayName); expected keys: \(Self.expected(p))"
        case .malformedLine(let n):
            "line \(n) is not key=value (values are never echoed)"
        case .emptyValue(let key):
            "credential '\(key)' is empty"
        }
    }

    private static func expected(_ p: Provider) -> String {
        p.credentialFields.map(\.key).joined(separator: " ")
    }
}
