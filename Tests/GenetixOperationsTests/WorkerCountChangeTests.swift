import GenetixOperations
import Testing

@Suite struct WorkerCountChangeTests {
    @Test func parsesAbsoluteAndRelativeForms() {
        #expect(WorkerCountChange(parsing: "4") == .exactly(4))
        #expect(WorkerCountChange(parsing: "0") == .exactly(0))
        #expect(WorkerCountChange(parsing: "+2") == .by(2))
        #expect(WorkerCountChange(parsing: "-1") == .by(-1))
        for bad in ["", "+", "-0", "+0", "x", "2x", "+-1", "1.5", "+ 1"] { #expect(WorkerCountChange(parsing: bad) == nil, "\(bad)") }
        #expect(WorkerCountChange.by(2).target(from: 3) == 5)
        #expect(WorkerCountChange.exactly(1).target(from: 3) == 1)
        #expect(WorkerCountChange.by(-1).description == "-1")
    }

    @Test func headlessCommandsRoundTrip() {
        #expect(ClusterAction.scale(node: "app-1", change: .by(2)).headlessCommand == "genetix scale app-1 +2 --yes")
        #expect(ClusterAction.promote(node: "db-2", force: true, rejoin: true).headlessCommand == "genetix promote db-2 --force --rejoin --yes")
        #expect(ClusterAction.autoscale(node: "app-1", setting: AutoscaleSetting(enabled: true, min: 2, max: 6, target: 4)).headlessCommand
                == "genetix autoscale app-1 on --min 2 --max 6 --target 4 --yes")
        #expect(ClusterAction.drain(balancer: "lb-1", backend: "127.0.0.1:8101").headlessCommand == "genetix drain lb-1 127.0.0.1:8101 --yes")
    }
}
