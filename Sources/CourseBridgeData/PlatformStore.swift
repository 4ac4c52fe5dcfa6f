import CourseBridgeCore
import Foundation

/// People, groups, roles, libraries, paths and the event log.
public protocol PlatformStore: Sendable {
    // Users
    func addUser(_ user: User) throws(StoreError) -> User
    /// Imports rows in one transaction; the problems of the rows that were not added.
    func addUsers(_ rows: [(line: Int, user: User)]) throws(StoreError) -> [ImportProblem]
    func users() throws(StoreError) -> [User]
    func user(email: String) throws(StoreError) -> User
    func users(matching value: String, by mode: LearnerIdentification) throws(StoreError) -> [User]
    func platformAdminEmails() throws(StoreError) -> [String]

    // Groups and roles
    func addGroup(name: String, parentId: Int64?, isPrivate: Bool) throws(StoreError) -> Group
    func groups() throws(StoreError) -> [Group]
    func group(id: Int64) throws(StoreError) -> Group
    func publicSubgroups(of groupId: Int64) throws(StoreError) -> [Int64]
    func setMember(groupId: Int64, email: String, role: Role) throws(StoreError)
    func members(groupId: Int64) throws(StoreError) -> [Member]
    func role(userId: Int64, groupId: Int64) throws(StoreError) -> Role?
    /// What the permission rules need to know of a user acting on `groupId` and `courseId` (facts, no decision).
    func actingUser(email: String, groupId: Int64?, courseId: Int64?) throws(StoreError) -> ResolvedActor

    // Libraries
    @discardableResult func addToLibrary(courseId: Int64, groupId: Int64, addedBy userId: Int64) throws(StoreError) -> Bool
    @discardableResult func removeFromLibrary(courseId: Int64, groupId: Int64) throws(StoreError) -> Bool
    func library(groupId: Int64) throws(StoreError) -> [LibraryEntry]
    func libraryContains(groupId: Int64, courseId: Int64) throws(StoreError) -> Bool

    // Paths
    func addPath(name: String, groupId: Int64, linear: Bool, createdBy userId: Int64) throws(StoreError) -> LearningPath
    func path(id: Int64) throws(StoreError) -> LearningPath
    /// Appends a course as the path's last step; its position (1-based). A course already on the path is a conflict.
    @discardableResult func addPathStep(pathId: Int64, courseId: Int64) throws(StoreError) -> Int
    @discardableResult func enroll(pathId: Int64, userId: Int64) throws(StoreError) -> Bool
    func pathReport(pathId: Int64, learnerEmail: String?) throws(StoreError) -> PathReport

    // Event log
    func appendEvent(_ kind: PlatformEvent.Kind, severity: PlatformEvent.Severity, integrationId: Int64?, message: String) throws(StoreError)
    func events(_ query: EventQuery) throws(StoreError) -> [PlatformEvent]
}

extension PlatformStore {
    public func pathReport(pathId: Int64) throws(StoreError) -> PathReport { try pathReport(pathId: pathId, learnerEmail: nil) }
    public func appendEvent(_ kind: PlatformEvent.Kind, integrationId: Int64?, message: String) throws(StoreError) {
        try appendEvent(kind, severity: .info, integrationId: integrationId, message: message)
    }
}

/// The acting user's id and what the permission rules need to know of them.
public struct ResolvedActor: Sendable, Equatable {
    public var userId: Int64
    public var rules: ActingUser
    public init(userId: Int64, rules: ActingUser) {
        self.userId = userId
        self.rules = rules
    }
}
