import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations
import Testing

/// Keys and hints per node kind and screen, all from one key map; README's key table is the key map's.
@Suite struct KeyMapTests {
    typealias T = ConsoleControllerTests

    @Test func eachDetailOffersItsKindsKeysInTheFooter() {
        let expected: [(String, [String])] = [
            ("app-1", ["+ Scale+", "- Scale-", "a Autoscale", "r Restart"]),
            ("lb-1", ["d Drain", "e Enable", "w Weight", "P Purge"]),
            ("db-2", ["p Promote", "F Follow"]),
        ]
        for (node, hints) in expected {
            let c = T.controller(selected: node, screen: .detail(node: node))
            let footer = c.render(theme: .builtinDefault).text(row: 23)
            for hint in hints { #expect(footer.contains(hint), "\(node): \(footer)") }
            for other in expected where other.0 != node {
                for hint in other.1 where !hints.contains(hint) && !hints.contains(where: { $0.hasPrefix(String(hint.prefix(2))) }) {
                    #expect(!footer.contains(hint), "\(node) shows \(hint): \(footer)")
                }
            }
        }
    }

    @Test func databaseHintsFollowTheRole() {
        let primary = T.controller(selected: "db-1", screen: .detail(node: "db-1")).render(theme: .builtinDefault).text(row: 23)
        #expect(primary.contains("r Rejoin  s Sync  f Fence") && !primary.contains("Promote") && !primary.contains("Unfence"), "\(primary)")
        var fenced = ConsoleFixtures.primary
        fenced.status?.replication?.fenced = true
        let snapshot = ConsoleFixtures.snapshot(nodes: [ConsoleFixtures.balancer, fenced, ConsoleFixtures.replica])
        let c = ConsoleController(snapshot: snapshot, state: ConsoleFixtures.state(.detail(node: "db-1"), selected: "db-1"))
        let footer = c.render(theme: .builtinDefault).text(row: 23)
        #expect(footer.contains("u Unfence") && !footer.contains("f Fence"), "\(footer)")
    }

    @Test func databaseKeysBuildTheOperationsLayersActions() {
        let cases: [(String, Key, ClusterAction)] = [
            ("db-2", .character("p"), .promote(node: "db-2", force: false, rejoin: false)),
            ("db-2", .character("F"), .follow(node: "db-2", primary: "127.0.0.1:5501")),
            ("db-1", .character("s"), .sync(node: "db-1", enabled: true)),
            ("db-1", .character("f"), .fence(node: "db-1")),
            ("db-1", .character("u"), .unfence(node: "db-1")),
            ("db-1", .character("r"), .rejoin(node: "db-1", primary: nil)),
        ]
        for (node, key, action) in cases {
            var c = T.controller(selected: node, screen: .detail(node: node))
            #expect(T.press(&c, key) == [.preflight(action)], "\(key) on \(node)")
            #expect(c.state.dialog?.headlessCommand == action.headlessCommand)
        }
        // `r` on an app node is still a restart: the key means what the node kind offers.
        var app = T.controller(selected: "app-1", screen: .detail(node: "app-1"))
        #expect(T.press(&app, .character("r")) == [.preflight(.restart(node: "app-1", worker: 1))])
    }

    @Test func weightAndPurgeAskForTheirValueOnTheCommandLine() {
        var c = T.controller(selected: "lb-1", screen: .detail(node: "lb-1"))
        c.state.detailRow = 1
        _ = T.press(&c, .character("w"))
        #expect(c.state.input?.text == "weight lb-1 127.0.0.1:8102 ")
        #expect(T.type(&c, "5") + T.press(&c, .enter) == [.preflight(.weight(balancer: "lb-1", backend: "127.0.0.1:8102", weight: 5))])
        #expect(c.state.dialog?.headlessCommand == "genetix weight lb-1 127.0.0.1:8102 5 --yes")
        _ = T.press(&c, .escape)
        _ = T.press(&c, .character("P"))
        #expect(c.state.input?.text == "purge lb-1 /")
        #expect(T.type(&c, "static/") + T.press(&c, .enter) == [.preflight(.purge(balancer: "lb-1", prefix: "/static/"))])
        #expect(c.state.dialog?.headlessCommand == "genetix purge lb-1 /static/ --yes")
    }

    @Test func readOnlyHidesTheActionHints() {
        var c = T.controller(selected: "db-2", screen: .detail(node: "db-2"))
        c.state.readOnlyReason = "the token of db-2 may only read"
        let footer = c.render(theme: .builtinDefault).text(row: 23)
        #expect(!footer.contains("Promote") && footer.contains("read-only") && footer.contains("l Logs"))
    }

    @Test func everyMutatingBindingNamesItsHeadlessTwin() {
        for binding in KeyMap.standard.bindings where binding.command.isMutating {
            #expect(binding.headless?.hasPrefix("genetix ") == true, "\(binding.help)")
        }
    }

    /// README's key table is generated from the key map: run with GENETIX_RECORD_SNAPSHOTS=1 to rewrite it.
    @Test func readmeKeyTableIsTheKeyMaps() throws {
        let readme = SnapshotAssertion.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- keys: generated from KeyMap.standard -->\n", end = "<!-- keys: end -->"
        let start = try #require(text.range(of: begin), "README.md lacks the line \(begin)")
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let table = KeyMap.standard.markdownTable
        if SnapshotAssertion.recording {
            try (text[..<start.upperBound] + table + text[stop.lowerBound...]).write(to: readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == table, "README's key table differs from KeyMap.standard; rerun with GENETIX_RECORD_SNAPSHOTS=1")
    }
}

/// Sort and filter like htop and k9s; the selection follows its node.
@Suite struct OverviewSortFilterTests {
    typealias T = ConsoleControllerTests

    static func listed(_ c: ConsoleController) -> [String] {
        c.render(theme: .builtinDefault).rowTargets.sorted { $0.key < $1.key }.map(\.value)
    }

    @Test func aRegularExpressionFiltersAndBangInvertsIt() {
        var c = T.controller()
        _ = T.type(&c, "/^(app|lb)-")
        _ = T.press(&c, .enter)
        #expect(Self.listed(c) == ["lb-1", "app-1", "app-2"])
        _ = T.press(&c, .escape)
        _ = T.type(&c, "/!replica|primary")
        _ = T.press(&c, .enter)
        #expect(Self.listed(c) == ["lb-1", "app-1", "app-2"])
        #expect(c.state.selectedNode == "app-1")
    }

    @Test func sortingOrdersEachTierAndTheSelectionFollowsTheNode() {
        var c = T.controller(selected: "app-2")
        let before = Self.listed(c)
        // `>` from no sort: by name; again: by health (degraded app-2 first among the app nodes, worst first).
        _ = T.press(&c, .character(">"), .character(">"))
        #expect(c.state.sort == OverviewSort(column: 2, descending: true))
        #expect(Self.listed(c) == ["lb-1", "app-2", "app-1", "db-1", "db-2"])
        #expect(c.state.selectedNode == "app-2")
        _ = T.press(&c, .down)
        #expect(c.state.selectedNode == "app-1")
        _ = T.press(&c, .character("I"))
        #expect(Self.listed(c) == before)
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("HEALTH▲"))
        // A refresh keeps the selection on its node.
        c.update(ConsoleFixtures.snapshot())
        #expect(c.state.selectedNode == "app-1")
    }

    @Test func theTrendColumnNamesItsMetricAndCycles() {
        var c = T.controller()
        c.size = TerminalSize(rows: 48, columns: 160)
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("TREND req/s 60 s"))
        _ = T.press(&c, .character("m"))
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("TREND p99 60 s"))
        _ = T.press(&c, .character("m"), .character("m"))
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("TREND CPU 60 s"))
        _ = T.press(&c, .character("z"))
        #expect(c.state.zoomedGraphs)
    }
}

/// Contexts like k9s `:ctx`: one per configuration, the current one in the header.
@Suite struct ContextTests {
    typealias T = ConsoleControllerTests

    @Test func ctxListsSwitchesAndRefusesUnknownNames() {
        var c = T.controller()
        c.contexts = ["local", "staging"]
        c.state.contextName = "local"
        _ = T.type(&c, ":ctx ")
        #expect(c.state.input?.completions == ["local", "staging"])
        #expect(T.type(&c, "staging") + T.press(&c, .enter) == [.switchContext("staging")])
        _ = T.type(&c, ":ctx")
        _ = T.press(&c, .enter)
        #expect(c.state.flash?.message == "Contexts: [local] staging — :ctx NAME switches")
        _ = T.type(&c, ":ctx prod")
        #expect(T.press(&c, .enter).isEmpty)
        #expect(c.state.flash?.message == "No context prod; contexts: local, staging (one per --config)")
        c.state.screen = .detail(node: "app-1")
        c.switchContext(to: "staging", snapshot: ConsoleFixtures.snapshot(nodes: [ConsoleFixtures.primary]), readOnlyReason: nil)
        #expect(c.state.screen == .overview && c.state.selectedNode == "db-1")
        #expect(c.render(theme: .builtinDefault).text(row: 0).contains("ctx:staging"))
    }
}
