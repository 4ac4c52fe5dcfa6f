import CourseBridgeCore
import CourseBridgeEngine
import CourseBridgeProviders
import Foundation
import Synchronization

/// `sync ID --record DIR`: the run's real client, with a recorder between it and libcurl.
final class RunRecording: Sendable {
    private let directory: String
    private let recorder = Mutex<TrafficRecorder?>(nil)

    init(directory: String) throws {
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw CLIError("\(directory) already holds files; record into a new or empty folder")
        }
        self.directory = directory
    }

    var sourceFactory: SyncEngine.SourceFactory {
        { [self] integration, credentials, options in
            let recorder = try TrafficRecorder(directory: directory, provider: integration.provider.rawValue,
                                               apiBase: Self.apiBase(integration, credentials),
                                               tokenURL: integration.tokenURL ?? integration.provider.defaultTokenURL,
                                               secrets: Self.secrets(integration.provider, credentials),
                                               publicCredentials: Self.publicCredentials(integration.provider, credentials))
            self.recorder.withLock { $0 = recorder }
            var options = options
            let cancellation = options.cancellation
            let curl = CurlHTTPClient(connectTimeout: options.connectTimeout, totalTimeout: options.totalTimeout,
                                      isCancelled: { cancellation.isCancelled })
            options.transport = RecordingTransport(inner: curl, recorder: recorder)
            return try SyncEngine.defaultSource(integration, credentials, options)
        }
    }

    /// Writes the manifest and says where the recording is (stderr: stdout stays the run's summary).
    func finish() throws {
        guard let recorder = recorder.withLock({ $0 }) else { return }
        do {
            let manifest = try recorder.finish()
            FileHandle.standardError.write(Data("recorded \(manifest.exchanges) exchanges in \(directory) (secrets, tokens and e-mail addresses scrubbed)\n".utf8))
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Where the client really goes: Skillsoft reads from its tenant URL unless the API base was changed.
    private static func apiBase(_ integration: Integration, _ credentials: [String: String]) -> String {
        if integration.provider == .skillsoft, integration.apiBase == integration.provider.defaultAPIBase,
           let tenant = credentials["tenant_url"], !tenant.isEmpty {
            return tenant
        }
        return integration.apiBase
    }

    /// Every secret credential, and the client id too: it names the customer's account.
    private static func secrets(_ provider: Provider, _ credentials: [String: String]) -> [String] {
        provider.credentialFields.filter { $0.isSecret || $0.key == "client_id" }.compactMap { credentials[$0.key] }
    }

    /// Organization ids: not secret, and part of the URLs a replay must answer.
    private static func publicCredentials(_ provider: Provider, _ credentials: [String: String]) -> [String: String] {
        var kept: [String: String] = [:]
        for field in provider.credentialFields where !field.isSecret && field.key != "client_id" && field.key != "tenant_url" {
            if let value = credentials[field.key] { kept[field.key] = value }
        }
        return kept
    }
}
