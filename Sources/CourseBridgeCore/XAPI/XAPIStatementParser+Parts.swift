import Foundation

// MARK: - Actor

extension XAPIStatementParser {
    static let identifierKeys = ["mbox", "mbox_sha1sum", "openid", "account"]

    static func parseActor(_ json: XAPIJSON, at path: String) throws(XAPIValidationError) -> XAPIActor {
        guard let fields = json.objectValue else {
            throw XAPIValidationError(path: path, problem: "must be an object (an Agent), got \(json.typeName)")
        }
        let objectType = try optionalString(fields["objectType"], at: "\(path).objectType") ?? "Agent"
        guard objectType == "Agent" || objectType == "Group" else {
            throw XAPIValidationError(path: "\(path).objectType", problem: "'\(objectType)' is not Agent or Group")
        }
        let found = identifierKeys.filter { present(fields[$0]) != nil }
        if objectType == "Group", found.isEmpty {
            throw XAPIValidationError(path: path, problem: "an anonymous Group cannot be matched to a learner: send an Agent with mbox or account")
        }
        guard found.count == 1 else {
            let kind = objectType == "Group" ? "a Group" : "an Agent"
            throw XAPIValidationError(path: path, problem: "\(kind) needs exactly one identifier (mbox, mbox_sha1sum, openid or account), "
                                      + (found.isEmpty ? "found none" : "found \(found.joined(separator: " and "))"))
        }
        let name = try optionalString(fields["name"], at: "\(path).name")
        let key = found[0], value = fields[key]!, at = "\(path).\(key)"
        let identifier: XAPIAgentIdentifier
        switch key {
        case "mbox":
            guard let s = value.stringValue, s.lowercased().hasPrefix("mailto:"), EmailAddress.isValid(String(s.dropFirst(7))) else {
                throw XAPIValidationError(path: at, problem: "must be 'mailto:' followed by an email address, got \(describe(value))")
            }
            identifier = .mbox(String(s.dropFirst(7)))
        case "mbox_sha1sum":
            guard let s = value.stringValue, s.count == 40, s.allSatisfy(\.isHexDigit) else {
                throw XAPIValidationError(path: at, problem: "must be the 40 hex digits of a SHA-1 hash, got \(describe(value))")
            }
            identifier = .mboxSHA1Sum(s.lowercased())
        case "openid":
            identifier = .openid(try iri(value, at: at))
        default:
            identifier = try parseAccount(value, at: at)
        }
        return XAPIActor(identifier: identifier, name: name, isGroup: objectType == "Group")
    }

    /// Percipio has been seen writing `homepage` in lower case: accepted as `homePage`.
    static func parseAccount(_ json: XAPIJSON, at path: String) throws(XAPIValidationError) -> XAPIAgentIdentifier {
        guard let fields = json.objectValue else {
            throw XAPIValidationError(path: path, problem: "must be an object {homePage, name}, got \(json.typeName)")
        }
        let homeKey = present(fields["homePage"]) != nil ? "homePage" : "homepage"
        let homePage = try iri(fields[homeKey], at: "\(path).homePage")
        guard let nameJSON = present(fields["name"]) else { throw missing("\(path).name", "the learner's user name or identifier") }
        guard let name = nameJSON.stringValue, !name.trimmed.isEmpty else {
            throw XAPIValidationError(path: "\(path).name", problem: "must be a non-empty string, got \(describe(nameJSON))")
        }
        return .account(homePage: homePage, name: name)
    }
}

// MARK: - Result

extension XAPIStatementParser {
    static func parseResult(_ json: XAPIJSON, at path: String) throws(XAPIValidationError) -> XAPIResult {
        guard let fields = json.objectValue else { throw XAPIValidationError(path: path, problem: "must be an object, got \(json.typeName)") }
        var result = XAPIResult()
        result.completion = try optionalBool(fields["completion"], at: "\(path).completion")
        result.success = try optionalBool(fields["success"], at: "\(path).success")
        if let score = present(fields["score"]) { result.score = try parseScore(score, at: "\(path).score") }
        if let d = present(fields["duration"]) {
            guard let text = d.stringValue, let seconds = ISO8601Duration.seconds(text) else {
                throw XAPIValidationError(path: "\(path).duration", problem: "\(describe(d)) is not an ISO 8601 duration (e.g. PT4M30S)")
            }
            result.durationSeconds = seconds
        }
        if let ext = present(fields["extensions"]) {
            guard let extensions = ext.objectValue else {
                throw XAPIValidationError(path: "\(path).extensions", problem: "must be an object, got \(ext.typeName)")
            }
            if let p = present(extensions[XAPIResult.progressExtension]) {
                // LinkedIn sends the progress as a string ("100") at times: both are accepted.
                let value = p.numberValue ?? p.stringValue.flatMap { Double($0.trimmed) }
                guard let value, (0...100).contains(value) else {
                    throw XAPIValidationError(path: "\(path).extensions[\"\(XAPIResult.progressExtension)\"]",
                                              problem: "must be a progress from 0 to 100 (a number or a string holding one), got \(describe(p))")
                }
                result.progressPercent = value
            }
        }
        return result
    }

    static func parseScore(_ json: XAPIJSON, at path: String) throws(XAPIValidationError) -> XAPIScore {
        guard let fields = json.objectValue else { throw XAPIValidationError(path: path, problem: "must be an object, got \(json.typeName)") }
        func number(_ key: String) throws(XAPIValidationError) -> Double? {
            guard let v = present(fields[key]) else { return nil }
            guard let n = v.numberValue else { throw XAPIValidationError(path: "\(path).\(key)", problem: "must be a number, got \(describe(v))") }
            return n
        }
        let score = XAPIScore(scaled: try number("scaled"), raw: try number("raw"), min: try number("min"), max: try number("max"))
        if let scaled = score.scaled, !(-1...1).contains(scaled) {
            throw XAPIValidationError(path: "\(path).scaled", problem: "must be between -1 and 1, got \(scaled)")
        }
        if let min = score.min, let max = score.max, min >= max {
            throw XAPIValidationError(path: "\(path).min", problem: "must be less than max (\(min) ≥ \(max))")
        }
        if let raw = score.raw {
            if let min = score.min, raw < min { throw XAPIValidationError(path: "\(path).raw", problem: "\(raw) is below min \(min)") }
            if let max = score.max, raw > max { throw XAPIValidationError(path: "\(path).raw", problem: "\(raw) is above max \(max)") }
        }
        return score
    }

    static func optionalBool(_ json: XAPIJSON?, at path: String) throws(XAPIValidationError) -> Bool? {
        guard let json = present(json) else { return nil }
        guard let b = json.boolValue else { throw XAPIValidationError(path: path, problem: "must be true or false, got \(describe(json))") }
        return b
    }
}
