import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore
import CourseBridgeTestSupport
import Testing

@Suite struct UserImportTests {
    @Test func allOrNothingWithLineNumbers() throws {
        let store = try TestBackend.current.makeStore()
        _ = try store.addUser(User(email: "taken@x.example", username: "taken"))
        let rows: [(line: Int, user: User)] = [
            (2, User(email: "ok@x.example", username: "ok")),
            (3, User(email: "not-an-email")),
            (4, User(email: "TAKEN@x.example")),
            (5, User(email: "")),
            (6, User(email: "new@x.example", username: "taken")),
            (7, User(email: "ok@X.example")),
        ]
        let problems = try store.addUsers(rows)
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7])
        #expect(problems[0].reason == "bad email 'not-an-email'")
        #expect(problems[1].reason.hasPrefix("duplicate email"))
        #expect(problems[2].reason == "missing email")
        #expect(problems[3].reason.hasPrefix("duplicate username"))
        #expect(problems[4].reason == "duplicate email ok@X.example (also on line 2)")
        #expect(try store.users().count == 1, "nothing imported")
    }

    @Test func sharedExternalIdsAreAllowed() throws {
        let store = try TestBackend.current.makeStore()
        let problems = try store.addUsers([(2, User(email: "a@x.example", externalId: "E1")), (3, User(email: "b@x.example", externalId: "E1"))])
        #expect(problems.isEmpty)
        #expect(try store.users(matching: "E1", by: .externalId).count == 2)
        #expect(try store.users(matching: "A@X.EXAMPLE", by: .email).count == 1)
    }
}
