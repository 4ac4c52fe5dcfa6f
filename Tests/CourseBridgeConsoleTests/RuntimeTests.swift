@testable import CourseBridgeConsole
import CourseBridgeCore
import Foundation
import Testing

@Suite("runtime: effects become messages")
struct RuntimeTests {
    @Test func effectsRunThroughServicesAndAnswerWithMessages() {
        let fake = FakeServices(courseTotal: 5)
        let runtime = ConsoleRuntime(services: fake)
        runtime.perform(.loadCourses(CourseListQuery(integrationId: 1, offset: 0, limit: 3)))
        runtime.perform(.deactivate(1))
        runtime.settle()
        let msgs = runtime.drain()
        #expect(msgs.contains { if case .loaded(.courses(_, let p)) = $0 { p.rows.count == 3 && p.total == 5 } else { false } })
        #expect(msgs.contains(.done("Integration 1 deactivated: 12 courses archived, learner data kept.")))
    }

    @Test func anUnwiredOperationIsAMessageNotACrash() {
        let runtime = ConsoleRuntime(services: FakeServices())
        runtime.perform(.saveCourseEdits(courseId: 1, skills: ["swift"], manualTags: []))
        runtime.settle()
        #expect(runtime.drain() == [.failed("editing skills is not available in this build yet")])
    }

    @Test func exportWritesEveryRowAsCSVWithQuoting() throws {
        let rows = (0..<4500).map { i in
            StatRow(learner: i == 0 ? "=cmd()" : "learner\(i)@example.com", course: "Intro, part \(i)", progress: 100, score: nil,
                    timeSpentSeconds: 60, completion: "completed", result: "success", lastActivity: nil, attempts: 2)
        }
        let path = NSTemporaryDirectory() + "cb-export-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let n = try StatsExport.write(services: FakeServices(statRows: rows), query: StatsQuery(), path: path)
        #expect(n == 4500)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4501)
        #expect(lines[0] == "learner,course,progress_percent,score_percent,time_spent_seconds,completion,result,last_activity,attempts")
        #expect(lines[1] == "'=cmd(),\"Intro, part 0\",100,,60,completed,success,,2")
    }
}
