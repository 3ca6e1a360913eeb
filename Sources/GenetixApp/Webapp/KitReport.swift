import GenetixCrypto

/// A customer's DNA report, derived deterministically from the kit: the same kit always gives the same report.
///
/// The seed is SHA-256 over the kit's blind index (itself HMAC-SHA256 of the code under the index key), so the report
/// needs neither the plain code nor any stored result.
public struct KitReport: Codable, Sendable, Equatable {
    /// One ancestry region and its share, in percent (one decimal; the shares add up to 100).
    public struct Ancestry: Codable, Sendable, Equatable {
        public var region: String
        public var percent: Double
    }
    /// One trait and the predicted result.
    public struct Trait: Codable, Sendable, Equatable {
        public var name: String
        public var result: String
        public var confidence: Double
    }

    public var kitId: Int64
    public var ancestry: [Ancestry]
    public var traits: [Trait]
    public var maternalHaplogroup: String

    static let regions = ["Northwestern European", "Southern European", "Eastern European", "Ashkenazi Jewish",
                          "North African", "West African", "East Asian", "South Asian", "Indigenous American", "Oceanian"]
    static let traitTable: [(String, [String])] = [
        ("Lactose tolerance", ["likely tolerant", "likely intolerant"]),
        ("Caffeine metabolism", ["fast", "slow"]),
        ("Eye colour", ["brown", "blue", "green", "hazel"]),
        ("Earwax type", ["wet", "dry"]),
        ("Bitter taste perception", ["taster", "non-taster"]),
    ]
    static let haplogroups = ["H1", "H3", "U5b", "K1a", "J1c", "T2b", "L3e", "M7b", "B4", "A2"]

    /// The report of the kit `kitId` whose blind index is `codeIndex`.
    public init(kitId: Int64, codeIndex: [UInt8]) {
        var random = ReportRandom(seed: SHA256.hash(Array("genetix-report".utf8) + codeIndex))
        self.kitId = kitId
        let count = 3 + Int(random.next() % 3)
        var chosen: [String] = []
        while chosen.count < count {
            let region = Self.regions[Int(random.next() % UInt64(Self.regions.count))]
            if !chosen.contains(region) { chosen.append(region) }
        }
        let weights = chosen.map { _ in 1 + random.next() % 1000 }
        let total = weights.reduce(0, +)
        var tenths = weights.map { Int($0 * 1000 / total) }
        tenths[0] += 1000 - tenths.reduce(0, +)
        ancestry = zip(chosen, tenths).map { Ancestry(region: $0, percent: Double($1) / 10) }
            .sorted { $0.percent > $1.percent }
        traits = Self.traitTable.map { name, results in
            Trait(name: name, result: results[Int(random.next() % UInt64(results.count))],
                  confidence: Double(50 + random.next() % 50) / 100)
        }
        maternalHaplogroup = Self.haplogroups[Int(random.next() % UInt64(Self.haplogroups.count))]
    }
}

/// SplitMix64 seeded from the first 8 bytes of a digest.
private struct ReportRandom {
    var state: UInt64
    init(seed: [UInt8]) { state = seed.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
