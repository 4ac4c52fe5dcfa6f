import Testing
@testable import CourseBridgeCore

/// The (role, operation) table of seed 002 "From there" and the editing rules of synchronized courses:
/// each row says allowed (nil) or the exact refusal a person reads.
struct PermissionsTests {
    static let eve = "eve@acme.example"
    static let roles: [Role?] = Role.allCases.map(Optional.some) + [nil]

    /// Eve acting with `role` in the group acted on, or in the course's groups for course-level operations.
    static func actor(_ role: Role?, courseGroups: Bool = false) -> ActingUser {
        ActingUser(email: eve, isPlatformAdmin: role == .platformAdmin, role: courseGroups ? nil : role,
                   courseGroupRoles: courseGroups ? Set([role].compactMap { $0 }) : [])
    }

    static func now(_ role: Role?) -> String {
        role.map { "\(eve) is \($0.rawValue) there" } ?? "\(eve) has no role there"
    }

    // MARK: - Libraries

    static let libraryNeeds = "it needs the group-admin, coach, editor or contributor role in group 2, or group-admin or coach in a group whose library has the course"

    static let ownLibraryRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin, .coach, .editor, .contributor: (role, nil)
        case .learner, nil:
            (role, "\(eve) cannot add course 12 to the library of group 2: \(libraryNeeds) (\(now(role))); a platform admin can grant it with: coursebridge group member add 2 \(eve) --role contributor")
        }
    }

    @Test(arguments: ownLibraryRows)
    func addToOwnGroupLibrary(role: Role?, refusal: String?) {
        #expect(Permissions.check(.addToLibrary(courseId: 12, groupId: 2), by: Self.actor(role))?.description == refusal)
    }

    /// Eve holds `role` only in a group whose library has the course, and no role in group 2.
    static let anotherLibraryRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin, .coach: (role, nil)
        case .editor, .contributor, .learner, nil:
            (role, "\(eve) cannot add course 12 to the library of group 2: \(libraryNeeds) (\(now(nil))); a platform admin can grant it with: coursebridge group member add 2 \(eve) --role contributor")
        }
    }

    @Test(arguments: anotherLibraryRows)
    func addToAnotherGroupsLibrary(role: Role?, refusal: String?) {
        #expect(Permissions.check(.addToLibrary(courseId: 12, groupId: 2), by: Self.actor(role, courseGroups: true))?.description == refusal)
    }

    static let removeRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin, .coach, .editor, .contributor: (role, nil)
        case .learner, nil:
            (role, "\(eve) cannot remove course 12 from the library of group 2: \(libraryNeeds) (\(now(role))); a platform admin can grant it with: coursebridge group member add 2 \(eve) --role contributor")
        }
    }

    @Test(arguments: removeRows)
    func removeFromLibrary(role: Role?, refusal: String?) {
        #expect(Permissions.check(.removeFromLibrary(courseId: 12, groupId: 2), by: Self.actor(role))?.description == refusal)
    }

    // MARK: - Paths

    static let createPathRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin, .editor, .contributor: (role, nil)
        case .coach, .learner, nil:
            (role, "\(eve) cannot create a path in group 2: it needs the group-admin, editor or contributor role in group 2 (\(now(role))); a platform admin can grant it with: coursebridge group member add 2 \(eve) --role contributor")
        }
    }

    @Test(arguments: createPathRows)
    func createPath(role: Role?, refusal: String?) {
        #expect(Permissions.check(.createPath(groupId: 2), by: Self.actor(role))?.description == refusal)
    }

    static func stepMissingRole(_ role: Role?) -> String {
        "\(eve) cannot add course 12 to path 5: it needs the group-admin, editor or contributor role in group 2 (\(now(role))); a platform admin can grant it with: coursebridge group member add 2 \(eve) --role contributor"
    }

    static let stepInLibraryRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin, .editor, .contributor: (role, nil)
        case .coach, .learner, nil: (role, stepMissingRole(role))
        }
    }

    @Test(arguments: stepInLibraryRows)
    func addPathStepOfACourseInTheGroupLibrary(role: Role?, refusal: String?) {
        let refused = Permissions.checkPathStep(pathId: 5, courseId: 12, groupId: 2, courseInGroupLibrary: true, by: Self.actor(role))
        #expect(refused?.description == refusal)
    }

    static let notInLibrary = "course 12 is not in the library of group 2: editors and contributors may add a course to a path only once it is in their group's library; add it first with: coursebridge library add 12 --group 2 --as \(eve)"

    static let stepNotInLibraryRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin: (role, nil)
        case .editor, .contributor: (role, notInLibrary)
        case .coach, .learner, nil: (role, stepMissingRole(role))
        }
    }

    @Test(arguments: stepNotInLibraryRows)
    func addPathStepOfACourseOutsideTheGroupLibrary(role: Role?, refusal: String?) {
        let refused = Permissions.checkPathStep(pathId: 5, courseId: 12, groupId: 2, courseInGroupLibrary: false, by: Self.actor(role))
        #expect(refused?.description == refusal)
    }

    static let enrollRows: [(Role?, String?)] = roles.map { role in
        switch role {
        case .platformAdmin, .groupAdmin, .coach: (role, nil)
        case .editor, .contributor, .learner, nil:
            (role, "\(eve) cannot enroll learners in path 5: it needs the group-admin or coach role in group 2 (\(now(role))); a platform admin can grant it with: coursebridge group member add 2 \(eve) --role coach")
        }
    }

    @Test(arguments: enrollRows)
    func enrollInPath(role: Role?, refusal: String?) {
        #expect(Permissions.check(.enrollInPath(pathId: 5, groupId: 2), by: Self.actor(role))?.description == refusal)
    }

    // MARK: - Skills and tags

    static func labelRows(_ what: String) -> [(Role?, String?)] {
        roles.map { role in
            let now = role.map { "\(eve) is only \($0.rawValue) there" } ?? "\(eve) has no role in a group whose library has course 12"
            return switch role {
            case .platformAdmin, .groupAdmin, .editor, .contributor: (role, nil)
            case .coach, .learner, nil:
                (role, "\(eve) cannot edit the \(what) of course 12: it needs the group-admin, editor or contributor role in a group whose library has the course (\(now))")
            }
        }
    }

    @Test(arguments: labelRows("skills"))
    func editSkills(role: Role?, refusal: String?) {
        #expect(Permissions.check(.editSkills(courseId: 12), by: Self.actor(role, courseGroups: true))?.description == refusal)
    }

    @Test(arguments: labelRows("tags"))
    func editManualTags(role: Role?, refusal: String?) {
        #expect(Permissions.check(.editManualTags(courseId: 12), by: Self.actor(role, courseGroups: true))?.description == refusal)
    }

    // MARK: - Read-only for everyone, platform admins included

    static let readOnlyRows: [(PlatformOperation, String)] = [
        (.editCourse(courseId: 12, provider: .linkedin),
         "course 12 is synchronized from LinkedIn Learning: its title, description and content cannot be edited here; they follow the provider at each sync"),
        (.deleteCourse(courseId: 12, provider: .edx),
         "course 12 is synchronized from edX: it cannot be deleted here; it is archived when edX retires it"),
        (.removeSyncedTag(courseId: 12, tag: "Leadership", provider: .skillsoft),
         "tag 'Leadership' of course 12 is synchronized from Skillsoft Percipio: synced tags cannot be removed by hand; they follow the integration's tag sync setting (coursebridge integration tags ID on|off)"),
    ]

    @Test(arguments: readOnlyRows, roles)
    func nobodyEditsWhatTheProviderOwns(row: (PlatformOperation, String), role: Role?) {
        #expect(Permissions.check(row.0, by: Self.actor(role))?.description == row.1)
        #expect(Permissions.check(row.0, by: Self.actor(role, courseGroups: true))?.description == row.1)
    }
}
