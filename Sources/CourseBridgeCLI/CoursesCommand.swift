import ArgumentParser
import CourseBridgeCore
import CourseBridgeData
import CourseBridgeStore

struct CoursesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "courses", abstract: "List synchronized courses.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this integration's courses.") var integration: Int64?
    @Option(help: "active or archived.") var status: String?
    @Option(help: "At most this many rows.") var limit: Int?
    @Option(help: ArgumentHelp("Full-text search over title, description, tags and skills, best match first (50 rows unless --limit).",
                               valueName: "text")) var search: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try global.openStore()
        let courses = try reportingErrors {
            let status = try status.map { value throws(CoreError) -> CourseStatus in
                guard let s = CourseStatus(rawValue: value) else {
                    throw .invalidValue(field: "status", value: value, expected: CourseStatus.allCases.map(\.rawValue))
                }
                return s
            }
            if let search { return try store.searchCourses(search, CourseQuery(integrationId: integration, status: status, limit: limit ?? 50)) }
            return try store.courses(CourseQuery(integrationId: integration, status: status, limit: limit))
        }
        if json { print(try Output.json(courses)); return }
        print(Output.table(["ID", "PROVIDER", "PROVIDER ID", "STATUS", "TYPE", "TITLE"], courses.map {
            ["\($0.id ?? 0)", $0.provider.rawValue, $0.providerId, $0.status.rawValue, $0.contentType, $0.title]
        }))
    }
}
