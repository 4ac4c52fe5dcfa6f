import Foundation

/// A validated xAPI 1.0.3 statement: the parts CourseBridge uses, plus the JSON as received.
public struct XAPIStatement: Equatable, Sendable {
    public var id: String?
    public var actor: XAPIActor
    public var verb: XAPIVerb
    public var object: XAPIObject
    public var result: XAPIResult?
    public var timestamp: Date?
    /// The statement exactly as parsed: what the store keeps.
    public var raw: XAPIJSON

    public init(id: String?, actor: XAPIActor, verb: XAPIVerb, object: XAPIObject, result: XAPIResult? = nil,
                timestamp: Date? = nil, raw: XAPIJSON) {
        self.id = id
        self.actor = actor
        self.verb = verb
        self.object = object
        self.result = result
        self.timestamp = timestamp
        self.raw = raw
    }

    /// A voiding statement: verb `voided` and a StatementRef object.
    public var voidedStatementId: String? {
        guard verb.id == XAPIVerb.voided, case .statementRef(let id) = object else { return nil }
        return id
    }
}

// MARK: - Actor

/// The one Inverse Functional Identifier of an Agent.
public enum XAPIAgentIdentifier: Equatable, Sendable {
    /// The address without `mailto:`.
    case mbox(String)
    case mboxSHA1Sum(String)
    case openid(String)
    case account(homePage: String, name: String)
}

public struct XAPIActor: Equatable, Sendable {
    public var identifier: XAPIAgentIdentifier
    public var name: String?
    public var isGroup: Bool

    public init(identifier: XAPIAgentIdentifier, name: String? = nil, isGroup: Bool = false) {
        self.identifier = identifier
        self.name = name
        self.isGroup = isGroup
    }

    public var email: String? { if case .mbox(let e) = identifier { e } else { nil } }
    public var accountName: String? { if case .account(_, let n) = identifier { n } else { nil } }
}

// MARK: - Verb, object

public struct XAPIVerb: Equatable, Sendable {
    public static let voided = "http://adlnet.gov/expapi/verbs/voided"
    public static let completed = "http://adlnet.gov/expapi/verbs/completed"
    public static let progressed = "http://adlnet.gov/expapi/verbs/progressed"

    public var id: String
    public var display: String?

    public init(id: String, display: String? = nil) {
        self.id = id
        self.display = display
    }

    /// The verb's last path segment, lower case (`completed`, `arrived`): vocabularies differ by host.
    public var name: String {
        (id.split(separator: "/").last.map(String.init) ?? id).lowercased()
    }
}

public enum XAPIObject: Equatable, Sendable {
    case activity(id: String, type: String?)
    case statementRef(id: String)
    /// Agent, Group or SubStatement objects: valid xAPI, never a course.
    case other(objectType: String)

    public var activityId: String? { if case .activity(let id, _) = self { id } else { nil } }
}

// MARK: - Result

public struct XAPIScore: Equatable, Sendable {
    public var scaled: Double?
    public var raw: Double?
    public var min: Double?
    public var max: Double?

    public init(scaled: Double? = nil, raw: Double? = nil, min: Double? = nil, max: Double? = nil) {
        self.scaled = scaled
        self.raw = raw
        self.min = min
        self.max = max
    }

    /// Score in percent: `scaled × 100`, else `raw / max × 100` (providers.md §4).
    public var percent: Double? {
        if let scaled { return scaled * 100 }
        if let raw, let max, max > 0 { return raw / max * 100 }
        return nil
    }
}

public struct XAPIResult: Equatable, Sendable {
    public static let progressExtension = "https://w3id.org/xapi/cmi5/result/extensions/progress"

    public var completion: Bool?
    public var success: Bool?
    public var score: XAPIScore?
    public var durationSeconds: Double?
    /// The cmi5 progress extension, 0–100, sent as a number or a string.
    public var progressPercent: Double?

    public init(completion: Bool? = nil, success: Bool? = nil, score: XAPIScore? = nil, durationSeconds: Double? = nil,
                progressPercent: Double? = nil) {
        self.completion = completion
        self.success = success
        self.score = score
        self.durationSeconds = durationSeconds
        self.progressPercent = progressPercent
    }
}
