import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations
import Testing

@Suite struct ConsoleControllerTests {
    static func controller(selected: String = "app-1", screen: ConsoleScreen = .overview) -> ConsoleController {
        ConsoleController(snapshot: ConsoleFixtures.snapshot(), state: ConsoleFixtures.state(screen, selected: selected))
    }

    static func press(_ c: inout ConsoleController, _ keys: Key...) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        for key in keys { effects += c.handle(.key(key)) }
        return effects
    }

    static func type(_ c: inout ConsoleController, _ text: String) -> [ConsoleEffect] {
        text.flatMap { c.handle(.key(.character($0))) }
    }

    @Test func keysMapToIntentsForTheSelection() {
        let cases: [(String, ConsoleScreen, Int, Key, ClusterAction)] = [
            ("app-1", .overview, 0, .character("+"), .scale(node: "app-1", change: .by(1))),
            ("app-2", .overview, 0, .character("-"), .scale(node: "app-2", change: .by(-1))),
            ("app-1", .overview, 0, .character("a"), .autoscale(node: "app-1", setting: AutoscaleSetting(enabled: false))),
            ("app-2", .overview, 0, .character("a"), .autoscale(node: "app-2", setting: AutoscaleSetting(enabled: true))),
            ("app-1", .overview, 0, .character("r"), .restart(node: "app-1", worker: nil)),
            ("app-1", .detail(node: "app-1"), 1, .character("r"), .restart(node: "app-1", worker: 2)),
            ("lb-1", .detail(node: "lb-1"), 4, .character("e"), .enable(balancer: "lb-1", backend: "127.0.0.1:8105")),
            ("lb-1", .detail(node: "lb-1"), 1, .character("d"), .drain(balancer: "lb-1", backend: "127.0.0.1:8102")),
            ("db-2", .overview, 0, .character("p"), .promote(node: "db-2", force: false, rejoin: false)),
        ]
        for (selected, screen, row, key, intent) in cases {
            var c = Self.controller(selected: selected, screen: screen)
            c.state.detailRow = row
            let effects = Self.press(&c, key)
            #expect(effects == [.preflight(intent)], "\(key) on \(selected)")
            #expect(c.state.dialog?.action == intent)
        }
    }

    @Test func keysThatDoNotFitTheSelectionSayWhy() {
        var c = Self.controller(selected: "db-1")
        #expect(Self.press(&c, .character("p")).isEmpty)
        #expect(c.state.flash?.message == "db-1 is already the primary; select a replica to promote.")
        #expect(Self.press(&c, .character("+")).isEmpty)
        #expect(c.state.flash?.message == "+ is for app nodes (scale the selected app node up by one worker); db-1 is a database node.")
        var lb = Self.controller(selected: "lb-1")
        #expect(Self.press(&lb, .character("d")).isEmpty)  // `d` means nothing on the overview
        #expect(Self.press(&lb, .enter, .character("d")) == [.preflight(.drain(balancer: "lb-1", backend: "127.0.0.1:8101"))])
    }

    @Test func theConfirmDialogShowsTheHeadlessCommandAndRunsOnlyAfterYes() throws {
        var c = Self.controller(selected: "db-2")
        _ = Self.press(&c, .character("p"))
        #expect(c.state.dialog?.headlessCommand == "genetix promote db-2 --yes")
        // Not before the preflight has arrived.
        #expect(Self.press(&c, .character("y")).isEmpty)
        // The preflight as the operations layer words it (`genetix promote` prints the same lines).
        let preflight = PreflightReport(lines: ["db-2: replica on timeline 1, lag 456 B (0.0 s), WAL receiver streaming",
                                          "current primary: db-1 (1 replicas); db-2 replicates async"],
                                  warnings: ["db-2 is 456 B behind; promotion waits for it"])
        c.preflightArrived(for: .promote(node: "db-2", force: false, rejoin: false), preflight)
        let screen = c.render(theme: .builtinDefault).text
        #expect(screen.contains("Confirm: promote db-2"))
        #expect(screen.contains("Same as: genetix promote db-2 --yes"))
        #expect(screen.contains("db-2: replica on timeline 1, lag 456 B (0.0 s), WAL receiver streaming"))
        #expect(screen.contains("current primary: db-1 (1 replicas); db-2 replicates async"))
        #expect(screen.contains("! db-2 is 456 B behind; promotion waits for it"))
        #expect(Self.press(&c, .character("y")) == [.perform(.promote(node: "db-2", force: false, rejoin: false), preflight)])
        #expect(c.state.dialog == nil)
        let entry = c.finished(.promote(node: "db-2", force: false, rejoin: false), .done(OperationOutcome(summary: "db-2 promoted to primary")),
                               at: ConsoleFixtures.now)
        #expect(entry.actor == "console")
        #expect(entry.message == "db-2 promoted to primary")
        #expect(c.state.flash?.message == "✓ db-2 promoted to primary")
    }

    @Test func escapeCancelsTheDialog() {
        var c = Self.controller()
        _ = Self.press(&c, .character("+"))
        #expect(Self.press(&c, .escape).isEmpty)
        #expect(c.state.dialog == nil)
        #expect(c.state.flash?.message == "Cancelled: scale app-1 +1")
    }

    @Test func readOnlyBlocksEveryActionWithAClearMessage() {
        var c = Self.controller()
        c.state.readOnlyReason = "started with --read-only"
        for key in ["+", "-", "a", "r"] {
            #expect(Self.press(&c, .character(Character(key))).isEmpty)
            #expect(c.state.dialog == nil)
        }
        #expect(c.state.flash?.message == "Read-only: started with --read-only. rolling restart of app-1 needs an operator token and no --read-only.")
        #expect(Self.type(&c, ":scale app-1 4").isEmpty)
        #expect(Self.press(&c, .enter).isEmpty)
        #expect(c.state.dialog == nil)
        #expect(c.render(theme: .builtinDefault).text(row: 0).contains("READ-ONLY"))
    }

    @Test func aViewerTokenTurnsActionsOff() {
        var c = Self.controller()
        _ = c.finished(.scale(node: "app-1", change: .by(1)), .forbidden("the token watcher may only read"), at: ConsoleFixtures.now)
        #expect(c.state.isReadOnly)
        #expect(Self.press(&c, .character("+")).isEmpty)
        #expect(c.state.flash?.message.hasPrefix("Read-only: the token of app-1 may only read") == true)
    }

    @Test func theCommandLineParsesCompletesAndReportsMistakes() {
        var c = Self.controller()
        _ = Self.type(&c, ":sc")
        _ = Self.press(&c, .tab)
        #expect(c.state.input?.text == "scale ")
        _ = Self.type(&c, "app-")
        #expect(c.state.input?.completions == ["app-1", "app-2"])
        _ = Self.type(&c, "2 4")
        #expect(Self.press(&c, .enter) == [.preflight(.scale(node: "app-2", change: .exactly(4)))])
        var d = Self.controller()
        _ = Self.type(&d, ":drain lb-1 ")
        #expect(d.state.input?.completions.first == "127.0.0.1:8101")
        _ = Self.press(&d, .escape)
        let requests: [(String, [ConsoleEffect])] = [
            (":promote db-2", [.preflight(.promote(node: "db-2", force: false, rejoin: false))]),
            (":drain lb-1 127.0.0.1:8102", [.preflight(.drain(balancer: "lb-1", backend: "127.0.0.1:8102"))]),
            (":theme nord", [.setTheme("nord")]),
            (":refresh 2", [.setRefresh(.seconds(2))]),
            (":q", [.quit]),
        ]
        for (text, effects) in requests {
            var e = Self.controller()
            #expect(Self.type(&e, text) + Self.press(&e, .enter) == effects, "\(text)")
        }
        var f = Self.controller()
        _ = Self.type(&f, ":promote app-1")
        _ = Self.press(&f, .enter)
        #expect(f.state.flash?.message == "app-1 is not a database node")
        _ = Self.type(&f, ":frobnicate")
        _ = Self.press(&f, .enter)
        #expect(f.state.flash?.message == "unknown command \"frobnicate\"; :help lists them")
    }

    @Test func navigationMovesBetweenScreensAndBack() {
        var c = Self.controller(selected: "lb-1")
        _ = Self.press(&c, .down, .character("j"))
        #expect(c.state.selectedNode == "app-2")
        _ = Self.press(&c, .enter)
        #expect(c.state.screen == .detail(node: "app-2"))
        _ = Self.press(&c, .character("l"))
        #expect(c.state.screen == .logs)
        #expect(c.state.logs.node == "app-2")
        _ = Self.press(&c, .character("?"))
        #expect(c.state.screen == .help)
        _ = Self.press(&c, .escape, .escape, .escape)
        #expect(c.state.screen == .overview)
        #expect(Self.press(&c, .character("q")) == [.quit])
        #expect(Self.press(&c, .character("]")) == [.setRefresh(.milliseconds(500))])
        #expect(Self.press(&c, .character("[")) == [.setRefresh(.seconds(2))])
    }

    @Test func theOverviewFilterNarrowsTheList() {
        var c = Self.controller()
        _ = Self.type(&c, "/db")
        _ = Self.press(&c, .enter)
        let listed = c.render(theme: .builtinDefault).rowTargets.sorted { $0.key < $1.key }.map(\.value)
        #expect(listed == ["db-1", "db-2"])
        #expect(c.state.selectedNode == "db-1")
    }

    @Test func logsPauseSearchAndJumpBetweenMatches() {
        var c = Self.controller()
        _ = Self.press(&c, .character("l"))
        #expect(c.state.logs.follow)
        _ = Self.press(&c, .character(" "))
        #expect(!c.state.logs.follow)
        #expect(c.state.logs.pausedCount == 11)
        _ = Self.type(&c, "/out of memory")
        _ = Self.press(&c, .enter)
        _ = Self.press(&c, .character("N"))
        // The match (the 10th of 11 lines) is now the last line shown.
        #expect(c.state.logs.scroll == 1)
        _ = Self.press(&c, .character("v"), .character("v"), .character("v"))
        #expect(c.state.logs.minimumLevel == .warn)
        #expect(LogsView.filteredEntries(c.snapshot, c.state.logs).map(\.level) == [.warn, .error, .warn, .critical])
        _ = Self.press(&c, .character(" "))
        #expect(c.state.logs.follow && c.state.logs.scroll == 0)
        #expect(Self.press(&c, .character("s")) == [.saveLogs])
    }

    @Test func anUnreachableNodeIsDrawnInTheCriticalStyleWithItsError() throws {
        let buffer = ConsoleRenderer.render(ConsoleFixtures.snapshotWithUnreachableNode(), ConsoleFixtures.state(selected: "lb-1"),
                                            theme: .builtinDefault, size: TerminalSize(rows: 24, columns: 80))
        let row = try #require((0..<24).first { buffer.text(row: $0).contains(" app-2 ") })
        let text = buffer.text(row: row)
        let column = try #require(text.range(of: "unreachable").map { text.distance(from: text.startIndex, to: $0.lowerBound) })
        #expect(text.contains("DOWN"))
        #expect(text.contains("unreachable: cannot connect to 127.0.0.1:7200"))
        #expect(buffer[row, column].style == Theme.builtinDefault[.crit])
        #expect(buffer.text(row: 0).contains("✖ 1 crit"))
    }

    @Test func theIncidentSnapshotHasTopologyEventsAndErrors() {
        let text = IncidentReport.markdown(ConsoleFixtures.snapshotWithUnreachableNode(), zone: .utc)
        #expect(text.hasPrefix("# Incident snapshot — local, 2026-11-26 14:03:05 UTC\n"))
        #expect(text.contains("| app-2 | app | ? | **unreachable**: cannot connect to 127.0.0.1:7200: Connection refused |"))
        #expect(text.contains("| db-2 | database | replica | ok |"))
        #expect(text.contains("- 2026-11-26 13:58:05 **app-2** INFO `action` by ops-alice: scale to 2 workers (was 3)"))
        #expect(text.contains("app-2    worker-2   CRIT  out of memory"))
        #expect(!text.contains("checkpoint complete"))
    }

    @Test func helpIsGeneratedFromTheKeyMap() {
        let lines = HelpView.lines(keyMap: .standard)
        for binding in KeyMap.standard.bindings {
            #expect(lines.contains { $0.text.hasPrefix(binding.help) && $0.text.hasSuffix(binding.headless ?? "") }, "help lacks \(binding.help)")
        }
        #expect(lines.contains { $0.key == ":promote NODE [force]" })
    }
}
