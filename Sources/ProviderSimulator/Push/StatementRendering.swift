import CourseBridgeCore
import Foundation

/// The JSON of one statement, in the shape each provider sends (providers.md §1 and §4).
extension StatementGenerator {
    static let progressExtension = "https://w3id.org/xapi/cmi5/result/extensions/progress"

    func render(_ step: Step, learner: Int, course: SimulatedItem, round: Int, position: Int) -> GeneratedStatement {
        let provider = options.provider
        var h = SeededHash(seed: catalog.seed, salt: "push-id-\(provider.rawValue)",
                           Int(options.start.timeIntervalSince1970), learner, round, position)
        let id = provider == .linkedin && options.quirks && h.unit() < 0.5 ? "li-xapi-" + h.hex(24) : h.uuid()
        // Inside a round: learners spread over the first half, their steps an eighth apart (order is kept).
        let offset = options.roundSeconds * (Double(learner % 16) / 32 + Double(position) / 8)
        let exact = options.start.timeIntervalSince1970 + Double(round) * options.roundSeconds + offset
        let timestamp = Date(timeIntervalSince1970: (exact * 1000).rounded(.down) / 1000)
        let objectId = self.objectId(course)

        var fields: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("actor", actor(learner)),
            ("verb", verb(step.verb)),
            ("object", object(objectId, course: course)),
        ]
        if let result = result(step) { fields.append(("result", result)) }
        fields.append(("timestamp", .string(Self.timestamp(timestamp, colonlessOffset: options.quirks))))
        return GeneratedStatement(id: id, provider: provider, learner: learner, courseProviderId: course.providerId,
                                  objectId: objectId, verb: step.verb, progress: step.progress,
                                  scorePercent: step.scorePercent, timestamp: timestamp,
                                  json: JSONValue.object(fields).serialized())
    }

    // MARK: - Parts

    func actor(_ learner: Int) -> JSONValue {
        let homePageKey = options.provider == .skillsoft && options.quirks ? "homepage" : "homePage"
        let homePage = options.provider == .linkedin ? "https://www.linkedin.com" : "https://acme.percipio.com"
        switch options.identification {
        case .email:
            return ["objectType": "Agent", "mbox": .string("mailto:" + SimulatedCatalog.learnerEmail(learner))]
        case .username:
            return ["objectType": "Agent", "account": .object([(homePageKey, .string(homePage)), ("name", .string(Self.username(learner)))])]
        case .externalId:
            return ["objectType": "Agent", "account": .object([(homePageKey, .string(homePage)), ("name", .string(Self.externalId(learner)))])]
        }
    }

    func verb(_ name: String) -> JSONValue {
        let id = name == "arrived" ? "https://xapi.percipio.com/xapi/verbs/arrived" : "http://adlnet.gov/expapi/verbs/\(name)"
        let display = options.provider == .linkedin ? name.uppercased() : name
        return ["id": .string(id), "display": ["en-US": .string(display)]]
    }

    /// LinkedIn: `urn:lyndaCourse:N` (the catalog says `urn:li:lyndaCourse:N`). Percipio: `…/xapi/{type}/{uuid}`.
    func objectId(_ course: SimulatedItem) -> String {
        switch options.provider {
        case .linkedin:
            return "urn:lyndaCourse:" + (course.providerId.split(separator: ":").last.map(String.init) ?? course.secondaryId)
        case .skillsoft:
            let type = course.rawType == "ASSESSMENT" || course.rawType == "BENCHMARK" ? "assessment" : course.rawType.lowercased()
            return "https://xapi.percipio.com/xapi/\(type)/\(course.providerId)"
        }
    }

    func object(_ id: String, course: SimulatedItem) -> JSONValue {
        let type = options.provider == .linkedin || course.contentType == ContentType.course
            ? "http://adlnet.gov/expapi/activities/course" : "http://adlnet.gov/expapi/activities/media"
        return ["objectType": "Activity", "id": .string(id),
                "definition": ["type": .string(type), "name": ["en-US": .string(course.title)]]]
    }

    func result(_ step: Step) -> JSONValue? {
        var fields: [(String, JSONValue)] = []
        if let score = step.scorePercent {
            fields.append(("score", ["scaled": .double(Double(score) / 100), "raw": .int(score), "min": 0, "max": 100]))
        }
        if let success = step.success { fields.append(("success", .bool(success))) }
        if let completion = step.completion { fields.append(("completion", .bool(completion))) }
        if let seconds = step.durationSeconds { fields.append(("duration", .string(ISODate.duration(seconds)))) }
        if let progress = step.progress {
            fields.append(("extensions", .object([(Self.progressExtension, step.progressAsString ? .string(String(progress)) : .int(progress))])))
        }
        return fields.isEmpty ? nil : .object(fields)
    }

    /// `2025-01-06T12:00:00.250Z`, or LinkedIn's `+0000` form (milliseconds, as both providers send).
    static func timestamp(_ date: Date, colonlessOffset: Bool) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let millis = Int(((date.timeIntervalSince1970 - seconds) * 1000).rounded())
        let iso = ISODate.string(Date(timeIntervalSince1970: seconds))
        return String(iso.dropLast()) + String(format: ".%03d", min(999, millis)) + (colonlessOffset ? "+0000" : "Z")
    }
}
