import Foundation
import Testing

/// Roles, users and integrations check the acting user (`--as`, default: the first platform
/// administrator) like library and path edits do: a learner can change none of them.
@Suite(.serialized) struct AdminRoleCheckTests {
    /// Group 1 with a platform admin, a group admin and a learner; one LinkedIn integration.
    func platform(_ cli: CLI) throws {
        try cli.run(["group", "add", "Acme"])
        for (email, role) in [("admin", "platform-admin"), ("gadmin", "group-admin"), ("learner", "learner")] {
            try cli.run(["user", "add", "--email", "\(email)@acme.example"])
            let added = try cli.run(["group", "member", "add", "1", "\(email)@acme.example", "--role", role])
            #expect(added.status == 0, "\(added.stderr)")
        }
        #expect(try cli.run(["integration", "add", "linkedin", "--group", "1", "--author", "admin@acme.example"]).status == 0)
    }

    func expectRefused(_ result: CLI.Result, _ what: String) {
        #expect(result.status != 0, "\(what) was allowed")
        #expect(result.stderr.contains("learner@acme.example is not a platform administrator: only a platform administrator may"),
                "\(what): \(result.stderr)")
    }

    @Test func aLearnerCannotGrantRolesNorAddUsers() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try platform(cli)
        for role in ["platform-admin", "group-admin", "editor"] {
            expectRefused(try cli.run(["group", "member", "add", "1", "learner@acme.example", "--role", role, "--as", "learner@acme.example"]),
                          "granting \(role)")
        }
        expectRefused(try cli.run(["user", "add", "--email", "mallory@acme.example", "--as", "learner@acme.example"]), "user add")
        expectRefused(try cli.run(["group", "add", "Shadow", "--as", "learner@acme.example"]), "group add")
        let json = try cli.run(["group", "member", "list", "1", "--json"]).stdout
        let members = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        let learner = members.first { ($0["user"] as? [String: Any])?["email"] as? String == "learner@acme.example" }
        #expect(learner?["role"] as? String == "learner")
        #expect(!(try cli.run(["user", "list"]).stdout.contains("mallory")))
    }

    @Test func aLearnerCannotCreateChangeOrDeactivateAnIntegrationNorStartASync() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try platform(cli)
        let as_ = ["--as", "learner@acme.example"]
        expectRefused(try cli.run(["integration", "add", "edx", "--group", "1", "--author", "admin@acme.example"] + as_), "integration add")
        expectRefused(try cli.run(["integration", "credentials", "1"] + as_, stdin: "client_id=x\nclient_secret=stolen-secret\n"),
                      "credentials")
        expectRefused(try cli.run(["integration", "deactivate", "1"] + as_), "deactivate")
        expectRefused(try cli.run(["integration", "schedule", "1", "--at", "03:00"] + as_), "schedule")
        expectRefused(try cli.run(["integration", "endpoints", "1", "--api-base", "http://127.0.0.1:9/evil"] + as_), "endpoints")
        expectRefused(try cli.run(["integration", "webhook", "1", "--reveal"] + as_), "webhook")
        expectRefused(try cli.run(["integration", "filters", "1", "--language", "fr"] + as_), "filters")
        expectRefused(try cli.run(["integration", "tags", "1", "off"] + as_), "tags")
        expectRefused(try cli.run(["sync", "1"] + as_), "sync")

        let show = try cli.run(["integration", "show", "1"]).stdout
        #expect(show.contains("(active)"))
        #expect(!show.contains("127.0.0.1:9"))
        #expect(!show.contains("client_id: x"))
        func count(_ arguments: [String]) throws -> Int {
            let out = try cli.run(arguments).stdout
            return (try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [Any])?.count ?? -1
        }
        #expect(try count(["integration", "list", "--json"]) == 1)
        #expect(try count(["runs", "--json"]) == 0)
    }

    @Test func administratorsStillDoTheirWork() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        try platform(cli)
        // Explicitly, and by default (the first platform administrator).
        #expect(try cli.run(["integration", "tags", "1", "on", "--as", "admin@acme.example"]).status == 0)
        #expect(try cli.run(["integration", "schedule", "1", "--at", "05:00"]).status == 0)
        #expect(try cli.run(["user", "add", "--email", "new@acme.example", "--as", "admin@acme.example"]).status == 0)
        // A group admin gives roles below group-admin in their group, and no more.
        let coach = try cli.run(["group", "member", "add", "1", "new@acme.example", "--role", "coach", "--as", "gadmin@acme.example"])
        #expect(coach.status == 0, "\(coach.stderr)")
        let promoted = try cli.run(["group", "member", "add", "1", "new@acme.example", "--role", "platform-admin", "--as", "gadmin@acme.example"])
        #expect(promoted.status != 0)
        #expect(promoted.stderr.contains("gadmin@acme.example is not a platform administrator"))
        let demoted = try cli.run(["group", "member", "add", "1", "admin@acme.example", "--role", "learner", "--as", "gadmin@acme.example"])
        #expect(demoted.status != 0, "a group admin demoted a platform admin")
    }
}
