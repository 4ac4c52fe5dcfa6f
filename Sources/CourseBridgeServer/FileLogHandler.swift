import Foundation
import Logging
import Synchronization

/// A swift-log handler writing lines to a file or to stderr, never stdout (the console may own it).
public struct FileLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let sink: LogSink

    public init(label: String, sink: LogSink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        // Messages and values may carry what a sender wrote (statement ids, actors, client ids): escaped, so
        // a request cannot forge log lines or send escape sequences to whoever reads the log.
        let meta = all.isEmpty ? "" : " " + all.keys.sorted().map { "\(LogEscaping.escape($0))=\(LogEscaping.escape("\(all[$0]!)"))" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        sink.write("\(stamp) \(event.level) \(label): \(LogEscaping.escape("\(event.message)"))\(meta)\n")
    }
}

/// Where log lines go; appends are serialized.
public final class LogSink: Sendable {
    private let handle: Mutex<FileHandle>

    public init(handle: FileHandle) { self.handle = Mutex(handle) }

    public static let standardError = LogSink(handle: .standardError)

    /// Appends to the file at `path`, creating it (mode 0600).
    public static func file(_ path: String) throws -> LogSink {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        handle.seekToEndOfFile()
        return LogSink(handle: handle)
    }

    func write(_ line: String) {
        handle.withLock { $0.write(Data(line.utf8)) }
    }

    public func logger(label: String, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { label in FileLogHandler(label: label, sink: self) }
        logger.logLevel = level
        return logger
    }
}
