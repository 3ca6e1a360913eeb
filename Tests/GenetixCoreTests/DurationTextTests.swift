import Testing
@testable import GenetixCore

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("10m", .seconds(600)), ("1h", .seconds(3600)),
        ("1.5s", .milliseconds(1500)), ("1h30m", .seconds(5400)), ("2d", .seconds(172_800)), ("250us", .microseconds(250)),
        ("250µs", .microseconds(250)), ("10ns", .nanoseconds(10)), (" 45S ", .seconds(45)),
    ])
    func parsesFlagValues(text: String, expected: Duration) throws {
        #expect(try DurationText.parse(text) == expected)
    }

    @Test func rejectsBadTextWithHelpfulErrors() {
        #expect(throws: DurationTextError.missingUnit("10")) { try DurationText.parse("10") }
        #expect(throws: DurationTextError.unknownUnit(text: "5y", unit: "y")) { try DurationText.parse("5y") }
        #expect(throws: DurationTextError.malformed("")) { try DurationText.parse("") }
        #expect(throws: DurationTextError.malformed("-5s")) { try DurationText.parse("-5s") }
        #expect(throws: DurationTextError.malformed("ms")) { try DurationText.parse("ms") }
        #expect(DurationTextError.missingUnit("10").description.contains("10s"))
    }

    @Test(arguments: [
        (Duration.nanoseconds(850), "850ns"), (.nanoseconds(12_500), "12.5µs"), (.milliseconds(250), "250ms"),
        (.microseconds(1500), "1.5ms"), (.milliseconds(1500), "1.5s"), (.seconds(45), "45s"), (.seconds(120), "2m"),
        (.seconds(150), "2m30s"), (.seconds(5400), "1h30m"), (.seconds(3600), "1h"), (.seconds(273_600), "3d4h"),
    ])
    func formatsShortly(duration: Duration, expected: String) {
        #expect(DurationText.format(duration) == expected)
    }

    @Test func formattedTextParsesBack() throws {
        for text in ["250ms", "1.5s", "2m30s", "1h30m", "3d4h"] {
            #expect(DurationText.format(try DurationText.parse(text)) == text)
        }
    }

    @Test func stopwatchNeverRunsBackwards() {
        let watch = Stopwatch()
        let a = watch.elapsedNanoseconds
        let b = watch.elapsedNanoseconds
        #expect(b >= a)
        #expect(MonotonicClock.nanoseconds() >= watch.startNanoseconds)
    }
}
