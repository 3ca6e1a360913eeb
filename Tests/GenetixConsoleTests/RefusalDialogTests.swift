import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations
import Testing

/// A refused action's confirmation says why in full and, when `--force` lifts the refusal, offers `F`: the forced
/// action on the same road as its headless twin, which the dialog and the footer print.
@Suite struct RefusalDialogTests {
    typealias T = ConsoleControllerTests

    static let drainWhy = "127.0.0.1:8102 is the last healthy backend of lb-1: draining it would leave no backend to serve requests "
        + "(every request would get 503); enable or add a backend first, or drain it anyway with genetix drain lb-1 127.0.0.1:8102 --force"

    static func refusedDrain() -> (ConsoleController, ClusterAction) {
        var c = T.controller(selected: "lb-1", screen: .detail(node: "lb-1"))
        c.state.detailRow = 1
        let action = ClusterAction.drain(balancer: "lb-1", backend: "127.0.0.1:8102")
        #expect(T.press(&c, .character("d")) == [.preflight(action)])
        c.preflightArrived(for: action, PreflightReport(lines: ["lb-1: 127.0.0.1:8102 is up with 0 requests in flight; 1 of 2 backends up",
                                                                "healthy backends remaining after the drain: 0"],
                                                        blocker: drainWhy, override: action.forced?.headlessCommand))
        return (c, action)
    }

    @Test func theDialogSaysWhyAndFRunsTheForcedActionOnItsHeadlessRoad() {
        var (c, action) = Self.refusedDrain()
        let screen = c.render(theme: .builtinDefault).text
        #expect(screen.contains("Refused: drain 127.0.0.1:8102 on lb-1"), "\(screen)")
        // The whole reason, wrapped rather than cut: its last words are on screen.
        #expect(screen.contains("✗ refused: 127.0.0.1:8102 is the last healthy backend"), "\(screen)")
        #expect(screen.contains("127.0.0.1:8102 --force"), "\(screen)")
        #expect(screen.contains("Override: genetix drain lb-1 127.0.0.1:8102 --force --yes"), "\(screen)")
        #expect(screen.contains("[F] force it anyway") && !screen.contains("[y] confirm"), "\(screen)")
        let forced = ClusterAction.drain(balancer: "lb-1", backend: "127.0.0.1:8102", force: true)
        #expect(action.forced == forced)
        #expect(T.press(&c, .character("F")) == [.force(forced)])
        #expect(c.state.dialog == nil)
        #expect(c.state.flash?.message == "Running: genetix drain lb-1 127.0.0.1:8102 --force --yes")
    }

    @Test func yOnARefusalClosesItAndARefusalWithoutOverrideOffersNoF() {
        var (c, action) = Self.refusedDrain()
        #expect(T.press(&c, .character("y")).isEmpty)
        #expect(c.state.dialog == nil)
        #expect(c.state.flash?.message.hasPrefix("✗ \(action.title) cannot run:") == true)
        // Fencing a replica: refused, and nothing overrides it.
        var replica = T.controller(selected: "db-2", screen: .detail(node: "db-2"))
        _ = T.type(&replica, ":fence db-2")
        #expect(T.press(&replica, .enter) == [.preflight(.fence(node: "db-2"))])
        replica.preflightArrived(for: .fence(node: "db-2"), PreflightReport(blocker: "db-2 is not a primary (replica); only a primary can be fenced"))
        let screen = replica.render(theme: .builtinDefault).text
        #expect(screen.contains("[n] / [Esc] close") && !screen.contains("[F]") && !screen.contains("Override:"), "\(screen)")
        #expect(T.press(&replica, .character("F")).isEmpty)
        #expect(replica.state.dialog != nil)
    }

    @Test(arguments: ScreenSnapshotTests.sizes) func refusedDrainDialog(size: TerminalSize) throws {
        var (c, _) = Self.refusedDrain()
        c.size = size
        #expect(try SnapshotAssertion.matches(c.render(theme: .builtinDefault), ScreenSnapshotTests.named("dialog-refused-drain", size)))
    }
}
