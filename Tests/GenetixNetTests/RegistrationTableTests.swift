@testable import GenetixNet
import Testing

/// The loop's table of registered descriptors, indexed by the descriptor itself.
@Suite struct RegistrationTableTests {
    private final class Handler: EventLoopSelectable {
        func handleEvents(_ events: UInt32) {}
    }

    @Test func findsWhatIsRegisteredAndNothingElse() {
        var table = RegistrationTable()
        let a = Handler(), b = Handler()
        table[3] = (generation: 1, handler: a)
        table[700] = (generation: 2, handler: b)  // far beyond the first growth
        #expect(table[3]?.generation == 1 && table[3]?.handler === a)
        #expect(table[700]?.generation == 2 && table[700]?.handler === b)
        #expect(table[4] == nil && table[699] == nil && table[10_000] == nil && table[-1] == nil)
    }

    @Test func removingAndReusingADescriptor() {
        var table = RegistrationTable()
        let a = Handler(), b = Handler()
        table[5] = (generation: 1, handler: a)
        let first = table.remove(5), second = table.remove(5), unknown = table.remove(9_999)
        #expect(first && !second && !unknown)
        #expect(table[5] == nil)
        table[5] = (generation: 2, handler: b)  // the descriptor number came back for a new socket
        #expect(table[5]?.generation == 2 && table[5]?.handler === b)
        table.removeAll()
        #expect(table[5] == nil)
    }
}
