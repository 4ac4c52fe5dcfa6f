import CourseBridgeCore
import CourseBridgeData
import Foundation

/// Changes to libraries, paths and courses made by a person: the permission rules (seed 002) decide here, and the
/// store only writes what was allowed. The CLI and the console both go through this service, so a rule holds the
/// same everywhere.
public struct PlatformEditing: Sendable {
    let store: any DataStore

    public init(store: any DataStore) { self.store = store }

    // MARK: - Libraries

    /// Adds a course to a group's library as `actingEmail` (seed 002 "From there"). False when it was already there.
    @discardableResult
    public func addToLibrary(courseId: Int64, groupId: Int64, actingEmail: String) throws(StoreError) -> Bool {
        let course = try store.course(id: courseId)
        _ = try store.group(id: groupId)
        let actor = try store.actingUser(email: actingEmail, groupId: groupId, courseId: courseId)
        try allow(.addToLibrary(courseId: courseId, groupId: groupId), actor)
        try requireActive(course)
        return try store.addToLibrary(courseId: courseId, groupId: groupId, addedBy: actor.userId)
    }

    /// Removes a course from a group's library as `actingEmail`. False when it was not there.
    @discardableResult
    public func removeFromLibrary(courseId: Int64, groupId: Int64, actingEmail: String) throws(StoreError) -> Bool {
        _ = try store.course(id: courseId)
        _ = try store.group(id: groupId)
        let actor = try store.actingUser(email: actingEmail, groupId: groupId, courseId: courseId)
        try allow(.removeFromLibrary(courseId: courseId, groupId: groupId), actor)
        return try store.removeFromLibrary(courseId: courseId, groupId: groupId)
    }

    // MARK: - Paths

    public func addPath(name: String, groupId: Int64, linear: Bool, actingEmail: String) throws(StoreError) -> LearningPath {
        guard !name.trimmed.isEmpty else { throw .invalid("a path needs a name") }
        _ = try store.group(id: groupId)
        let actor = try store.actingUser(email: actingEmail, groupId: groupId, courseId: nil)
        try allow(.createPath(groupId: groupId), actor)
        return try store.addPath(name: name, groupId: groupId, linear: linear, createdBy: actor.userId)
    }

    /// Appends a course as the path's last step (it must be in the path group's library); its position (1-based).
    @discardableResult
    public func addPathStep(pathId: Int64, courseId: Int64, actingEmail: String) throws(StoreError) -> Int {
        let path = try store.path(id: pathId)
        let course = try store.course(id: courseId)
        let actor = try store.actingUser(email: actingEmail, groupId: path.groupId, courseId: courseId)
        let inLibrary = try store.libraryContains(groupId: path.groupId, courseId: courseId)
        if let refusal = Permissions.checkPathStep(pathId: pathId, courseId: courseId, groupId: path.groupId,
                                                   courseInGroupLibrary: inLibrary, by: actor.rules) {
            throw .refused(refusal.description)
        }
        try requireActive(course)
        return try store.addPathStep(pathId: pathId, courseId: courseId)
    }

    /// Enrolls a learner. `actingEmail` nil: the operator at the terminal (like `group member add`); otherwise a
    /// group admin or coach of the path's group. False when already enrolled.
    @discardableResult
    public func enroll(pathId: Int64, userEmail: String, actingEmail: String? = nil) throws(StoreError) -> Bool {
        let path = try store.path(id: pathId)
        let learner = try store.user(email: userEmail)
        if let actingEmail {
            let actor = try store.actingUser(email: actingEmail, groupId: path.groupId, courseId: nil)
            try allow(.enrollInPath(pathId: pathId, groupId: path.groupId), actor)
        }
        guard let learnerId = learner.id else { throw .notFound("no user \(userEmail)") }
        return try store.enroll(pathId: pathId, userId: learnerId)
    }

    // MARK: - Skills and tags

    /// Adds a skill; false when the course already had it.
    @discardableResult
    public func addSkill(courseId: Int64, skill: String, actingEmail: String) throws(StoreError) -> Bool {
        let name = try Self.label(skill, what: "skill")
        try requireCourseEditor(.editSkills(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        return try store.addSkill(courseId: courseId, skill: name)
    }

    public func removeSkill(courseId: Int64, skill: String, actingEmail: String) throws(StoreError) {
        let name = try Self.label(skill, what: "skill")
        try requireCourseEditor(.editSkills(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        if try !store.removeSkill(courseId: courseId, skill: name) { throw .notFound("course \(courseId) has no skill '\(name)'") }
    }

    /// Adds a manual tag; false when the course already had it as a manual tag. A manual tag stays through every sync.
    @discardableResult
    public func addTag(courseId: Int64, tag: String, actingEmail: String) throws(StoreError) -> Bool {
        let name = try Self.label(tag, what: "tag")
        try requireCourseEditor(.editManualTags(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        return try store.addManualTag(courseId: courseId, tag: name)
    }

    /// Removes a manual tag. A synced tag is refused for everyone: it follows the integration's tag sync setting.
    public func removeTag(courseId: Int64, tag: String, actingEmail: String) throws(StoreError) {
        let name = try Self.label(tag, what: "tag")
        let course = try store.course(id: courseId)
        let sources = try store.tags(courseId: courseId).filter { $0.name.lowercased() == name.lowercased() }.map(\.source)
        if !sources.contains(.manual) {
            if sources.contains(.synced),
               let refusal = Permissions.check(.removeSyncedTag(courseId: courseId, tag: name, provider: course.provider),
                                               by: ActingUser(email: actingEmail)) {
                throw .refused(refusal.description)
            }
            throw .notFound("course \(courseId) has no tag '\(name)'; see its tags with: coursebridge course show \(courseId)")
        }
        try requireCourseEditor(.editManualTags(courseId: courseId), courseId: courseId, actingEmail: actingEmail)
        try store.removeManualTag(courseId: courseId, tag: name)
    }

    // MARK: - Read-only parts of a synchronized course

    /// Title, description and content of a synchronized course cannot be edited by anyone (seed 002): always refused.
    public func editCourse(courseId: Int64, title: String?, description: String?, actingEmail: String) throws(StoreError) {
        let course = try store.course(id: courseId)
        let refusal = Permissions.check(.editCourse(courseId: courseId, provider: course.provider), by: ActingUser(email: actingEmail))
        throw .refused(refusal?.description ?? "course \(courseId) cannot be edited")
    }

    /// A synchronized course cannot be deleted by anyone (seed 002): always refused; the provider retiring it archives it.
    public func deleteCourse(courseId: Int64, actingEmail: String) throws(StoreError) {
        let course = try store.course(id: courseId)
        let refusal = Permissions.check(.deleteCourse(courseId: courseId, provider: course.provider), by: ActingUser(email: actingEmail))
        throw .refused(refusal?.description ?? "course \(courseId) cannot be deleted")
    }

    // MARK: - Helpers

    private func allow(_ operation: PlatformOperation, _ actor: ResolvedActor) throws(StoreError) {
        if let refusal = Permissions.check(operation, by: actor.rules) { throw .refused(refusal.description) }
    }

    private func requireActive(_ course: Course) throws(StoreError) {
        guard course.status == .active else {
            throw .refused("course \(course.id ?? 0) is archived (retired at \(course.provider.displayName)): archived courses cannot be added to libraries or paths")
        }
    }

    private func requireCourseEditor(_ operation: PlatformOperation, courseId: Int64, actingEmail: String) throws(StoreError) {
        _ = try store.course(id: courseId)
        let actor = try store.actingUser(email: actingEmail, groupId: nil, courseId: courseId)
        try allow(operation, actor)
    }

    /// A skill or tag name: trimmed, 1–100 characters, no control characters.
    static func label(_ text: String, what: String) throws(StoreError) -> String {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { throw .invalid("a \(what) needs a name") }
        guard trimmed.count <= 100 else { throw .invalid("a \(what) name is at most 100 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid("a \(what) name cannot contain control characters")
        }
        return trimmed
    }
}
