import Testing
@testable import CourseBridgeCore

/// Who may add users and groups, give roles and touch integrations: one row per (role, operation).
struct AdminPermissionsTests {
    static let eve = "eve@acme.example"
    static let roles: [Role?] = Role.allCases.map(Optional.some) + [nil]

    static func actor(_ role: Role?) -> ActingUser {
        ActingUser(email: eve, isPlatformAdmin: role == .platformAdmin, role: role)
    }

    static func refusal(_ what: String, _ suffix: String = "") -> String {
        "\(eve) is not a platform administrator: only a platform administrator may \(what)\(suffix); "
            + "run the command as one with --as EMAIL (coursebridge group member list GROUP shows the roles)"
    }

    // MARK: - Only platform administrators

    static let platformOnly: [(AdminOperation, String)] = [
        (.addUsers, "add users"),
        (.addGroup, "add groups"),
        (.grantRole(.platformAdmin, groupId: 2, replacing: .learner), "give the platform-admin role in group 2 (now learner)"),
        (.grantRole(.groupAdmin, groupId: 2, replacing: nil), "give the group-admin role in group 2"),
        (.integration(.create, integrationId: nil), "create an integration"),
        (.integration(.credentials, integrationId: 3), "enter the credentials of integration 3"),
        (.integration(.deactivate, integrationId: 3), "deactivate integration 3"),
        (.integration(.schedule, integrationId: 3), "change the schedule of integration 3"),
        (.integration(.filters, integrationId: 3), "change the filters of integration 3"),
        (.integration(.endpoints, integrationId: 3), "change the endpoints of integration 3"),
        (.integration(.sync, integrationId: 3), "start a sync of integration 3"),
        (.integration(.webhook, integrationId: 3), "see or rotate the webhook credentials of integration 3"),
    ]

    @Test(arguments: platformOnly)
    func onlyPlatformAdminsMay(operation: AdminOperation, what: String) {
        for role in Self.roles {
            let refusal = AdminPermissions.check(operation, by: Self.actor(role))
            if role == .platformAdmin {
                #expect(refusal == nil)
            } else {
                #expect(refusal?.description == Self.refusal(what), "\(String(describing: role))")
            }
        }
    }

    @Test func everyIntegrationActionIsChecked() {
        for action in IntegrationAction.allCases {
            let operation = AdminOperation.integration(action, integrationId: action == .create ? nil : 1)
            for role in Self.roles where role != .platformAdmin {
                #expect(AdminPermissions.check(operation, by: Self.actor(role)) != nil, "\(action) by \(String(describing: role))")
            }
            #expect(AdminPermissions.check(operation, by: Self.actor(.platformAdmin)) == nil)
        }
    }

    // MARK: - Group admins give the roles below theirs, in their group

    /// (role given, role replaced, actor's role in the group) → allowed
    static let grantRows: [(Role, Role?, Role?, Bool)] = [
        (.learner, nil, .groupAdmin, true),
        (.coach, .learner, .groupAdmin, true),
        (.editor, .contributor, .groupAdmin, true),
        (.learner, .editor, .groupAdmin, true),
        (.learner, .groupAdmin, .groupAdmin, false),      // demoting a peer
        (.learner, .platformAdmin, .groupAdmin, false),   // demoting a platform admin
        (.groupAdmin, .editor, .groupAdmin, false),
        (.platformAdmin, .learner, .groupAdmin, false),
        (.learner, nil, .coach, false),
        (.learner, nil, .editor, false),
        (.learner, nil, .learner, false),
        (.learner, nil, nil, false),
        (.platformAdmin, nil, .platformAdmin, true),
    ]

    @Test(arguments: grantRows)
    func grantingRoles(role: Role, replacing: Role?, actorRole: Role?, allowed: Bool) {
        let refusal = AdminPermissions.check(.grantRole(role, groupId: 2, replacing: replacing), by: Self.actor(actorRole))
        #expect((refusal == nil) == allowed)
    }

    @Test func aRefusedGrantSaysWhenAGroupAdminCouldDoIt() {
        let refusal = AdminPermissions.check(.grantRole(.coach, groupId: 2, replacing: nil), by: Self.actor(.learner))
        #expect(refusal?.description == Self.refusal("give the coach role in group 2", " (or a group admin of group 2)"))
    }
}
