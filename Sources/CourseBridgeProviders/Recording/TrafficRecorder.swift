import Foundation
import Synchronization

/// Writes every exchange of one run to a folder, scrubbed (see `TrafficScrubber`), one file per
/// exchange as it happens (a killed run leaves what it read), and `manifest.json` on `finish()`.
public final class TrafficRecorder: Sendable {
    public let directory: URL
    private let provider: String
    private let publicCredentials: [String: String]
    private let state: Mutex<(scrubber: TrafficScrubber, count: Int, failure: String?)>

    /// Refuses a folder that already holds files: recordings are never mixed.
    public init(directory: String, provider: String, apiBase: String, tokenURL: String?, secrets: [String],
                publicCredentials: [String: String]) throws(RecordingError) {
        let url = URL(fileURLWithPath: directory)
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: url.path), !existing.isEmpty {
            throw RecordingError("\(directory) already holds files; record into a new or empty folder")
        }
        do {
            try files.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw RecordingError("cannot create \(directory): \(error.localizedDescription)")
        }
        self.directory = url
        self.provider = provider
        self.publicCredentials = publicCredentials
        state = Mutex((TrafficScrubber(apiBase: apiBase, tokenURL: tokenURL, secrets: secrets), 0, nil))
    }

    func record(_ request: HTTPRequest, _ response: HTTPResponse) {
        state.withLock { state in
            let responseText = String(decoding: response.body, as: UTF8.self)
            state.scrubber.learnTokens(in: responseText)
            state.count += 1
            var s = state.scrubber
            let exchange = RecordedExchange(
                sequence: state.count,
                request: .init(method: request.method.rawValue, url: s.scrub(request.url),
                               headers: Self.kept(request.headers).map { [$0.name, s.scrub($0.value)] },
                               body: request.body.map { s.scrub(String(decoding: $0, as: UTF8.self)) }),
                response: .init(status: response.status,
                                headers: Self.kept(response.headers.fields).map { [$0.name, s.scrub($0.value)] },
                                body: s.scrub(responseText)))
            state.scrubber = s
            do {
                try Self.write(exchange, to: directory.appendingPathComponent(RecordingManifest.exchangeFileName(state.count)))
            } catch {
                state.failure = state.failure ?? "could not write the recording: \(error.localizedDescription)"
            }
        }
    }

    /// Writes the manifest; returns it, or the first write failure.
    @discardableResult
    public func finish(now: Date = Date()) throws(RecordingError) -> RecordingManifest {
        let (manifest, failure) = state.withLock { state in
            (RecordingManifest(provider: provider, recordedAt: ISO8601DateFormatter().string(from: now),
                               exchanges: state.count, learners: state.scrubber.pseudonyms.values.sorted(),
                               credentials: publicCredentials), state.failure)
        }
        if let failure { throw RecordingError(failure) }
        do {
            try Self.write(manifest, to: directory.appendingPathComponent(RecordingManifest.fileName))
        } catch {
            throw RecordingError("could not write the recording's manifest: \(error.localizedDescription)")
        }
        return manifest
    }

    /// Credentials and cookies never reach the folder, whatever their value.
    private static func kept(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        headers.filter { !["authorization", "cookie", "set-cookie", "proxy-authorization"].contains($0.name.lowercased()) }
    }

    private static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: url, options: .atomic)
    }
}

/// A transport that records what passes through it and changes nothing of it.
public struct RecordingTransport: HTTPTransport {
    let inner: HTTPTransport
    let recorder: TrafficRecorder

    public init(inner: HTTPTransport, recorder: TrafficRecorder) {
        self.inner = inner
        self.recorder = recorder
    }

    public func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let response = try inner.perform(request)
        recorder.record(request, response)
        return response
    }
}

public struct RecordingError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
