import GenetixCore
import GenetixOperations
import Testing
import GenetixConsole

/// `S` on a balancer of a pair: standby on (the floating address moves to a peer) or off, through the same
/// `ClusterAction` as `genetix standby`; offered only on a balancer that floats an address, which the detail shows.
@Suite struct StandbyKeyTests {
    private func snapshot(standby: Bool) -> ClusterSnapshot {
        var lb = ConsoleFixtures.balancer
        lb.status?.pair = BalancerPairStatus(address: "10.0.0.50", holder: !standby, standby: standby, peers: ["https://10.0.0.4:9101"],
                                             stateFrom: "peer lb-2")
        return ConsoleFixtures.snapshot(nodes: [lb, ConsoleFixtures.primary])
    }

    @Test func theKeyTogglesStandbyAndTheDetailShowsTheAddress() {
        var c = ConsoleController(snapshot: snapshot(standby: false), state: ConsoleFixtures.state(.detail(node: "lb-1"), selected: "lb-1"))
        let screen = c.render(theme: .builtinDefault)
        #expect(screen.text(row: 23).contains("S Standby"))
        #expect((0..<24).contains { screen.text(row: $0).contains("floating address 10.0.0.50 held here") })
        #expect(c.handle(.key(.character("S"))) == [.preflight(.standby(balancer: "lb-1", enabled: true))])
        #expect(c.state.dialog?.headlessCommand == "genetix standby lb-1 on --yes")

        var back = ConsoleController(snapshot: snapshot(standby: true), state: ConsoleFixtures.state(.detail(node: "lb-1"), selected: "lb-1"))
        #expect(back.handle(.key(.character("S"))) == [.preflight(.standby(balancer: "lb-1", enabled: false))])
    }

    @Test func aSingleBalancerIsNotOfferedStandbyAndTheCommandLineParsesIt() {
        let single = ConsoleController(snapshot: ConsoleFixtures.snapshot(nodes: [ConsoleFixtures.balancer]),
                                       state: ConsoleFixtures.state(.detail(node: "lb-1"), selected: "lb-1"))
        #expect(!single.render(theme: .builtinDefault).text(row: 23).contains("Standby"))
        let line = ConsoleCommandLine(nodes: [("lb-1", .balancer), ("db-1", .database)], backends: [:], themes: [])
        #expect(line.parse("standby lb-1 on") == .success(.action(.standby(balancer: "lb-1", enabled: true))))
        #expect(line.parse("standby db-1 off") == .failure(.wrongKind(node: "db-1", expected: .balancer)))
    }
}
