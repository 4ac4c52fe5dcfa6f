import Foundation

/// `coursebridge simulate` as a child process, with the endpoints and credentials it printed.
final class SimulatorProcess {
    let process = Process()
    private(set) var output = ""
    private let stdin = Pipe()

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
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = stdin
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !output.contains("Ctrl-C stops"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
    }

    func stop() {
        process.terminate()
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
