import GenetixCommandLine
import Testing

@Suite struct CommandLineParserTests {
    @Test func selectsSubcommandAndReadsDefaults() throws {
        let parsed = try SampleTool.parse("app")
        #expect(parsed.commandName == "genetix app")
        #expect(parsed.subcommandPath == ["app"])
        #expect(try parsed.int("workers") == 2)
        #expect(try parsed.string("mode") == "fork")
        #expect(try parsed.flag("json") == false)
        #expect(try parsed.flag("mouse") == true)
        #expect(try parsed.optionalString("name") == nil)
        #expect(parsed.isGiven("workers") == false)
    }

    @Test(arguments: ["app --workers 5", "app --workers=5", "app -n 5", "app -n5", "app -n=5", "app --workers 3 --workers 5"])
    func optionSpellings(line: String) throws {
        let parsed = try SampleTool.parse(line)
        #expect(try parsed.int("workers") == 5)
        #expect(parsed.isGiven("workers"))
    }

    @Test func valueAfterEqualsMayContainEqualsAndDashes() throws {
        let parsed = try SampleTool.parse(["app", "--name=a=b", "--ratio", "-0.5"])
        #expect(try parsed.string("name") == "a=b")
        #expect(try parsed.double("ratio") == -0.5)
    }

    @Test func clusteredShortFlags() throws {
        let parsed = try SampleTool.parse("app -yq")
        #expect(try parsed.flag("yes"))
        #expect(try parsed.flag("quiet"))
        #expect(try parsed.flag("json") == false)
    }

    @Test func clusterMayEndWithAnOptionTakingTheRestAsValue() throws {
        let parsed = try SampleTool.parse("app -yjn7")
        #expect(try parsed.flag("yes"))
        #expect(try parsed.flag("json"))
        #expect(try parsed.int("workers") == 7)
    }

    @Test func inversionTurnsFlagOff() throws {
        #expect(try SampleTool.parse("app --no-mouse").flag("mouse") == false)
        #expect(try SampleTool.parse("app --no-mouse --mouse").flag("mouse") == true)
    }

    @Test func negativeNumberIsAPositional() throws {
        let parsed = try SampleTool.parse("scale app-1 -1")
        #expect(parsed.positionals == ["app-1", "-1"])
        #expect(try parsed.argument("count") == "-1")
        #expect(try parsed.positional(0) == "app-1")
    }

    @Test func plusNumberIsAPositional() throws {
        let parsed = try SampleTool.parse("scale app-1 +2 --json")
        #expect(try parsed.argument("count") == "+2")
        #expect(try parsed.flag("json"))
    }

    @Test func declaredDigitShortWinsOverNegativeNumber() throws {
        let parsed = try SampleTool.parse("tail -1 app-1")
        #expect(try parsed.flag("one"))
        #expect(try parsed.arguments("nodes") == ["app-1"])
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try SampleTool.parse("tail -- --one -x")
        #expect(try parsed.flag("one") == false)
        #expect(try parsed.arguments("nodes") == ["--one", "-x"])
    }

    @Test func repeatableCommaSeparatedOption() throws {
        let parsed = try SampleTool.parse(["app", "--backend", "a:1,b:2", "-b", "c:3", "--backend=d:4, e:5"])
        #expect(try parsed.strings("backend") == ["a:1", "b:2", "c:3", "d:4", "e:5"])
        #expect(try SampleTool.parse("app").strings("backend") == [])
    }

    @Test func optionalRepeatingArgumentMayBeEmpty() throws {
        let parsed = try SampleTool.parse("tail")
        #expect(try parsed.arguments("nodes") == [])
        #expect(try parsed.optionalArgument("nodes") == nil)
    }

    @Test func nestedSubcommandKeepsParentOptions() throws {
        let parsed = try SampleTool.parse("db --cluster c.json promote db-2 -f")
        #expect(parsed.subcommandPath == ["db", "promote"])
        #expect(try parsed.string("cluster") == "c.json")
        #expect(try parsed.flag("force"))
        #expect(try parsed.argument("node") == "db-2")
    }

    @Test func rootWithoutArgumentsSelectsRoot() throws {
        let parsed = try SampleTool.parse([String]())
        #expect(parsed.subcommandPath == [])
        #expect(parsed.commandName == "genetix")
    }

    @Test func unknownLongOptionSuggestsNearest() {
        let error = SampleTool.failure("app --worker 3")
        #expect(error == .unknownOption("--worker", command: "genetix app", suggestion: "--workers"))
        #expect(error?.description == "unknown option '--worker' for 'genetix app'. Did you mean '--workers'?")
        #expect(error?.exitCode == 64)
    }

    @Test func unknownOptionSuggestsByPrefixAndTransposition() {
        #expect(SampleTool.failure("app --admin 1:2") == .unknownOption("--admin", command: "genetix app", suggestion: "--admin-listen"))
        #expect(SampleTool.failure("app --josn") == .unknownOption("--josn", command: "genetix app", suggestion: "--json"))
        #expect(SampleTool.failure("app --no-mose") == .unknownOption("--no-mose", command: "genetix app", suggestion: "--no-mouse"))
    }

    @Test func unknownOptionFarFromEverythingHasNoSuggestion() {
        let error = SampleTool.failure("app --zzzzzzzz")
        #expect(error == .unknownOption("--zzzzzzzz", command: "genetix app", suggestion: nil))
        #expect(error?.description == "unknown option '--zzzzzzzz' for 'genetix app'.")
    }

    @Test func unknownShortOption() {
        #expect(SampleTool.failure("app -yx")?.description == "unknown option '-x' for 'genetix app'.")
    }

    @Test func unknownCommandSuggestsOrLists() {
        let near = SampleTool.failure("scal app-1 3")
        #expect(near?.description == "unknown command 'scal' for 'genetix'. Did you mean 'scale'?")
        let far = SampleTool.failure("nope")
        #expect(far?.description == "unknown command 'nope' for 'genetix'. Commands: app, scale, tail, db.")
        #expect(SampleTool.failure("db promot x")?.description == "unknown command 'promot' for 'genetix db'. Did you mean 'promote'?")
    }

    @Test func missingValueAtEndOrBeforeAnotherOption() {
        #expect(SampleTool.failure("app --workers")?.description == "option '--workers' of 'genetix app' needs a value: --workers <n>.")
        #expect(SampleTool.failure("app -n --json") == .missingValue(option: "--workers", valueName: "n", command: "genetix app"))
        #expect(SampleTool.failure("app --workers --") == .missingValue(option: "--workers", valueName: "n", command: "genetix app"))
    }

    @Test func valueOutsideAllowedValues() {
        let error = SampleTool.failure("app --mode turbo")
        #expect(error?.description == "invalid value 'turbo' for '--mode' of 'genetix app': expected one of fork, cluster.")
    }

    @Test func flagGivenAValue() {
        #expect(SampleTool.failure("app --json=yes")?.description == "flag '--json' of 'genetix app' takes no value, but was given 'yes'.")
    }

    @Test func missingAndUnexpectedPositionals() {
        #expect(SampleTool.failure("scale app-1")?.description == "missing argument '<count>' for 'genetix scale'.")
        #expect(SampleTool.failure("scale") == .missingArgument("node", command: "genetix scale"))
        #expect(SampleTool.failure("scale app-1 3 4")?.description == "unexpected argument '4' for 'genetix scale'.")
        #expect(SampleTool.failure("app extra") == .unexpectedArgument("extra", command: "genetix app"))
    }

    @Test func requiredOption() throws {
        let root = CommandSpec(name: "t", subcommands: [
            CommandSpec(name: "c", options: [OptionSpec("target", valueName: "node", isRequired: true)]),
        ])
        let parser = CommandLineParser(root: root)
        #expect(throws: CommandLineError.missingOption("--target", command: "t c")) { try parser.parse(["c"]) }
        guard case .run(let parsed) = try parser.parse(["c", "--target", "x"]) else {
            Issue.record("expected a run")
            return
        }
        #expect(try parsed.string("target") == "x")
    }

    @Test(arguments: [["app", "--help"], ["app", "-h"], ["app", "--worker", "3", "--help"], ["help", "app"], ["app", "--mode", "turbo", "-h"]])
    func helpAnywhereShowsTheSelectedCommand(argv: [String]) throws {
        #expect(try SampleTool.parser.parse(argv) == .help(HelpFormatter.help(for: [SampleTool.root, SampleTool.app])))
    }

    @Test func helpForNestedCommandAndRoot() throws {
        let nested = HelpFormatter.help(for: [SampleTool.root, SampleTool.database, SampleTool.promote])
        #expect(try SampleTool.parser.parse(["help", "db", "promote"]) == .help(nested))
        #expect(try SampleTool.parser.parse(["db", "promote", "--help"]) == .help(nested))
        #expect(try SampleTool.parser.parse(["--help"]) == .help(HelpFormatter.help(for: [SampleTool.root])))
        #expect(try SampleTool.parser.parse(["help"]) == .help(HelpFormatter.help(for: [SampleTool.root])))
    }

    @Test func helpAfterDoubleDashIsAPositional() throws {
        let parsed = try SampleTool.parse("tail -- --help")
        #expect(try parsed.arguments("nodes") == ["--help"])
    }

    @Test func helpForUnknownCommandIsAnError() {
        #expect(throws: CommandLineError.unknownCommand("nope", command: "genetix", suggestion: nil, available: ["app", "scale", "tail", "db"])) {
            try SampleTool.parser.parse(["help", "nope"])
        }
    }

    @Test func version() throws {
        #expect(try SampleTool.parser.parse(["--version"]) == .version("genetix 1.2.3"))
        #expect(try SampleTool.parser.parse(["app", "--version"]) == .version("genetix 1.2.3"))
        #expect(SampleTool.failure("app --verison") == .unknownOption("--verison", command: "genetix app", suggestion: "--version"))
    }
}
