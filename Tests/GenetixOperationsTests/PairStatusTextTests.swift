import Foundation
import GenetixCore
import GenetixOperations
import Testing

/// `genetix status` names which balancer of a pair holds the floating address.
@Suite struct PairStatusTextTests {
    @Test func theDetailColumnSaysWhoHoldsTheAddress() {
        var status = NodeStatus(name: "lb-1", kind: .balancer, role: "balancer", version: "", startedAt: Date(), pid: 1)
        status.backends = [BackendStatus(address: "10.0.0.21:8101", state: .up), BackendStatus(address: "10.0.0.22:8101", state: .draining)]
        status.pair = BalancerPairStatus(address: "10.0.0.12", holder: true, standby: false, peers: ["https://10.0.0.11:9101"])
        #expect(StatusReport.detail(status) == "backends 1/2 up, 1 draining, holds 10.0.0.12")
        status.pair?.holder = false
        status.pair?.standby = true
        #expect(StatusReport.detail(status) == "backends 1/2 up, 1 draining, backup for 10.0.0.12 (standby)")
        status.pair = nil
        #expect(StatusReport.detail(status) == "backends 1/2 up, 1 draining")
    }
}
