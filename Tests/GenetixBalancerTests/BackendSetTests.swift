import GenetixCore
import GenetixNet
import Testing
@testable import GenetixBalancer

@Suite struct BackendSetTests {
    private let address = SocketAddress(host: "127.0.0.1", port: 9100)
    private var online: [DiscoveredWorker] { [DiscoveredWorker(address: address, workerId: 1, draining: false)] }

    @Test func anOperatorDrainOutlivesTheWorkerLeavingAndComingBack() throws {
        let set = BackendSet()
        set.replaceDiscovered(from: "app-1", with: online)
        set.setOperatorDrain(try #require(set.backend(address.description)), true)
        set.replaceDiscovered(from: "app-1", with: [])
        #expect(set.backend(address.description) == nil)
        set.replaceDiscovered(from: "app-1", with: online)
        let back = try #require(set.backend(address.description))
        #expect(back.isDraining)
        #expect(!back.isRoutable(now: 1))
    }

    @Test func enableForgetsTheDrainForLaterReturns() throws {
        let set = BackendSet()
        set.replaceDiscovered(from: "app-1", with: online)
        let backend = try #require(set.backend(address.description))
        set.setOperatorDrain(backend, true)
        set.setOperatorDrain(backend, false)
        #expect(!backend.isDraining)
        set.replaceDiscovered(from: "app-1", with: [])
        set.replaceDiscovered(from: "app-1", with: online)
        #expect(try #require(set.backend(address.description)).isDraining == false)
    }
}
