import CourseBridgeCore
import Foundation

/// `coursebridge simulate` run as a child process for `bench sync`, so the simulator's own CPU and memory never count
/// in the measured process; its endpoints and (simulated) credentials are read from what it prints.
final class SimulatorChild {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var printed = ""

    init(items: Int, seed: UInt64, dailyChange: Double? = nil) throws {
        process.executableURL = URL(fileURLWithPath: try Self.ownExecutable())
        process.arguments = ["simulate", "--port", "0", "--items", "\(items)", "--seed", "\(seed)"]
            + (dailyChange.map { ["--daily-change", "\($0)"] } ?? [])
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input
        do { try process.run() } catch { throw CLIError("could not start the simulator process: \(error)") }
        let deadline = Date().addingTimeInterval(60)
        while !printed.contains("Ctrl-C stops"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        guard printed.contains("Ctrl-C stops") else {
            stop()
            throw CLIError("the simulator process did not start (it printed: \(printed.prefix(200)))")
        }
    }

    /// This very binary: the simulator is `coursebridge simulate`.
    private static func ownExecutable() throws -> String {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            throw CLIError("cannot find this program's own path (/proc/self/exe) to start the simulator")
        }
        return path
    }

    var baseURL: String { printed.split(separator: "\n").first.map { String($0) } ?? "" }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Advances the simulated day and waits for the simulator to say so.
    func advanceDay() {
        input.fileHandleForWriting.write(Data("day\n".utf8))
        let deadline = Date().addingTimeInterval(10)
        var said = ""
        while !said.contains("day "), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
    }

    /// The block printed for one provider: `--api-base URL [--token-url URL]`, then `key=value` lines.
    private func block(_ provider: Provider) -> [String] {
        let lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: provider.displayName) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty }).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// `--api-base URL [--token-url URL]` as arguments.
    func endpointArguments(_ provider: Provider) -> [String] {
        block(provider).first { $0.hasPrefix("--api-base") }.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    private func argument(_ name: String, _ provider: Provider) -> String? {
        let args = endpointArguments(provider)
        return args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
    }

    func apiBase(for provider: Provider) -> String? { argument("--api-base", provider) }
    func tokenURL(for provider: Provider) -> String? { argument("--token-url", provider) }

    func credentialValues(for provider: Provider) -> [String: String] {
        var values: [String: String] = [:]
        for line in block(provider) where !line.hasPrefix("--") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { values[kv[0]] = kv[1] }
        }
        return values
    }

    /// The `key=value` lines, as the raw pager reads them on its standard input.
    func credentialLines(for provider: Provider) -> String {
        credentialValues(for: provider).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined()
    }
}

/// `scripts/raw_pager.py` (python3, standard library only): the baseline every sync is compared with.
struct RawPager {
    let script: String

    struct Result { var items: Int; var seconds: Double; var peakMegabytes: Double }

    func run(_ provider: Provider, simulator: SimulatorChild) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--provider", provider.rawValue] + simulator.endpointArguments(provider)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw CLIError("could not run python3 \(script): \(error)") }
        // Credentials on stdin, never on a command line.
        input.fileHandleForWriting.write(Data(simulator.credentialLines(for: provider).utf8))
        try? input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let kv = line.split(separator: " ", maxSplits: 1).map(String.init)
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard process.terminationStatus == 0, let items = fields["items"].flatMap({ Int($0) }),
              let seconds = fields["seconds"].flatMap({ Double($0) }) else {
            throw CLIError("the raw pager failed for \(provider.displayName) (exit \(process.terminationStatus)): \(problem.suffix(300))")
        }
        return Result(items: items, seconds: seconds, peakMegabytes: fields["peak_rss_mb"].flatMap { Double($0) } ?? 0)
    }
}
