import Foundation

/// Validates xAPI 1.0.3 statements from a request body into `XAPIStatement` values. The first problem
/// found is thrown, with the path where it is, so a provider's developer can fix the sender.
public enum XAPIStatementParser {
    public struct Options: Sendable, Equatable {
        /// LinkedIn Learning sends statement ids that are not valid UUIDs: accept any non-empty id.
        public var acceptsNonUUIDIds: Bool
        public init(acceptsNonUUIDIds: Bool = false) { self.acceptsNonUUIDIds = acceptsNonUUIDIds }

        public static let strict = Options()
        public static let linkedIn = Options(acceptsNonUUIDIds: true)

        public static func `for`(_ provider: Provider) -> Options { provider == .linkedin ? .linkedIn : .strict }
    }

    // MARK: - Body

    /// A single statement or an array of them. An array must not repeat an id.
    public static func parse(body: Data, options: Options = .strict) throws(XAPIValidationError) -> [XAPIStatement] {
        let json: XAPIJSON
        do {
            json = try XAPIJSON.parse(body)
        } catch {
            throw XAPIValidationError(path: "body", problem: "is not valid JSON (\(error)): send one statement object or an array of statements")
        }
        return try parse(json: json, options: options)
    }

    public static func parse(json: XAPIJSON, options: Options = .strict) throws(XAPIValidationError) -> [XAPIStatement] {
        switch json {
        case .object:
            return [try statement(json, at: "statement", options: options)]
        case .array(let items):
            guard !items.isEmpty else { throw XAPIValidationError(path: "body", problem: "is an empty array: send at least one statement") }
            var result: [XAPIStatement] = []
            var firstIndexById: [String: Int] = [:]
            for (index, item) in items.enumerated() {
                let s = try statement(item, at: "statement[\(index)]", options: options)
                if let id = s.id {
                    if let first = firstIndexById[id.lowercased()] {
                        throw XAPIValidationError(path: "statement[\(index)].id",
                                                  problem: "repeats the id of statement[\(first)]: a batch must not send one id twice")
                    }
                    firstIndexById[id.lowercased()] = index
                }
                result.append(s)
            }
            return result
        default:
            throw XAPIValidationError(path: "body", problem: "must be a statement object or an array of statements, got \(json.typeName)")
        }
    }

    // MARK: - Statement

    public static func statement(_ json: XAPIJSON, at path: String, options: Options = .strict) throws(XAPIValidationError) -> XAPIStatement {
        guard let fields = json.objectValue else { throw XAPIValidationError(path: path, problem: "must be an object, got \(json.typeName)") }
        let id = try statementId(fields["id"], at: "\(path).id", options: options)
        guard let actorJSON = present(fields["actor"]) else { throw missing("\(path).actor", "who did it (an Agent with mbox or account)") }
        guard let verbJSON = present(fields["verb"]) else { throw missing("\(path).verb", "what was done (an object with an IRI id)") }
        guard let objectJSON = present(fields["object"]) else { throw missing("\(path).object", "what it was done to (an Activity with an id)") }
        let actor = try parseActor(actorJSON, at: "\(path).actor")
        let verb = try parseVerb(verbJSON, at: "\(path).verb")
        let object = try parseObject(objectJSON, at: "\(path).object", options: options)
        let result = try present(fields["result"]).map { r throws(XAPIValidationError) in try parseResult(r, at: "\(path).result") }
        var timestamp: Date?
        if let t = present(fields["timestamp"]) {
            guard let text = t.stringValue, let date = XAPITimestamp.parse(text) else {
                throw XAPIValidationError(path: "\(path).timestamp",
                                          problem: "\(describe(t)) is not an ISO 8601 date-time (e.g. 2024-05-01T10:00:00Z)")
            }
            timestamp = date
        }
        if verb.id == XAPIVerb.voided, case .statementRef = object {} else if verb.id == XAPIVerb.voided {
            throw XAPIValidationError(path: "\(path).object", problem: "a voiding statement (verb voided) must have a StatementRef object")
        }
        return XAPIStatement(id: id, actor: actor, verb: verb, object: object, result: result, timestamp: timestamp, raw: json)
    }

    static func statementId(_ json: XAPIJSON?, at path: String, options: Options) throws(XAPIValidationError) -> String? {
        guard let json = present(json) else { return nil }
        guard let text = json.stringValue, !text.trimmed.isEmpty else {
            throw XAPIValidationError(path: path, problem: "must be a non-empty string, got \(describe(json))")
        }
        if !options.acceptsNonUUIDIds, UUID(uuidString: text) == nil {
            throw XAPIValidationError(path: path, problem: "'\(text.prefix(64))' is not a UUID")
        }
        // Ids that are not UUIDs (LinkedIn) are still keys: bounded like a URL path segment.
        guard text.utf8.count <= maxStatementIdBytes else {
            throw XAPIValidationError(path: path, problem: "is \(text.utf8.count) bytes long: a statement id has at most \(maxStatementIdBytes)")
        }
        return text
    }

    public static let maxStatementIdBytes = 256

    // MARK: - Verb and object

    static func parseVerb(_ json: XAPIJSON, at path: String) throws(XAPIValidationError) -> XAPIVerb {
        guard let fields = json.objectValue else { throw XAPIValidationError(path: path, problem: "must be an object, got \(json.typeName)") }
        let id = try iri(fields["id"], at: "\(path).id")
        var display: String?
        if let map = present(fields["display"]) {
            guard let languages = map.objectValue else {
                throw XAPIValidationError(path: "\(path).display", problem: "must be a language map ({\"en-US\": \"completed\"})")
            }
            display = languages["en-US"]?.stringValue ?? languages["en"]?.stringValue
                ?? languages.keys.sorted().lazy.compactMap { languages[$0]?.stringValue }.first
        }
        return XAPIVerb(id: id, display: display)
    }

    static func parseObject(_ json: XAPIJSON, at path: String, options: Options) throws(XAPIValidationError) -> XAPIObject {
        guard let fields = json.objectValue else { throw XAPIValidationError(path: path, problem: "must be an object, got \(json.typeName)") }
        let objectType = try optionalString(fields["objectType"], at: "\(path).objectType") ?? "Activity"
        switch objectType {
        case "Activity":
            let id = try iri(fields["id"], at: "\(path).id")
            var type: String?
            if let definition = present(fields["definition"]) {
                guard let d = definition.objectValue else {
                    throw XAPIValidationError(path: "\(path).definition", problem: "must be an object, got \(definition.typeName)")
                }
                if d["type"] != nil, present(d["type"]) != nil { type = try iri(d["type"], at: "\(path).definition.type") }
            }
            return .activity(id: id, type: type)
        case "StatementRef":
            guard let id = try statementId(fields["id"], at: "\(path).id", options: options) else {
                throw missing("\(path).id", "the id of the statement referred to")
            }
            return .statementRef(id: id)
        case "Agent", "Group", "SubStatement":
            return .other(objectType: objectType)
        default:
            throw XAPIValidationError(path: "\(path).objectType",
                                      problem: "'\(objectType)' is not one of Activity, Agent, Group, StatementRef, SubStatement")
        }
    }

    // MARK: - Shared checks

    /// JSON null counts as absent.
    static func present(_ json: XAPIJSON?) -> XAPIJSON? {
        guard let json, json != .null else { return nil }
        return json
    }

    static func missing(_ path: String, _ what: String) -> XAPIValidationError {
        XAPIValidationError(path: path, problem: "is required: \(what)")
    }

    static func optionalString(_ json: XAPIJSON?, at path: String) throws(XAPIValidationError) -> String? {
        guard let json = present(json) else { return nil }
        guard let s = json.stringValue else { throw XAPIValidationError(path: path, problem: "must be a string, got \(json.typeName)") }
        return s
    }

    /// An IRI as xAPI uses it: a scheme, a colon, no spaces (`http://…`, `urn:lyndaCourse:252`).
    static func iri(_ json: XAPIJSON?, at path: String) throws(XAPIValidationError) -> String {
        guard let json = present(json) else { throw missing(path, "an IRI such as http://adlnet.gov/expapi/verbs/completed") }
        guard let s = json.stringValue, isIRI(s) else {
            throw XAPIValidationError(path: path, problem: "\(describe(json)) is not an IRI (expected a scheme such as http: or urn:)")
        }
        return s
    }

    static func isIRI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex, s.index(after: colon) != s.endIndex,
              !containsWhitespace(s) else { return false }
        let scheme = s[..<colon]
        return scheme.first!.isLetter && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }

    /// `Character.isWhitespace` over the string, read byte by byte while it is ASCII (IRIs almost always are;
    /// the Unicode property lookup per character was a tenth of parsing a statement).
    static func containsWhitespace(_ s: String) -> Bool {
        for byte in s.utf8 {
            if byte >= 0x80 { return s.contains(where: { $0.isWhitespace }) }
            if byte == 0x20 || (0x09...0x0D).contains(byte) { return true }
        }
        return false
    }

    static func describe(_ json: XAPIJSON) -> String {
        if let s = json.stringValue { return "'\(s)'" }
        return json.typeName
    }
}
