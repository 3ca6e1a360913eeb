import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations
import Testing

/// Every screen at 80×24 and 160×48 from fixed data, compared with recorded text.
@Suite struct ScreenSnapshotTests {
    static let sizes = [TerminalSize(rows: 24, columns: 80), TerminalSize(rows: 48, columns: 160)]

    static func render(_ snapshot: ClusterSnapshot, _ state: ViewState, _ size: TerminalSize) -> ScreenBuffer {
        ConsoleRenderer.render(snapshot, state, theme: .builtinDefault, size: size)
    }

    static func named(_ base: String, _ size: TerminalSize) -> String { "\(base)-\(size.columns)x\(size.rows)" }

    @Test(arguments: sizes) func overview(size: TerminalSize) throws {
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(), size), Self.named("overview", size)))
    }

    @Test(arguments: sizes) func overviewReadOnlyWithUnreachableNode(size: TerminalSize) throws {
        var state = ConsoleFixtures.state()
        state.readOnlyReason = "--read-only"
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshotWithUnreachableNode(), state, size),
                                    Self.named("overview-unreachable-readonly", size)))
    }

    @Test(arguments: sizes) func appDetail(size: TerminalSize) throws {
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(.detail(node: "app-1")), size),
                                    Self.named("detail-app", size)))
    }

    @Test(arguments: sizes) func balancerDetail(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(.detail(node: "lb-1"), selected: "lb-1")
        state.detailRow = 4
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("detail-balancer", size)))
    }

    @Test(arguments: sizes) func primaryDetail(size: TerminalSize) throws {
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(.detail(node: "db-1"), selected: "db-1"), size),
                                    Self.named("detail-primary", size)))
    }

    @Test(arguments: sizes) func replicaDetail(size: TerminalSize) throws {
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(.detail(node: "db-2"), selected: "db-2"), size),
                                    Self.named("detail-replica", size)))
    }

    @Test(arguments: sizes) func logs(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(.logs)
        state.logs.search = "worker"
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("logs", size)))
    }

    @Test(arguments: sizes) func logsWrappedErrorsOnly(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(.logs)
        state.logs.minimumLevel = .warn
        state.logs.wrap = true
        state.logs.timestamps = false
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("logs-warn-wrapped", size)))
    }

    @Test(arguments: sizes) func timeline(size: TerminalSize) throws {
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(.timeline), size), Self.named("timeline", size)))
    }

    @Test(arguments: sizes) func help(size: TerminalSize) throws {
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(.help), size), Self.named("help", size)))
    }

    @Test(arguments: sizes) func promoteDialog(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(selected: "db-2")
        state.dialog = ConfirmDialog(action: .promote(node: "db-2", force: false, rejoin: false),
                                     preflight: PreflightReport(lines: ["db-2 is a replica of db-1 on timeline 1", "replay lag 456B (0.0s), async"],
                                                          warnings: ["app nodes reconnect through the multi-host conninfo"]),
                                     headlessCommand: "genetix promote db-2 --yes")
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("dialog-promote", size)))
    }

    @Test(arguments: sizes) func weightDialogOnTheBalancerDetail(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(.detail(node: "lb-1"), selected: "lb-1")
        state.detailRow = 1
        let action = ClusterAction.weight(balancer: "lb-1", backend: "127.0.0.1:8102", weight: 5)
        state.dialog = ConfirmDialog(action: action, preflight: PreflightReport(lines: ["lb-1: 127.0.0.1:8102 is up, weight 1; after: weight 5"]),
                                     headlessCommand: action.headlessCommand)
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("dialog-weight", size)))
    }

    @Test(arguments: sizes) func pauseFailoverDialogOnTheDatabaseDetail(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(.detail(node: "db-1"), selected: "db-1")
        let action = ClusterAction.pause(via: "db-1")
        state.dialog = ConfirmDialog(action: action, preflight: PreflightReport(lines: [
            "db-1: automatic failover auto, leader db-1",
            "after: paused for the whole cluster (the etcd config key)",
            "no automatic failover while paused; a planned promote still works",
        ]), headlessCommand: action.headlessCommand)
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("dialog-pause", size)))
    }

    @Test(arguments: sizes) func readOnlyReplicaDetail(size: TerminalSize) throws {
        var state = ConsoleFixtures.state(.detail(node: "db-2"), selected: "db-2")
        state.readOnlyReason = "the token of db-2 may only read"
        state.zoomedGraphs = true
        #expect(try SnapshotAssertion.matches(Self.render(ConsoleFixtures.snapshot(), state, size), Self.named("detail-replica-readonly-zoomed", size)))
    }

    @Test func theClusterPanelAppearsOnTallTerminalsOnly() {
        let tall = Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(), TerminalSize(rows: 48, columns: 160)).text
        #expect(tall.contains("edge requests/s · now") && tall.contains("edge p99 · now") && tall.contains("edge 5xx · now"))
        let small = Self.render(ConsoleFixtures.snapshot(), ConsoleFixtures.state(), TerminalSize(rows: 24, columns: 80)).text
        #expect(!small.contains("edge requests/s"))
        var ascii = ConsoleFixtures.state()
        ascii.asciiGraphs = true
        let plain = Self.render(ConsoleFixtures.snapshot(), ascii, TerminalSize(rows: 48, columns: 160)).text
        #expect(!plain.contains("█") && !plain.contains("▁") && plain.contains("#"))
        #expect(ConsoleApp.localeHasUTF8(["LANG": "C.UTF-8"]) && ConsoleApp.localeHasUTF8(["LC_ALL": "en_US.utf8", "LANG": "C"]))
        #expect(!ConsoleApp.localeHasUTF8(["LANG": "C"]) && !ConsoleApp.localeHasUTF8([:]))
        let edge = ConsoleFixtures.snapshot().edge
        #expect(edge.requests.samples == ConsoleFixtures.balancer.samples(.requestsPerSecond))
        // Two balancers: requests add up, the worst p99 counts, 5xx weighted by traffic; an unreachable one is left out.
        var a = ConsoleFixtures.balancer, b = ConsoleFixtures.balancer, gone = ConsoleFixtures.balancer
        a.status?.figures = NodeFigures(requestsPerSecond: 300, p99Ms: 10, errorRate: 0.01, cpuPercent: 1)
        b.status?.figures = NodeFigures(requestsPerSecond: 100, p99Ms: 40, errorRate: 0.05, cpuPercent: 1)
        gone.lastError = "no answer"
        var two = EdgeHistory()
        two.record(from: [a, b, gone])
        #expect(two.requests.samples == [400] && two.p99.samples == [40] && abs(two.errors.samples[0] - 0.02) < 1e-12)
    }

    @Test(arguments: sizes) func commandLineWithCompletions(size: TerminalSize) throws {
        var controller = ConsoleController(snapshot: ConsoleFixtures.snapshot(), state: ConsoleFixtures.state(), size: size)
        for c in ":scale a" { _ = controller.handle(.key(.character(c))) }
        #expect(try SnapshotAssertion.matches(controller.render(theme: .builtinDefault), Self.named("command-line", size)))
    }
}
