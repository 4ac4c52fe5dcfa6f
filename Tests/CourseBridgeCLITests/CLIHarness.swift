import Foundation

/// Runs the built `coursebridge` binary on a temporary database, as an administrator would.
struct CLI {
    let directory: String
    var db: String { directory + "/cb.sqlite" }

    init() {
        directory = NSTemporaryDirectory() + "cb-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
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
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], useDefaultDb: Bool = true) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = (useDefaultDb ? ["--db", db] : []) + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "COURSEBRIDGE_DB")
        // Percipio's report is polled every 50 ms here, not every 5 s (the simulator makes it wait twice).
        env["COURSEBRIDGE_REPORT_POLL_SECONDS"] = "0.05"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A group, an editor and one integration: the state most commands start from.
    func seed(provider: String = "linkedin") throws {
        try run(["group", "add", "Acme"])
        try run(["user", "add", "--email", "admin@acme.example", "--username", "admin"])
        try run(["group", "member", "add", "1", "admin@acme.example", "--role", "editor"])
        try run(["integration", "add", provider, "--group", "1", "--author", "admin@acme.example"])
    }
}
