import CourseBridgeProviders
import Foundation
import Synchronization

/// The exchanges of one recording and which of them have been served: a request gets the first
/// unserved exchange with the same method and URL, else with the same method and path (a query
/// that holds a date moves with the day of the replay), else the last one served for that path
/// (a client that reads a page again), in the order the run recorded them.
public final class ReplayLibrary: Sendable {
    public let manifest: RecordingManifest
    private let exchanges: [RecordedExchange]
    private let served: Mutex<[Bool]>

    public init(directory: String) throws(RecordingError) {
        let folder = URL(fileURLWithPath: directory)
        let decoder = JSONDecoder()
        guard let manifestData = try? Data(contentsOf: folder.appendingPathComponent(RecordingManifest.fileName)) else {
            throw RecordingError("\(directory) has no \(RecordingManifest.fileName): not a recording, or its run did not finish")
        }
        do {
            manifest = try decoder.decode(RecordingManifest.self, from: manifestData)
        } catch {
            throw RecordingError("\(directory)/\(RecordingManifest.fileName) is not a recording's manifest: \(error)")
        }
        var loaded: [RecordedExchange] = []
        for sequence in 1...max(1, manifest.exchanges) where manifest.exchanges > 0 {
            let name = RecordingManifest.exchangeFileName(sequence)
            do {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                loaded.append(try decoder.decode(RecordedExchange.self, from: data))
            } catch {
                throw RecordingError("\(directory)/\(name) is missing or unreadable: \(error)")
            }
        }
        exchanges = loaded
        served = Mutex(Array(repeating: false, count: loaded.count))
    }

    public var count: Int { exchanges.count }

    /// `url` as recorded: `{api}/…` or `{token}…`, with its query.
    public func answer(method: String, url: String) -> RecordedExchange? {
        let path = Self.path(of: url)
        return served.withLock { served in
            let candidates = exchanges.indices.filter { exchanges[$0].request.method == method }
            let pick = candidates.first { !served[$0] && exchanges[$0].request.url == url }
                ?? candidates.first { !served[$0] && Self.path(of: exchanges[$0].request.url) == path }
                ?? candidates.last { served[$0] && Self.path(of: exchanges[$0].request.url) == path }
            guard let pick else { return nil }
            served[pick] = true
            return exchanges[pick]
        }
    }

    static func path(of url: String) -> Substring {
        url.prefix { $0 != "?" }
    }
}
