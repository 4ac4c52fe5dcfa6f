import CourseBridgeCore
import CourseBridgeData
import Foundation

extension PostgresStore: PlatformStore {
    public func addUser(_ user: User) throws(StoreError) -> User {
        throw StoreError.database("TODO(pg): addUser")
    }

    public func addUsers(_ rows: [(line: Int, user: User)]) throws(StoreError) -> [ImportProblem] {
        throw StoreError.database("TODO(pg): addUsers")
    }

    public func users() throws(StoreError) -> [User] {
        throw StoreError.database("TODO(pg): users")
    }

    public func user(email: String) throws(StoreError) -> User {
        throw StoreError.database("TODO(pg): user")
    }

    public func users(matching value: String, by mode: LearnerIdentification) throws(StoreError) -> [User] {
        throw StoreError.database("TODO(pg): users")
    }

    public func platformAdminEmails() throws(StoreError) -> [String] {
        throw StoreError.database("TODO(pg): platformAdminEmails")
    }

    public func addGroup(name: String, parentId: Int64?, isPrivate: Bool) throws(StoreError) -> Group {
        throw StoreError.database("TODO(pg): addGroup")
    }

    public func groups() throws(StoreError) -> [Group] {
        throw StoreError.database("TODO(pg): groups")
    }

    public func group(id: Int64) throws(StoreError) -> Group {
        throw StoreError.database("TODO(pg): group")
    }

    public func publicSubgroups(of groupId: Int64) throws(StoreError) -> [Int64] {
        throw StoreError.database("TODO(pg): publicSubgroups")
    }

    public func setMember(groupId: Int64, email: String, role: Role) throws(StoreError) {
        throw StoreError.database("TODO(pg): setMember")
    }

    public func members(groupId: Int64) throws(StoreError) -> [Member] {
        throw StoreError.database("TODO(pg): members")
    }

    public func role(userId: Int64, groupId: Int64) throws(StoreError) -> Role? {
        throw StoreError.database("TODO(pg): role")
    }

    public func actingUser(email: String, groupId: Int64?, courseId: Int64?) throws(StoreError) -> ResolvedActor {
        throw StoreError.database("TODO(pg): actingUser")
    }

    public func addToLibrary(courseId: Int64, groupId: Int64, addedBy userId: Int64) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): addToLibrary")
    }

    public func removeFromLibrary(courseId: Int64, groupId: Int64) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): removeFromLibrary")
    }

    public func library(groupId: Int64) throws(StoreError) -> [LibraryEntry] {
        throw StoreError.database("TODO(pg): library")
    }

    public func libraryContains(groupId: Int64, courseId: Int64) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): libraryContains")
    }

    public func addPath(name: String, groupId: Int64, linear: Bool, createdBy userId: Int64) throws(StoreError) -> LearningPath {
        throw StoreError.database("TODO(pg): addPath")
    }

    public func path(id: Int64) throws(StoreError) -> LearningPath {
        throw StoreError.database("TODO(pg): path")
    }

    public func addPathStep(pathId: Int64, courseId: Int64) throws(StoreError) -> Int {
        throw StoreError.database("TODO(pg): addPathStep")
    }

    public func enroll(pathId: Int64, userId: Int64) throws(StoreError) -> Bool {
        throw StoreError.database("TODO(pg): enroll")
    }

    public func pathReport(pathId: Int64, learnerEmail: String?) throws(StoreError) -> PathReport {
        throw StoreError.database("TODO(pg): pathReport")
    }

    public func appendEvent(_ kind: PlatformEvent.Kind, severity: PlatformEvent.Severity, integrationId: Int64?, message: String) throws(StoreError) {
        throw StoreError.database("TODO(pg): appendEvent")
    }

    public func events(_ query: EventQuery) throws(StoreError) -> [PlatformEvent] {
        throw StoreError.database("TODO(pg): events")
    }
}
