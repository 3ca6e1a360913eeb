import Foundation
import GenetixCore
import GenetixTesting
import Testing

/// Our RFC 3339 reader and writer, checked against Foundation's `Date.ISO8601FormatStyle` on many dates.
@Suite struct ISO8601TimestampTests {
    /// Random instants from 1900 to 2200, with milliseconds.
    private static func randomDates(_ count: Int) -> [Date] {
        var generator = SeededGenerator(seed: 31)  // fixed: a CI run repeats exactly
        return (0..<count).map { _ in
            let ms = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)
            return Date(timeIntervalSince1970: Double(ms) / 1000)
        }
    }

    /// The expected text is built independently: Foundation's text of the whole second, with the integer
    /// milliseconds the date was made from.
    @Test func formatsTheMillisecondsTheDateWasMadeOf() {
        var generator = SeededGenerator(seed: 32)  // fixed: a CI run repeats exactly
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)
            let (seconds, milli) = (ms - ((ms % 1000) + 1000) % 1000, ((ms % 1000) + 1000) % 1000)
            let whole = Date(timeIntervalSince1970: Double(seconds / 1000)).formatted(Date.ISO8601FormatStyle())
            let expected = whole.dropLast() + "." + NumberText.padded(Int(milli), 3) + "Z"
            #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: Double(ms) / 1000)) == expected, "\(ms)")
        }
    }

    /// The log writer's byte form is the text form, byte for byte (a fixed walk over 1900–2200 in uneven steps, so
    /// every field and digit position changes).
    @Test func appendWritesTheTextFormsBytes() {
        var ms: Int64 = -2_208_988_800_000
        while ms < 7_258_118_400_000 {
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            var bytes = ByteWriter(capacity: 16)
            bytes.append(0x21)
            ISO8601Timestamp.append(date, to: &bytes)
            #expect(bytes.bytes == [0x21] + Array(ISO8601Timestamp.format(date).utf8), "\(ms)")
            ms += 7_777_777_777
        }
    }

    @Test func textReadBackFormatsToTheSameText() throws {
        for date in Self.randomDates(1000) {
            let text = ISO8601Timestamp.format(date)
            #expect(ISO8601Timestamp.format(try #require(ISO8601Timestamp.parse(text))) == text)
        }
    }

    @Test func formatsLikeFoundationWithoutMilliseconds() {
        for date in Self.randomDates(500) {
            #expect(ISO8601Timestamp.format(date, milliseconds: false) == date.formatted(Date.ISO8601FormatStyle()))
        }
    }

    @Test func readsWhatFoundationReads() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for date in Self.randomDates(2000) {
            let text = date.formatted(style)
            let ours = try #require(ISO8601Timestamp.parse(text), "\(text)")
            let theirs = try style.parse(text)
            #expect(abs(ours.timeIntervalSince1970 - theirs.timeIntervalSince1970) < 1e-6, "\(text)")
        }
    }

    /// Milliseconds are truncated: the time read back is never later and less than a millisecond earlier
    /// (give or take the binary rounding of a Double, 1 µs here).
    @Test func roundTripsToTheMillisecond() throws {
        for date in Self.randomDates(500) {
            let back = try #require(ISO8601Timestamp.parse(ISO8601Timestamp.format(date)))
            let lost = date.timeIntervalSince1970 - back.timeIntervalSince1970
            #expect(lost > -1e-6 && lost < 0.001 + 1e-6, "\(date.timeIntervalSince1970)")
        }
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("1970-01-01T00:00:00.5Z", 0.5),
        ("2026-11-26T21:00:00.123Z", 1_795_726_800.123),
        ("2026-11-26t21:00:00z", 1_795_726_800),
        ("2026-11-26T22:00:00+01:00", 1_795_726_800),
        ("2026-11-26T15:30:00-0530", 1_795_726_800),
        ("2000-02-29T12:00:00.123456789Z", 951_825_600.123456789),
        ("1969-12-31T23:59:59.250Z", -0.75),
    ])
    func readsOffsetsAndFractions(text: String, expected: Double) throws {
        let date = try #require(ISO8601Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - expected) < 1e-6)
    }

    @Test(arguments: [
        "", "2026-11-26", "2026-11-26T21:00:00", "2026-11-26 21:00:00Z", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-26T24:00:00Z",
        "2026-11-26T21:60:00Z", "2026-11-26T21:00:61Z", "2026-11-26T21:00:00.Z", "2026-11-26T21:00:00+1:00",
        "2026-11-26T21:00:00+25:00", "2026-11-26T21:00:00Zjunk", "26-11-26T21:00:00Z", "2026-11-2xT21:00:00Z",
        "２026-11-26T21:00:00Z",
    ])
    func refusesWhatIsNotATimestamp(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test func civilTimeInUTCMatchesFoundationsCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for date in Self.randomDates(500) {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
            let t = CivilTime(date, in: .utc)
            #expect([t.year, t.month, t.day, t.hour, t.minute, t.second] == [c.year, c.month, c.day, c.hour, c.minute, c.second])
            #expect(t.utcOffsetSeconds == 0 && t.zoneAbbreviation == "UTC")
        }
    }

    @Test func civilTimeInTheLocalZoneMatchesFoundationsCurrentZone() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        for date in Self.randomDates(200) where date.timeIntervalSince1970 > 0 {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let t = CivilTime(date, in: .local)
            #expect([t.year, t.month, t.day, t.hour, t.minute, t.second] == [c.year, c.month, c.day, c.hour, c.minute, c.second])
            #expect(t.utcOffsetSeconds == TimeZone.current.secondsFromGMT(for: date))
        }
    }

    @Test func civilTimeTextPadsEveryField() throws {
        let date = try #require(ISO8601Timestamp.parse("0987-03-04T05:06:07.089Z"))
        let t = CivilTime(date, in: .utc)
        #expect(t.dateText == "0987-03-04")
        #expect(t.clockText() == "05:06:07")
        #expect(t.clockText(milliseconds: true) == "05:06:07.089")
    }

    @Test func offsetText() {
        #expect(ISO8601Timestamp.offsetText(0) == "+00:00")
        #expect(ISO8601Timestamp.offsetText(3600) == "+01:00")
        #expect(ISO8601Timestamp.offsetText(-19800) == "-05:30")
    }
}
