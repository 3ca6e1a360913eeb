import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations
import Testing

/// A key runs the operations layer's own action through `ClusterOperator`, as `genetix scale app-1 +1 --yes` does:
/// traced on a real admin server, a confirmed scale costs one status read (the preflight) and one POST.
@Suite struct KeystrokeTraceTests {
    static func console(_ server: CountingAppServer, token: String) async throws -> (ConsoleController, ClusterOperator) {
        let cluster = try ClusterClient(config: OperatorConfig(cluster: "t", nodes: [
            ConfiguredNode(name: "app-1", kind: .app, admin: server.url, token: token),
        ]))
        let node = NodeSnapshot(node: cluster.config.nodes[0], status: await server.node.status(), updatedAt: Date())
        server.node.forget()
        return (ConsoleController(snapshot: ClusterSnapshot(clusterName: "t", takenAt: Date(), nodes: [node])), ClusterOperator(cluster: cluster))
    }

    @Test func aConfirmedScaleIsOneStatusReadAndOnePost() async throws {
        let server = try CountingAppServer()
        var (c, runner) = try await Self.console(server, token: server.operatorToken.secret)
        let action = ClusterAction.scale(node: "app-1", change: .by(1))
        #expect(c.handle(.key(.character("+"))) == [.preflight(action)])
        let preflight = await ConsoleApp.preflight(action, with: runner)
        c.preflightArrived(for: action, preflight)
        #expect(c.render(theme: .builtinDefault).text.contains("app-1: 2 workers (2 online); after: 3"))
        #expect(c.handle(.key(.character("y"))) == [.perform(action, preflight)])
        let ending = await ConsoleApp.perform(action, checked: preflight, with: runner)
        _ = c.finished(action, ending, at: Date())
        #expect(server.node.requests == ["GET status", #"POST scale {"delta":1}"#])
        #expect(c.state.flash?.message == "✓ app-1 scaled from 2 to 3 workers")
        await server.stop()
    }

    @Test func forceOnARefusedScaleToZeroIsTheHeadlessOverridesReadAndPost() async throws {
        let server = try CountingAppServer()
        var (c, runner) = try await Self.console(server, token: server.operatorToken.secret)
        let action = ClusterAction.scale(node: "app-1", change: .exactly(0))
        _ = c.handle(.key(.character(":")))
        for ch in "scale app-1 0" { _ = c.handle(.key(.character(ch))) }
        #expect(c.handle(.key(.enter)) == [.preflight(action)])
        let preflight = await ConsoleApp.preflight(action, with: runner)
        c.preflightArrived(for: action, preflight)
        #expect(c.render(theme: .builtinDefault).text.contains("Override: genetix scale app-1 0 --force --yes"))
        let forced = ClusterAction.scale(node: "app-1", change: .exactly(0), force: true)
        #expect(c.handle(.key(.character("F"))) == [.force(forced)])
        let ending = await ConsoleApp.force(forced, with: runner)
        _ = c.finished(forced, ending, at: Date())
        // The refused preflight read, then `genetix scale app-1 0 --force --yes`'s own: one read, one POST.
        #expect(server.node.requests == ["GET status", "GET status", #"POST scale {"force":true,"workers":0}"#])
        #expect(c.state.flash?.message == "✓ app-1 scaled from 2 to 0 workers")
        await server.stop()
    }

    @Test func aViewerTokensRefusalTurnsActionsOffAtOnce() async throws {
        let server = try CountingAppServer()
        var (c, runner) = try await Self.console(server, token: server.viewer.secret)
        let action = ClusterAction.scale(node: "app-1", change: .by(1))
        _ = c.handle(.key(.character("+")))
        let preflight = await ConsoleApp.preflight(action, with: runner)  // a viewer may read
        c.preflightArrived(for: action, preflight)
        let effects = c.handle(.key(.character("y")))
        #expect(effects == [.perform(action, preflight)])
        let ending = await ConsoleApp.perform(action, checked: preflight, with: runner)
        guard case .forbidden = ending else {
            Issue.record("a viewer token's 403 should end the action as forbidden, got \(ending)")
            await server.stop()
            return
        }
        _ = c.finished(action, ending, at: Date())
        #expect(c.state.isReadOnly)
        #expect(c.state.flash?.message.contains("actions are now off") == true)
        let screen = c.render(theme: .builtinDefault)
        #expect(screen.text(row: 0).contains("READ-ONLY"))
        // The next key says why instead of opening a dialog; the footer no longer offers actions.
        #expect(c.handle(.key(.character("-"))).isEmpty)
        #expect(c.state.dialog == nil)
        #expect(c.state.flash?.message.hasPrefix("Read-only: the token of app-1 may only read") == true)
        #expect(server.node.requests.filter { $0.hasPrefix("POST") } == [])
        await server.stop()
    }
}
