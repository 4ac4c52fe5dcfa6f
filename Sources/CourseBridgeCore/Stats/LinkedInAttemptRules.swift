import Foundation

/// LinkedIn statements name a course `urn:lyndaCourse:N` while the catalog holds `urn:li:lyndaCourse:N`:
/// both are matched on the numeric id.
public enum LinkedInCourseId {
    /// `urn:li:lyndaCourse:252`, `urn:lyndaCourse:252` → `252`; nil for anything else.
    ///
    /// Every LinkedIn statement's course goes through here on the commit thread. ASCII ids (all real ones) are read
    /// as bytes: splitting into Strings, lowercasing them and testing Characters was ~5 % of the server's CPU under
    /// batches. Others take the same rules over Characters (a combining mark can join a colon to a letter).
    public static func normalize(_ id: String) -> String? {
        let text = id.trimmed
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return normalizeCharacters(text) }
        let parts = text.utf8.split(separator: UInt8(ascii: ":"))
        guard parts.count >= 3, asciiLowercased(parts[0], equals: "urn"),
              asciiLowercased(parts[parts.count - 2], equals: "lyndacourse"),
              let number = parts.last, number.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return String(Substring(number))
    }

    private static func asciiLowercased(_ bytes: Substring.UTF8View, equals lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, want in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == want
        }
    }

    static func normalizeCharacters(_ text: String) -> String? {
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count >= 3, parts[0].lowercased() == "urn", parts[parts.count - 2].lowercased() == "lyndacourse",
              let number = parts.last, !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber) else { return nil }
        return number
    }

    /// The catalog's form of a statement's object id.
    public static func catalogURN(_ id: String) -> String? { normalize(id).map { "urn:li:lyndaCourse:\($0)" } }

    public static func sameCourse(_ a: String, _ b: String) -> Bool {
        guard let x = normalize(a) else { return false }
        return x == normalize(b)
    }
}

/// What one LinkedIn statement says about an attempt.
public struct LinkedInStatementFacts: Equatable, Sendable {
    public var occurredAt: Date
    public var progressPercent: Double?
    public var isCompletion: Bool

    public init(occurredAt: Date, progressPercent: Double? = nil, isCompletion: Bool = false) {
        self.occurredAt = occurredAt
        self.progressPercent = progressPercent
        self.isCompletion = isCompletion
    }

    /// Completion = verb `completed` or `result.completion: true`; a statement without a timestamp
    /// happened when it was received.
    public init(statement: XAPIStatement, receivedAt: Date) {
        self.init(occurredAt: statement.timestamp ?? receivedAt, progressPercent: statement.result?.progressPercent,
                  isCompletion: statement.verb.name == "completed" || statement.result?.completion == true)
    }
}

/// Seed 002, "Learner activity data", over a user's attempts at one course.
public enum LinkedInAttemptRules {
    /// - Parameters:
    ///   - courseDurationSeconds: the course's theoretical duration, the time spent given at completion.
    ///   - configuredAt: completions before it are not shown (status, date and time spent).
    public static func apply(_ facts: LinkedInStatementFacts, to attempts: [Attempt], userId: Int64, courseId: Int64,
                             courseDurationSeconds: Int?, configuredAt: Date) -> [Attempt] {
        var sorted = Attempts.chronological(attempts)
        let index: Int
        if let open = Attempts.oldestOpenIndex(sorted) {
            index = open
        } else if sorted.isEmpty {
            // "An attempt is created as soon as a learner starts a course", here or directly at LinkedIn.
            sorted.append(Attempt(userId: userId, courseId: courseId, startedAt: facts.occurredAt,
                                  completionStatus: .inProgress, lastActivityAt: facts.occurredAt))
            index = 0
        } else {
            // Every attempt is completed. LinkedIn sends nothing for a retake, so this is a late or
            // repeated statement about the completed attempt: recording it again would change nothing true.
            return sorted
        }

        var attempt = sorted[index]
        if let progress = facts.progressPercent {
            // Near real time, but never backwards: statements may arrive out of order.
            attempt.progressPercent = max(attempt.progressPercent, Attempts.clampPercent(progress))
        }
        if facts.occurredAt > (attempt.lastActivityAt ?? .distantPast) { attempt.lastActivityAt = facts.occurredAt }
        if facts.isCompletion, facts.occurredAt > configuredAt {
            // Completion goes to the oldest open attempt, with the theoretical duration as time spent;
            // its date and time show as last activity.
            attempt.completionStatus = .completed
            attempt.completedAt = facts.occurredAt
            attempt.lastActivityAt = facts.occurredAt
            attempt.progressPercent = 100
            attempt.timeSpentSeconds = courseDurationSeconds ?? 0
        }
        sorted[index] = attempt
        return sorted
    }
}
