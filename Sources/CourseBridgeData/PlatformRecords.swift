import CourseBridgeCore
import Foundation

public struct Member: Sendable, Equatable, Codable {
    public var user: User
    public var role: Role

    public init(user: User, role: Role) {
        self.user = user
        self.role = role
    }
}

/// A course in a group's library, and who put it there (nil: the synchronization).
public struct LibraryEntry: Sendable, Equatable, Codable {
    public var course: Course
    public var addedBy: String?

    public init(course: Course, addedBy: String? = nil) {
        self.course = course
        self.addedBy = addedBy
    }
}

/// A path (program session): ordered course steps of a group, linear or not.
public struct LearningPath: Sendable, Equatable, Codable {
    public var id: Int64
    public var groupId: Int64
    public var name: String
    public var isLinear: Bool
    public var createdBy: Int64?

    public init(id: Int64, groupId: Int64, name: String, isLinear: Bool, createdBy: Int64? = nil) {
        self.id = id
        self.groupId = groupId
        self.name = name
        self.isLinear = isLinear
        self.createdBy = createdBy
    }
}

/// One step as `path show` reads it; status and availability are set when a learner is given.
public struct PathStepReport: Sendable, Equatable, Codable {
    public var position: Int
    public var course: Course
    /// The learner's attempt status on the course (not-started, in-progress, completed).
    public var status: String?
    /// locked, available, in-progress or completed (PathProgress).
    public var availability: String?

    public init(position: Int, course: Course, status: String? = nil, availability: String? = nil) {
        self.position = position
        self.course = course
        self.status = status
        self.availability = availability
    }
}

/// A path with its steps, and where a learner stands on it.
public struct PathReport: Sendable, Equatable, Codable {
    public var path: LearningPath
    public var steps: [PathStepReport]
    public var learner: String?
    public var enrolled: Bool?
    public var status: String?

    public init(path: LearningPath, steps: [PathStepReport], learner: String? = nil, enrolled: Bool? = nil, status: String? = nil) {
        self.path = path
        self.steps = steps
        self.learner = learner
        self.enrolled = enrolled
        self.status = status
    }
}

/// Where the key of a database is, and how many secrets it opens (`coursebridge key status`).
public struct SecretKeyStatus: Sendable, Equatable {
    public var source: String
    /// The key file's permission bits, nil when the key comes from the environment.
    public var fileMode: Int?
    public var fingerprint: String
    public var sealedSecrets: Int
    public var hashedWebhookSecrets: Int

    public init(source: String, fileMode: Int? = nil, fingerprint: String, sealedSecrets: Int, hashedWebhookSecrets: Int) {
        self.source = source
        self.fileMode = fileMode
        self.fingerprint = fingerprint
        self.sealedSecrets = sealedSecrets
        self.hashedWebhookSecrets = hashedWebhookSecrets
    }
}

/// A row of `user import` that cannot be imported, with its line number in the file.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
    public var description: String { "line \(line): \(reason)" }
}
