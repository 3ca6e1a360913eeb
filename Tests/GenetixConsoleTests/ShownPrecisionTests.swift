import GenetixAdmin
import GenetixConsole
import Testing

/// The node rounds its figures for the status ETag (`ShownPrecision`, GenetixAdmin) by the console's `Format` rules:
/// a rounded figure must print as the figure itself, or an unchanged tag could hide a change on the screen.
@Suite struct ShownPrecisionTests {
    /// The quantity a printed figure stands for: `1.2k` → 1200, `1.5K` → 1536, `1.25s` → 1250 (ms), `4.5%` → 4.5.
    static func quantity(_ text: String, binary: Bool) -> Double? {
        let k: Double = binary ? 1024 : 1000
        let suffixes: [(String, Double)] = [("ms", 1), ("s", 1000), ("%", 1), ("k", k), ("K", k), ("M", k * k), ("B", 1),
                                            ("G", k * k * k), ("T", k * k * k * k)]
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(text)
    }

    /// Either the same text, or two texts of one quantity (`1000` and `1.0k` at a unit's edge).
    static func sameOnScreen(_ a: String, _ b: String, binary: Bool = false) -> Bool {
        a == b || (quantity(a, binary: binary) != nil && quantity(a, binary: binary) == quantity(b, binary: binary))
    }

    static var samples: [Double] {
        var values: [Double] = [0, 0.004, 0.005, 0.0051, 0.0149, 0.015, 0.995, 0.996, 1, 9.949, 9.95, 9.96, 10, 99.5, 999.4, 999.5, 999.6, 1000,
                                9949, 9950, 9999, 10_000, 999_499, 999_500, 1_000_000, 1_049_999, 1_050_000, 123_456_789]
        // 200 points spread over each decade by the golden ratio's multiples (fixed, so every run checks the same ones).
        for magnitude in -3...9 {
            for k in 1...200 {
                let spread = (Double(k) * 0.618_033_988_749_894_9).truncatingRemainder(dividingBy: 1)
                values.append(spread * pow10(magnitude))
            }
        }
        return values
    }

    static func pow10(_ n: Int) -> Double { n >= 0 ? (0..<n).reduce(1) { a, _ in a * 10 } : 1 / pow10(-n) }

    @Test func everyRoundedFigurePrintsAsTheFigureItself() {
        for x in Self.samples {
            #expect(Self.sameOnScreen(Format.rate(ShownPrecision.rate(x)), Format.rate(x)), "rate \(x)")
            #expect(Self.sameOnScreen(Format.milliseconds(ShownPrecision.milliseconds(x)), Format.milliseconds(x)), "ms \(x)")
            #expect(Self.sameOnScreen(Format.percent(ShownPrecision.percent(x)), Format.percent(x)), "percent \(x)")
            let share = x / Self.pow10(9)
            #expect(Self.sameOnScreen(Format.percent(ofShare: ShownPrecision.share(share)), Format.percent(ofShare: share)), "share \(share)")
            let bytes = Int64(x * 10)
            #expect(Self.sameOnScreen(Format.bytes(ShownPrecision.bytes(bytes)), Format.bytes(bytes), binary: true), "bytes \(bytes)")
            #expect(Format.duration(ShownPrecision.duration(x)) == Format.duration(x), "duration \(x)")
        }
    }
}
