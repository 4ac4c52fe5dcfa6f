import ArgumentParser
import CourseBridgeCore
import CourseBridgeEngine
import Foundation

/// `coursebridge launch COURSE_ID --user EMAIL`: prints the signed, short-lived launch link the learning platform
/// hands the learner, and the provider URL it leads to. The launch is recorded when the learner follows the link.
struct LaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch", abstract: "Print a signed launch link for a learner, and the provider URL it leads to.",
        discussion: """
            The link is signed with this installation's launch key and works until --ttl seconds from now. \
            Following it records the launch (LinkedIn Learning: attempt at 1%, Skillsoft: 50%) and redirects \
            the learner to the provider. Unsigned, altered or expired links are refused.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Course id.") var courseId: Int64
    @Option(help: "The learner's email.") var user: String
    @Option(help: "Launch from this path (a linear path refuses a locked step).") var path: Int64?
    @Option(help: "Seconds the link stays valid (1 to 86400).") var ttl: Int = 300
    @Option(name: [.customLong("public-url"), .customLong("base-url")], help: ArgumentHelp(
        "Public base URL of `coursebridge serve` (default: $COURSEBRIDGE_PUBLIC_URL or http://127.0.0.1:8080).", valueName: "url"))
    var publicURL: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (1...86_400).contains(ttl) else { throw ValidationError("--ttl must be between 1 and 86400 seconds") }
    }

    struct Link: Encodable {
        var link: String
        var expires: Date
        var providerURL: String
    }

    func run() throws {
        let store = try global.openStore()
        let course = try reportingErrors { try store.course(id: courseId) }
        let learner = try reportingErrors { try store.user(email: user) }
        guard course.status == .active else {
            throw CLIError("course \(courseId) is archived: it can no longer be launched")
        }
        guard let providerURL = course.launchURL, LaunchService.isWebLink(providerURL) else {
            throw CLIError("course \(courseId) has no http(s) launch URL from \(course.provider.displayName); sync the integration again")
        }
        let key = try reportingErrors { try store.launchKey() }
        let expiry = Int64(Date().timeIntervalSince1970.rounded(.down)) + Int64(ttl)
        let expires = Date(timeIntervalSince1970: TimeInterval(expiry))
        let claim = LaunchClaim(courseId: courseId, userEmail: learner.email, pathId: path, expires: expiry)
        let link = Self.baseURL(publicURL) + LaunchSigner(key: key).linkPath(claim)
        if json {
            print(try Output.json(Link(link: link, expires: expires, providerURL: providerURL)))
            return
        }
        print("launch link (valid until \(Output.date(expires))): \(link)")
        print("provider URL: \(Output.inert(providerURL))")
    }

    static func baseURL(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var base = (option ?? environment["COURSEBRIDGE_PUBLIC_URL"] ?? "http://127.0.0.1:8080").trimmed
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}
