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
            ("db-2", .character("a"), .pause(via: "db-2")),
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

    @Test func theFailoverKeyResumesWhatIsPausedAndIsOfferedOnlyWithEtcd() {
        var paused = ConsoleFixtures.primary
        paused.status?.ha?.mode = "paused"
        var manual = ConsoleFixtures.replica
        manual.status?.ha = HAStatus(mode: "manual")
        let snapshot = ConsoleFixtures.snapshot(nodes: [ConsoleFixtures.balancer, paused, manual])
        var c = ConsoleController(snapshot: snapshot, state: ConsoleFixtures.state(.detail(node: "db-1"), selected: "db-1"))
        #expect(c.render(theme: .builtinDefault).text(row: 23).contains("a Failover"))
        #expect(T.press(&c, .character("a")) == [.preflight(.resume(via: "db-1"))])
        #expect(c.state.dialog?.headlessCommand == "genetix resume db-1 --yes")
        let noEtcd = ConsoleController(snapshot: snapshot, state: ConsoleFixtures.state(.detail(node: "db-2"), selected: "db-2"))
        #expect(!noEtcd.render(theme: .builtinDefault).text(row: 23).contains("Failover"))
        let line = ConsoleCommandLine(nodes: [("db-1", .database), ("app-1", .app)], backends: [:], themes: [])
        #expect(line.parse("pause") == .success(.action(.pause(via: nil))))
        #expect(line.parse("resume db-1") == .success(.action(.resume(via: "db-1"))))
        #expect(line.parse("pause app-1") == .failure(.wrongKind(node: "app-1", expected: .database)))
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
