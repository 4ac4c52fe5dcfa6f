import CourseBridgeCore
import CourseBridgeData
@testable import CourseBridgeStore
import Foundation
import GRDB

/// The real `coursebridge serve` binary on a temporary database and a free port, driven with curl.
final class ServeHarness: @unchecked Sendable {  // used from one test at a time
    let directory: String
    var db: String { directory + "/cb.sqlite" }
    var log: String { directory + "/serve.log" }
    private(set) var process: Process?
    private(set) var baseURL = ""
    var clientId = ""
    var clientSecret = ""
    /// Extra curl arguments for every request (`--cacert FILE` for a TLS server).
    var curlOptions: [String] = []

    init() {
        directory = NSTemporaryDirectory() + "cb-serve-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The binary sits beside the test bundle in the build folder.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["COURSEBRIDGE_BIN"] { return path }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("coursebridge").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/coursebridge"
    }

    @discardableResult
    func cli(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["--db", db] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// A group, an admin, learner Ann, a LinkedIn and a Skillsoft integration with webhook credentials,
    /// and one course each (LinkedIn course id 1, Skillsoft course id 2).
    func seed() throws {
        try cli(["group", "add", "Acme"])
        try cli(["user", "add", "--email", "admin@acme.example"])
        try cli(["user", "add", "--email", "ann@acme.example"])
        try cli(["group", "member", "add", "1", "admin@acme.example", "--role", "editor"])
        try cli(["integration", "add", "linkedin", "--group", "1", "--author", "admin@acme.example"])
        try cli(["integration", "add", "skillsoft", "--group", "1", "--author", "admin@acme.example"])
        let store = try Store.open(path: db)
        let creds = try store.webhookCredentials(integrationId: 1, rotate: false).0
        clientId = creds.clientId
        clientSecret = creds.clientSecret ?? ""
        _ = try store.webhookCredentials(integrationId: 2, rotate: false)
        try store.writer.write { db in
            try db.execute(sql: """
                UPDATE integration SET configured_at = 0;
                INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
                VALUES (1, 'linkedin', 'urn:li:lyndaCourse:252', 'Swift', 3600, 'https://www.linkedin.com/learning/swift', 0, 0),
                       (2, 'skillsoft', '8c5f2c7e-1111-4a8e-9d3e-0123456789ab', 'Agile', 1800, 'https://acme.percipio.com/agile', 0, 0);
                """)
        }
    }

    func store() throws -> Store { try Store.open(path: db) }

    // MARK: - Server process

    func start(extra: [String] = []) throws {
        let errFile = directory + "/serve-\(UUID().uuidString).err"
        _ = FileManager.default.createFile(atPath: errFile, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["--db", db, "serve", "--port", "0", "--no-scheduler", "--log", log] + extra
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle(forWritingAtPath: errFile)
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"https?://[0-9.]+:[0-9]+"#, options: .regularExpression) {
                baseURL = String(text[range])
                return
            }
            guard p.isRunning else { break }
            usleep(20_000)
        }
        throw HarnessError("the server did not start: \((try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "")")
    }

    /// Runs `serve` expecting it to refuse to start: its exit status and stderr.
    func failedStart(extra: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["--db", db, "serve", "--port", "0", "--no-scheduler", "--log", log] + extra
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 15, execute: killer)
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The server's port, for raw sockets.
    var port: UInt16 { baseURL.split(separator: ":").last.flatMap { UInt16($0) } ?? 0 }

    func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func terminate() -> Int32 {
        guard let process else { return -1 }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    // MARK: - HTTP with curl

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    func http(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil, user: String? = nil) throws -> Reply {
        let headerFile = directory + "/h-\(UUID().uuidString)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var args = ["-s", "-S", "-X", method, "-D", headerFile, "--max-time", "10"] + curlOptions
        for (k, v) in headers { args += ["-H", "\(k): \(v)"] }
        if let user { args += ["-u", user] }
        if body != nil { args += ["--data-binary", "@-"] }
        p.arguments = args + [baseURL + path]
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardInput = input
        try p.run()
        if let body { input.fileHandleForWriting.write(Data(body.utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let rawHeaders = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: headerFile)
        var status = 0
        var fields: [String: String] = [:]
        for line in rawHeaders.components(separatedBy: "\r\n") {
            if line.hasPrefix("HTTP/") { status = Int(line.split(separator: " ")[1]) ?? 0; continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: fields, body: String(decoding: data, as: UTF8.self))
    }

    func token(provider: String = "linkedinlearning") throws -> String {
        let r = try http("POST", "/api/\(provider)/oauth2/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                         body: "grant_type=client_credentials&client_id=\(clientId)&client_secret=\(form(clientSecret))")
        guard let token = r.object["access_token"] as? String else { throw HarnessError("no token: \(r.status) \(r.body)") }
        return token
    }

    func form(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    func post(_ body: String, token: String, path: String = "/api/linkedinlearning/stats", method: String = "POST",
              version: String? = "1.0.0") throws -> Reply {
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        if let version { headers["X-Experience-API-Version"] = version }
        return try http(method, path, headers: headers, body: body)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func linkedInStatement(id: String? = nil, email: String = "ann@acme.example", verb: String = "progressed", progress: Int = 40) -> String {
    let idPart = id.map { #""id":"\#($0)","# } ?? ""
    return #"{\#(idPart)"actor":{"mbox":"mailto:\#(email)"},"verb":{"id":"http://adlnet.gov/expapi/verbs/\#(verb)"},"object":{"id":"urn:lyndaCourse:252"},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":"\#(progress)"}},"timestamp":"2030-01-01T10:00:00+0000"}"#
}
