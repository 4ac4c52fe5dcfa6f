import CourseBridgeCore

/// The cheap part of an item (no strings built): when it appears, retires, vanishes and
/// changes, and what it is. Listings filter on these, so counting a 200,000-item catalog
/// only hashes integers.
struct ItemTraits: Sendable, Equatable {
    let createdDay: Int
    /// The day the item is first retired, if ever (within the simulated horizon).
    let retireDay: Int?
    /// Skillsoft only: the day the item vanishes from the listing (license expiry).
    let dropDay: Int?
    /// Title/description changes happen on days `d > createdDay` with `d % changePeriod == changePhase % changePeriod`.
    let changePhase: Int
    /// Days between two edits of an item: 100 (1 % of the catalog a day) at the default daily change.
    let changePeriod: Int
    /// The provider's own type name (`COURSE`, `Specialization`, `courserun`, `AUDIOBOOK` …).
    let rawType: String
    /// LinkedIn source locale (index into `LinkedInLocales.all`); 0 elsewhere.
    let localeIndex: Int

    // MARK: - Lifecycle rates

    /// Share of LinkedIn/Skillsoft items already retired when they first appear.
    static let retiredAtStartShare = 0.03
    /// Share of items retiring on each later day.
    static let retireSharePerDay = 0.004
    /// Share of Skillsoft items vanishing from the listing on each day.
    static let dropSharePerDay = 0.003
    /// Days beyond which no further retirement or drop is scheduled.
    static let horizonDays = 120

    /// `changeScale`: the daily rates of edits, retirements and drops relative to the default day (1).
    init(seed: UInt64, provider: Provider, index: Int, baseItems: Int, newPerDay: Int, changeScale: Double = 1) {
        createdDay = index < baseItems ? 0 : (index - baseItems) / newPerDay + 1
        var h = SeededHash(seed: seed, salt: Self.salt(provider), index)
        let retireRoll = h.unit()
        let dropRoll = h.unit()
        changePeriod = max(1, Int((100 / changeScale).rounded()))
        changePhase = h.int(in: 1...changePeriod)
        let retireShare = Self.retireSharePerDay * changeScale
        let dropShare = Self.dropSharePerDay * changeScale
        let keepsRetired = provider == .linkedin || provider == .skillsoft
        if keepsRetired, retireRoll < Self.retiredAtStartShare {
            retireDay = createdDay
        } else {
            let offset = Int((retireRoll - (keepsRetired ? Self.retiredAtStartShare : 0)) / retireShare)
            retireDay = offset < Self.horizonDays ? createdDay + 1 + offset : nil
        }
        if provider == .skillsoft {
            let offset = Int(dropRoll / dropShare)
            dropDay = offset < Self.horizonDays ? createdDay + 1 + offset : nil
        } else {
            dropDay = nil
        }
        rawType = h.weighted(Self.types(provider))
        localeIndex = provider == .linkedin ? h.weighted(LinkedInLocales.weights) : 0
    }

    // MARK: - Queries for a day

    func exists(on day: Int) -> Bool { createdDay <= day }
    func isRetired(on day: Int) -> Bool { retireDay.map { $0 <= day } ?? false }
    func isDropped(on day: Int) -> Bool { dropDay.map { $0 <= day } ?? false }

    /// The latest day on or before `day` on which the item was created, changed or retired, for the providers'
    /// changes-since reads; nil when it has not changed since day 0 (the catalog the simulator starts with).
    func lastChangeDay(on day: Int) -> Int? {
        var last: Int?
        if createdDay >= 1, createdDay <= day { last = createdDay }
        if let changed = revision(on: day).lastDay, changed >= 1 { last = max(last ?? 0, changed) }
        if let retired = retireDay, retired >= 1, retired <= day { last = max(last ?? 0, retired) }
        return last
    }

    /// How many times the title has changed by `day`, and the day of the last change.
    func revision(on day: Int) -> (count: Int, lastDay: Int?) {
        guard day >= changePhase else { return (0, nil) }
        let last = day - (day - changePhase) % changePeriod
        let total = (day - changePhase) / changePeriod + 1
        let beforeCreation = createdDay >= changePhase ? (createdDay - changePhase) / changePeriod + 1 : 0
        let count = total - beforeCreation
        return count > 0 ? (count, last) : (0, nil)
    }

    /// `traits-<provider>` as literals: a listing computes the traits of every index, and building the salt
    /// string each time was a good part of a changes read's cost on the simulator's side.
    static func salt(_ provider: Provider) -> String {
        switch provider {
        case .linkedin: "traits-linkedin"
        case .coursera: "traits-coursera"
        case .edx: "traits-edx"
        case .skillsoft: "traits-skillsoft"
        }
    }

    /// `typeTable`, built once per provider.
    static func types(_ provider: Provider) -> [(String, Int)] {
        switch provider {
        case .linkedin: linkedinTypes
        case .coursera: courseraTypes
        case .edx: edxTypes
        case .skillsoft: skillsoftTypes
        }
    }
    private static let linkedinTypes = typeTable(.linkedin)
    private static let courseraTypes = typeTable(.coursera)
    private static let edxTypes = typeTable(.edx)
    private static let skillsoftTypes = typeTable(.skillsoft)

    // MARK: - Type tables (weights in percent)

    static func typeTable(_ provider: Provider) -> [(String, Int)] {
        switch provider {
        case .linkedin: [("COURSE", 90), ("VIDEO", 5), ("EVENT", 2), ("LINK", 2), ("CUSTOM", 1)]
        case .coursera: [("Course", 85), ("Specialization", 15)]
        case .edx: [("course", 85), ("courserun", 10), ("program", 5)]
        case .skillsoft:
            [("COURSE", 35), ("BOOK", 13), ("AUDIOBOOK", 9), ("CHANNEL", 8), ("JOURNEY", 5), ("LINKED_CONTENT", 8),
             ("ASSESSMENT", 8), ("BENCHMARK", 6), ("PRACTICE_LAB", 4), ("VIDEO", 4)]
        }
    }

    /// The normalized `ContentType` a client should give this item.
    static func normalizedType(_ rawType: String, provider: Provider) -> String {
        switch (provider, rawType) {
        case (.linkedin, "COURSE"), (.coursera, "Course"), (.edx, "course"): ContentType.course
        case (.linkedin, let t): t.lowercased()
        case (.coursera, _): ContentType.specialization
        case (.edx, "program"): ContentType.program
        case (.edx, _): "courserun"
        case (.skillsoft, "COURSE"): ContentType.course
        case (.skillsoft, "BOOK"): ContentType.book
        case (.skillsoft, "AUDIOBOOK"): ContentType.audiobook
        case (.skillsoft, "CHANNEL"): ContentType.channel
        case (.skillsoft, "JOURNEY"): ContentType.journey
        case (.skillsoft, "LINKED_CONTENT"): ContentType.linkedContent
        case (.skillsoft, "ASSESSMENT"): ContentType.assessment
        case (.skillsoft, "BENCHMARK"): ContentType.benchmark
        case (.skillsoft, _): ContentType.uncategorized
        }
    }
}

/// LinkedIn's 12 source locales (the learningAssets reference; no nl_NL) and how the catalog spreads over them.
public enum LinkedInLocales {
    public static let all: [(language: String, country: String)] = [
        ("de", "DE"), ("en", "US"), ("es", "ES"), ("fr", "FR"), ("in", "ID"), ("it", "IT"), ("ja", "JP"),
        ("ko", "KR"), ("pl", "PL"), ("pt", "BR"), ("tr", "TR"), ("zh", "CN"),
    ]
    /// en_US holds about 40% of the catalog, the others share the rest.
    static let weights: [(Int, Int)] = all.indices.map { ($0, all[$0].language == "en" ? 40 : 5) }

    public static func index(language: String, country: String) -> Int? {
        all.firstIndex { $0.language == language.lowercased() && $0.country == country.uppercased() }
    }
}
