import CourseBridgeCore
import CourseBridgeProviders
import Foundation

extension SyncEngine {
    /// TEST CONNECTION for an integration that is not stored yet (the setup wizard tests before it creates,
    /// so an abandoned wizard leaves nothing behind). The credentials stay in memory.
    public func testConnection(provider: Provider, apiBase: String?, tokenURL: String?,
                               credentials: [String: String]) -> ConnectionTestResult {
        let candidate = Integration(provider: provider, groupId: 0, authorUserId: 0, apiBase: apiBase, tokenURL: tokenURL,
                                    hasCredentials: true, configuredAt: Date())
        do {
            return try makeSource(candidate, credentials, CatalogSourceOptions(totalTimeout: 20)).testConnection()
        } catch let error as ProviderError {
            return ConnectionTestResult(error: error)
        } catch {
            return .unexpectedResponse("\(error)")
        }
    }
}
