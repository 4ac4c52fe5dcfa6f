import CourseBridgeCore
import Foundation
import Testing

@Suite struct ScheduleRulesTests {
    static func utc(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    /// Europe/Paris switches to summer time on 2027-03-28 and back on 2027-10-31.
    @Test(arguments: [
        ("08:10 before spring forward (CET, UTC+1)", "08:10", "2027-03-26T12:00:00Z", "2027-03-27T07:10:00Z"),
        ("08:10 on the spring-forward day (CEST, UTC+2)", "08:10", "2027-03-27T12:00:00Z", "2027-03-28T06:10:00Z"),
        ("06:00 on the fall-back day (CET again)", "06:00", "2027-10-30T12:00:00Z", "2027-10-31T05:00:00Z"),
        ("02:30 does not exist on 2027-03-28: runs at 03:00 CEST", "02:30", "2027-03-27T12:00:00Z", "2027-03-28T01:00:00Z"),
        ("02:30 happens twice on 2027-10-31: runs once, the first", "02:30", "2027-10-30T12:00:00Z", "2027-10-31T00:30:00Z"),
        ("the day after a fall-back run", "02:30", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"),
    ])
    func nextRunFollowsDaylightSaving(_ rule: String, time: String, after: String, expected: String) throws {
        let schedule = try DailySchedule(time: time, timeZone: "Europe/Paris")
        #expect(schedule.nextRun(after: Self.utc(after)) == Self.utc(expected), "\(rule)")
    }

    @Test(arguments: [
        ("ran after today's 08:10: not due", "2027-03-28T09:00:00Z", "2027-03-28T06:10:05Z", false),
        ("last ran yesterday, now past 08:10: due", "2027-03-28T09:00:00Z", "2027-03-27T07:10:05Z", true),
        ("process was down at 08:10, starts at noon: due once", "2027-03-28T10:00:00Z", "2027-03-26T07:10:05Z", true),
        ("before today's time, ran yesterday: not due", "2027-03-28T05:00:00Z", "2027-03-27T07:10:05Z", false),
    ])
    func dueWhenAScheduledInstantPassedSinceTheLastRun(_ rule: String, now: String, lastRun: String, due: Bool) throws {
        let schedule = try DailySchedule(time: "08:10", timeZone: "Europe/Paris")
        let configured = Self.utc("2027-01-01T00:00:00Z")
        #expect(ScheduleRules.isDue(schedule: schedule, lastRun: Self.utc(lastRun), configuredAt: configured, now: Self.utc(now)) == due, "\(rule)")
    }

    @Test func aNewIntegrationWaitsForItsFirstScheduledTime() throws {
        let schedule = try DailySchedule(time: "08:10", timeZone: "Europe/Paris")
        let configured = Self.utc("2027-03-28T09:00:00Z")
        #expect(!ScheduleRules.isDue(schedule: schedule, lastRun: nil, configuredAt: configured, now: Self.utc("2027-03-28T10:00:00Z")))
        #expect(ScheduleRules.isDue(schedule: schedule, lastRun: nil, configuredAt: configured, now: Self.utc("2027-03-29T06:11:00Z")))
    }

    @Test(arguments: ["8:10", "08:10"]) func acceptsTimes(_ t: String) throws {
        #expect(try DailySchedule(time: t).time == "08:10")
    }

    @Test(arguments: ["24:00", "08:60", "0810", "8h10", ""]) func refusesTimes(_ t: String) {
        #expect(throws: CoreError.invalidTime(t)) { try DailySchedule(time: t) }
    }
}

@Suite struct CredentialInputTests {
    @Test(arguments: Provider.allCases) func everyProviderListsItsKeysInOrder(_ provider: Provider) {
        let expected: [Provider: [String]] = [
            .edx: ["client_id", "client_secret"], .coursera: ["org_id", "client_id", "client_secret"],
            .linkedin: ["client_id", "client_secret"], .skillsoft: ["organization_id", "bearer_token", "tenant_url"],
        ]
        #expect(provider.credentialFields.map(\.key) == expected[provider])
    }

    @Test func parsesKeyValueLinesKeepingEqualsSignsInValues() throws {
        let values = try CredentialInput.parse("# comment\n\nclient_id = abc\nclient_secret=a=b==\n", for: .edx)
        #expect(values == ["client_id": "abc", "client_secret": "a=b=="])
    }

    @Test(arguments: [
        ("client_id=a\n", "missing credential key(s) client_secret for edX; expected keys: client_id client_secret"),
        ("client_id=a\nclient_secret=b\nregion=eu\n", "unknown credential key(s) region for edX; expected keys: client_id client_secret"),
        ("client_id a\n", "line 1 is not key=value (values are never echoed)"),
        ("client_id=\nclient_secret=b\n", "credential 'client_id' is empty"),
    ])
    func explainsWhatIsWrong(_ text: String, message: String) {
        do {
            _ = try CredentialInput.parse(text, for: .edx)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: [("a@b.example", true), ("A.B+tag@sub.example.org", true), ("no-at.example", false), ("a@b", false),
                      ("a b@c.example", false), ("@c.example", false), ("a@.example", false),
                      ("x\u{1B}]0;owned\u{07}@c.example", false), ("x\u{9B}2J@c.example", false), ("x\u{7F}@c.example", false)])
    func emailValidity(_ email: String, valid: Bool) {
        #expect(EmailAddress.isValid(email) == valid)
    }
}
