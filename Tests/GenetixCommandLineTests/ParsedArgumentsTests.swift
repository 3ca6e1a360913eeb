import GenetixCommandLine
import Testing

@Suite struct ParsedArgumentsTests {
    @Test func integerThatDoesNotParseNamesTheOption() throws {
        let parsed = try SampleTool.parse("app --workers three")
        #expect(throws: CommandLineError.invalidValue("three", for: "--workers", expected: "an integer", command: "genetix app")) {
            try parsed.int("workers")
        }
        let error = CommandLineError.invalidValue("three", for: "--workers", expected: "an integer", command: "genetix app")
        #expect(error.description == "invalid value 'three' for '--workers' of 'genetix app': expected an integer.")
    }

    @Test func doubles() throws {
        #expect(try SampleTool.parse("app --ratio 0.75").double("ratio") == 0.75)
        #expect(throws: CommandLineError.self) { try SampleTool.parse("app --ratio nan").double("ratio") }
        #expect(throws: CommandLineError.missingOption("--ratio", command: "genetix app")) { try SampleTool.parse("app").double("ratio") }
        #expect(try SampleTool.parse("app").optionalInt("ratio") == nil)
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("10s", .seconds(10)), ("10m", .seconds(600)), ("1h", .seconds(3600)),
        ("1.5s", .milliseconds(1500)), ("1m30s", .seconds(90)), ("250us", .microseconds(250)), ("0s", .zero),
    ])
    func durations(text: String, expected: Duration) throws {
        #expect(try SampleTool.parse(["app", "--restart-delay", text]).duration("restart-delay") == expected)
    }

    @Test(arguments: ["10", "s", "10x", "", "-5s", "1.2.3s", "10 s"])
    func malformedDurations(text: String) throws {
        let parsed = try SampleTool.parse(["app", "--restart-delay=" + text])
        #expect(throws: CommandLineError.invalidValue(text, for: "--restart-delay", expected: DurationText.expectation, command: "genetix app")) {
            try parsed.duration("restart-delay")
        }
    }

    @Test func defaultDuration() throws {
        #expect(try SampleTool.parse("app").duration("restart-delay") == .milliseconds(500))
        #expect(try SampleTool.parse("app").optionalDuration("restart-delay") == .milliseconds(500))
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), ("localhost:0", "localhost", 0), ("[::1]:80", "::1", 80),
        (":9000", "127.0.0.1", 9000), ("0.0.0.0:65535", "0.0.0.0", 65535),
    ])
    func hostPorts(text: String, host: String, port: Int) throws {
        let address = try SampleTool.parse(["app", "--admin-listen", text]).hostPort("admin-listen")
        #expect(address == HostPort(host: host, port: UInt16(port)))
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.1:65536", "host:-1", "::1:80", "[::1]", "[::1]80", "host:", "host:8o", "a b:1", "[]:80"])
    func malformedHostPorts(text: String) throws {
        let parsed = try SampleTool.parse(["app", "--admin-listen=" + text])
        #expect(throws: CommandLineError.invalidValue(text, for: "--admin-listen", expected: HostPort.expectation, command: "genetix app")) {
            try parsed.hostPort("admin-listen")
        }
    }

    @Test func hostPortDescriptionBracketsIPv6() {
        #expect(HostPort(host: "::1", port: 80).description == "[::1]:80")
        #expect(HostPort(host: "127.0.0.1", port: 0).description == "127.0.0.1:0")
    }

    @Test func undeclaredNamesAreReportedAsBugs() throws {
        let parsed = try SampleTool.parse("app")
        #expect(throws: CommandLineError.undeclaredName("--wrokers", command: "genetix app")) { try parsed.int("wrokers") }
        #expect(throws: CommandLineError.undeclaredName("--nope", command: "genetix app")) { try parsed.flag("nope") }
        #expect(throws: CommandLineError.undeclaredName("<node>", command: "genetix app")) { try parsed.argument("node") }
    }

    @Test func missingPositionalByIndexNamesTheArgument() throws {
        let parsed = try SampleTool.parse("tail")
        #expect(throws: CommandLineError.missingArgument("nodes", command: "genetix tail")) { try parsed.positional(0) }
        #expect(throws: CommandLineError.missingArgument("argument 3", command: "genetix tail")) { try parsed.positional(2) }
    }
}
