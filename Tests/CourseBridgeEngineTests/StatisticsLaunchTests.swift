import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeEngine
@testable import CourseBridgeStore
import Foundation
import GRDB
import Testing

@Test("launch records the launch, returns the provider URL and refuses unknown learners")
func launchRecords() throws {
    let f = try StatsFixture(provider: .skillsoft)
    let ann = try f.addUser("ann@acme.example")
    let courseId = try f.addCourse(uuid, launchURL: "https://acme.percipio.com/courses/\(uuid)")
    let result = try LaunchService(store: f.store).launch(courseId: courseId, userEmail: "ANN@acme.example")
    #expect(result.url == "https://acme.percipio.com/courses/\(uuid)")
    #expect(result.attempts.map(Seen.init) == [Seen(.inProgress, 50)])
    #expect(try f.store.launches(userId: ann.id!, courseId: courseId).count == 1)
    #expect(throws: StatisticsError.self) { try LaunchService(store: f.store).launch(courseId: courseId, userEmail: "nobody@acme.example") }
    #expect(throws: StatisticsError.self) { try LaunchService(store: f.store).launch(courseId: 999, userEmail: "ann@acme.example") }
}

@Test("a linear path's next step stays locked until the external course is completed at the provider")
func pathGating() throws {
    let f = try StatsFixture(provider: .linkedin)
    try f.addUser("ann@acme.example")
    let first = try f.addCourse("urn:li:lyndaCourse:1")
    let second = try f.addCourse("urn:li:lyndaCourse:2")
    let pathId: Int64 = try f.store.writer.write { db in
        try db.execute(sql: "INSERT INTO path(group_id, name, is_linear, created_at) VALUES (1, 'Track', 1, 0)")
        let id = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO path_step(path_id, position, course_id) VALUES (?, 1, ?), (?, 2, ?)", arguments: [id, first, id, second])
        return id
    }
    let launcher = LaunchService(store: f.store)
    #expect(throws: StatisticsError.self) { try launcher.launch(courseId: second, userEmail: "ann@acme.example", pathId: pathId) }
    _ = try launcher.launch(courseId: first, userEmail: "ann@acme.example", pathId: pathId)
    #expect(throws: StatisticsError.self) { try launcher.launch(courseId: second, userEmail: "ann@acme.example", pathId: pathId) }
    try f.push(statement(verb: Verb.completed, object: "urn:lyndaCourse:1", at: day(10)))
    #expect(try launcher.launch(courseId: second, userEmail: "ann@acme.example", pathId: pathId).url.isEmpty == false)
}
