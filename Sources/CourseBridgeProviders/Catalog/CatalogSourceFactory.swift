import CourseBridgeCore
import Foundation

/// Builds the client of one integration. `apiBase`/`tokenURL` nil = the provider's real URLs
/// (Skillsoft: the `tenant_url` credential). Credentials use the keys of `Provider.credentialFields`.
public func makeCatalogSource(provider: Provider, apiBase: String?, tokenURL: String?, credentials: [String: String],
                              options: CatalogSourceOptions = CatalogSourceOptions()) throws(ProviderError) -> CatalogSource {
    let context = ClientContext(provider: provider, options: options)
    func required(_ key: String) throws(ProviderError) -> String {
        guard let value = credentials[key]?.trimmed, !value.isEmpty else {
            throw ProviderError(provider: provider, host: "", kind: .missingCredential(key: key))
        }
        return value
    }
    switch provider {
    case .linkedin:
        let apiBase = apiBase ?? provider.defaultAPIBase
        let session = context.oauthSession(apiBase: apiBase, tokenURL: tokenURL ?? provider.defaultTokenURL!,
                                           clientId: try required("client_id"),
                                           clientSecret: try required("client_secret"), style: .linkedin,
                                           organizationStatuses: [])
        return LinkedInCatalogClient(session: session, apiBase: apiBase,
                                     locales: options.locales, pageSize: options.pageSize ?? 100, cancellation: options.cancellation,
                                     changedSince: options.changedSince, now: options.now)
    case .coursera:
        let apiBase = apiBase ?? provider.defaultAPIBase
        let session = context.oauthSession(apiBase: apiBase, tokenURL: tokenURL ?? provider.defaultTokenURL!,
                                           clientId: try required("client_id"),
                                           clientSecret: try required("client_secret"), style: .coursera,
                                           organizationStatuses: [403, 404])
        return CourseraCatalogClient(session: session, apiBase: apiBase, orgId: try required("org_id"),
                                     programIds: options.programIds, pageSize: options.pageSize ?? 1000,
                                     cancellation: options.cancellation, changedSince: options.changedSince)
    case .edx:
        let apiBase = apiBase ?? provider.defaultAPIBase
        let session = context.oauthSession(apiBase: apiBase, tokenURL: tokenURL ?? provider.defaultTokenURL!,
                                           clientId: try required("client_id"),
                                           clientSecret: try required("client_secret"), style: .edx,
                                           organizationStatuses: [403])
        return EdXCatalogClient(session: session, apiBase: apiBase,
                                pageSize: options.pageSize ?? 100,
                                learnerPageSize: options.pageSize ?? EdXFields.learnerSummaryMaxPageSize,
                                cancellation: options.cancellation)
    case .skillsoft:
        let token = try required("bearer_token")
        let tenant = credentials["tenant_url"].flatMap { $0.isEmpty ? nil : $0 }
        let apiBase = apiBase ?? tenant ?? provider.defaultAPIBase
        let session = ProviderSession(executor: context.executor, authorizer: StaticBearerAuthorizer(token: token),
                                      apiBase: apiBase, organizationStatuses: [403, 404], extraSecrets: [])
        return SkillsoftCatalogClient(session: session, apiBase: apiBase,
                                      orgId: try required("organization_id"), pageSize: options.pageSize ?? 1000,
                                      cancellation: options.cancellation, sleeper: options.sleeper,
                                      pollInterval: options.reportPollInterval, maxPollInterval: max(options.reportPollInterval, 60),
                                      maxReportWait: options.reportMaxWait, changedSince: options.changedSince)
    }
}

/// The transport and executor shared by a client and its token provider.
struct ClientContext {
    let executor: RequestExecutor

    init(provider: Provider, options: CatalogSourceOptions) {
        let cancellation = options.cancellation
        let transport = options.transport ?? CurlHTTPClient(connectTimeout: options.connectTimeout,
                                                            totalTimeout: options.totalTimeout,
                                                            maxResponseBytes: options.maxResponseBytes,
                                                            isCancelled: { cancellation.isCancelled })
        executor = RequestExecutor(provider: provider, transport: transport, policy: options.retryPolicy,
                                   sleeper: options.sleeper, now: options.now, cancellation: cancellation)
    }

    func oauthSession(apiBase: String, tokenURL: String, clientId: String, clientSecret: String, style: OAuth2Style,
                      organizationStatuses: Set<Int>) -> ProviderSession {
        let auth = OAuth2ClientCredentials(tokenURL: tokenURL, clientId: clientId, clientSecret: clientSecret,
                                           style: style, executor: executor)
        return ProviderSession(executor: executor, authorizer: auth, apiBase: apiBase, organizationStatuses: organizationStatuses,
                               extraSecrets: [])
    }
}
