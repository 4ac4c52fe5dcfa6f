import Foundation

/// `coursebridge simulate` as a child process, with the endpoints and credentials it printed.
final class SimulatorProcess {
    let process = Process()
    private(set) var output = ""
    private let stdin = Pipe()
    private let out = Pipe()

    convenience init(items: Int, faults: [String] = []) throws {
        try self.init(arguments: ["simulate", "--port", "0", "--items", "\(items)"] + faults.flatMap { ["--fault", $0] })
    }

    /// `simulate --replay DIR`: the same output shape, for a recording.
    convenience init(replaying folder: String) throws {
        try self.init(arguments: ["simulate", "--port", "0", "--replay", folder])
    }

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = stdin
        try process.run()
        _ = readOutput(until: "Ctrl-C stops", seconds: 20)
    }

    /// Reads what the simulator prints until `text` is in it (true) or the time is up or the output ends (false).
    func readOutput(until text: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !output.contains(text), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        return output.contains(text)
    }

    /// SIGTERM, then SIGKILL if the simulator has not exited within 15 s: a test's clean-up must not hang the
    /// whole run (one run of 2026-12-08 waited here for 13 minutes), and saying so on stderr keeps it visible.
    func stop() {
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            FileHandle.standardError.write(Data("simulator \(process.processIdentifier) did not stop on SIGTERM within 15 s: killed\n".utf8))
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    func advanceDay() {
        stdin.fileHandleForWriting.write(Data("day\n".utf8))
        usleep(200_000)
    }

    /// The block the simulator printed for one provider.
    private func block(_ name: String) -> [String] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: name) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }

    func addArguments(_ name: String) -> [String] {
        guard let line = block(name).first(where: { $0.contains("--api-base") }) else { return [] }
        return line.split(separator: " ").map(String.init)
    }

    func credentials(_ name: String) -> String {
        block(name).filter { !$0.contains("--api-base") }.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + "\n"
    }
}
