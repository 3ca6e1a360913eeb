import GenetixCore
@testable import GenetixNet
import Testing

/// An event loop's thread carries the loop's name in the kernel, so `top -H -p PID` shows which loop is busy.
@Suite struct EventLoopThreadNameTests {
    @Test func eachLoopsThreadIsNamedForItsGroupAndIndex() async throws {
        let group = try EventLoopGroup(count: 2, name: "lb1")
        defer { group.shutdown() }
        var names: [String] = []
        for loop in group.loops { names.append(try await loop.submit { ThreadName.current() }) }
        #expect(names == ["lb1-0", "lb1-1"])
    }
}
