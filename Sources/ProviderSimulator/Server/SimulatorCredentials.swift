import CourseBridgeCore

/// The credentials the simulator accepts, one set per provider.
public struct SimulatorCredentials: Sendable, Equatable {
    public var linkedinClientId: String
    public var linkedinClientSecret: String
    public var courseraOrgId: String
    public var courseraClientId: String
    public var courseraClientSecret: String
    public var edxClientId: String
    public var edxClientSecret: String
    public var skillsoftOrgId: String
    public var skillsoftBearerToken: String

    public init(linkedinClientId: String, linkedinClientSecret: String, courseraOrgId: String,
                courseraClientId: String, courseraClientSecret: String, edxClientId: String, edxClientSecret: String,
                skillsoftOrgId: String, skillsoftBearerToken: String) {
        self.linkedinClientId = linkedinClientId
        self.linkedinClientSecret = linkedinClientSecret
        self.courseraOrgId = courseraOrgId
        self.courseraClientId = courseraClientId
        self.courseraClientSecret = courseraClientSecret
        self.edxClientId = edxClientId
        self.edxClientSecret = edxClientSecret
        self.skillsoftOrgId = skillsoftOrgId
        self.skillsoftBearerToken = skillsoftBearerToken
    }

    /// A Coursera organization the simulator knows but this app is not entitled to (403).
    public static let courseraUnentitledOrgId = "NotEntitledOrg0000000000"

    /// Credentials derived from the seed, so a run is reproducible.
    public static func generated(seed: UInt64) -> SimulatorCredentials {
        var h = SeededHash(seed: seed, salt: "credentials")
        return SimulatorCredentials(
            linkedinClientId: "78li" + h.hex(10), linkedinClientSecret: "LiSecret" + h.hex(16),
            courseraOrgId: "CourseraOrg" + h.hex(13), courseraClientId: "cc-" + h.hex(20),
            courseraClientSecret: "cs-" + h.hex(24), edxClientId: "edx-" + h.hex(24),
            edxClientSecret: "edxsecret-" + h.hex(30), skillsoftOrgId: h.uuid(),
            skillsoftBearerToken: "percipio-" + h.hex(40))
    }

    /// Values keyed as `Provider.credentialFields`; Skillsoft's `tenant_url` comes from the server.
    public func credentialValues(for provider: Provider) -> [String: String] {
        switch provider {
        case .linkedin: ["client_id": linkedinClientId, "client_secret": linkedinClientSecret]
        case .coursera: ["org_id": courseraOrgId, "client_id": courseraClientId, "client_secret": courseraClientSecret]
        case .edx: ["client_id": edxClientId, "client_secret": edxClientSecret]
        case .skillsoft: ["organization_id": skillsoftOrgId, "bearer_token": skillsoftBearerToken]
        }
    }
}

/// How a simulator run is set up.
public struct SimulatorOptions: Sendable {
    /// Catalog entries per provider on day 0 (all types).
    public var items: Int
    public var seed: UInt64
    public var faults: [SimulatorFault]
    public var credentials: SimulatorCredentials
    /// Extra delay for every listing page, in milliseconds.
    public var pageDelayMs: Int
    /// The providers' documented shapes (default), or the legacy ones.
    public var shapes: ResponseShapes
    /// Share of the catalog new, edited or retired per simulated day (`SimulatedCatalog.dailyChange`).
    public var dailyChange: Double

    public init(items: Int = 1000, seed: UInt64 = 42, faults: [SimulatorFault] = [],
                credentials: SimulatorCredentials? = nil, pageDelayMs: Int = 0, shapes: ResponseShapes = .documented,
                dailyChange: Double = SimulatedCatalog.defaultDailyChange) {
        self.dailyChange = dailyChange
        self.items = items
        self.seed = seed
        self.faults = faults
        self.credentials = credentials ?? .generated(seed: seed)
        self.pageDelayMs = pageDelayMs
        self.shapes = shapes
    }
}
