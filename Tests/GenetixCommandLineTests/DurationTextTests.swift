import GenetixCommandLine
import Testing

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("10m", .seconds(600)), ("1h", .seconds(3600)),
        ("1.5s", .milliseconds(1500)), ("1h30m", .seconds(5400)), ("2d", .seconds(172_800)), ("250us", .microseconds(250)),
        ("250µs", .microseconds(250)), ("10ns", .nanoseconds(10)), (" 45S ", .seconds(45)),
        ("250ms", .milliseconds(250)), ("2m30s", .seconds(150)), ("3d4h", .seconds(273_600)),
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
}
