import Testing
@testable import CourseBridgeCore

/// Who may author a group's synchronized courses (seed 002): one row per role in the group.
struct AuthorEligibilityRulesTests {
    static let rows: [(role: Role?, platformAdminElsewhere: Bool, allowed: Bool)] = [
        (.platformAdmin, false, true), (.groupAdmin, false, true), (.editor, false, true),
        (.coach, false, false), (.contributor, false, false), (.learner, false, false), (nil, false, false),
        // A platform administrator of any group may author every group's courses.
        (nil, true, true), (.learner, true, true),
    ]

    @Test(arguments: rows)
    func authorsAreAdminsAndEditorsOfTheGroup(role: Role?, platformAdminElsewhere: Bool, allowed: Bool) {
        let author = ActingUser(email: "eve@acme.example", isPlatformAdmin: platformAdminElsewhere || role == .platformAdmin, role: role)
        let refusal = AuthorEligibility.check(author, groupId: 2, groupName: "Sales")
        #expect((refusal == nil) == allowed)
        #expect(AuthorEligibility.mayAuthor(isPlatformAdmin: author.isPlatformAdmin, role: role) == allowed)
    }

    @Test func theRefusalSaysHowToGrantTheRole() {
        let refusal = AuthorEligibility.check(ActingUser(email: "eve@acme.example", role: .coach), groupId: 2, groupName: "Sales")
        #expect(refusal?.description == "eve@acme.example cannot author courses of group 2 'Sales': the author must be a group admin or editor there (now: coach); grant it with: coursebridge group member add 2 eve@acme.example --role editor")
        let outsider = AuthorEligibility.check(ActingUser(email: "eve@acme.example"), groupId: 2, groupName: "Sales")
        #expect(outsider?.description.contains("(now: no role)") == true)
    }
}
