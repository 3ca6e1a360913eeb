import Foundation
import GenetixConsole
import GenetixCore
import Testing

/// Contexts like k9s `:ctx`: one per configuration, the current one in the header.
@Suite struct ContextTests {
    typealias T = ConsoleControllerTests

    @Test func ctxListsSwitchesAndRefusesUnknownNames() {
        var c = T.controller()
        c.contexts = ["local", "staging"]
        c.state.contextName = "local"
        _ = T.type(&c, ":ctx ")
        #expect(c.state.input?.completions == ["local", "staging"])
        #expect(T.type(&c, "staging") + T.press(&c, .enter) == [.switchContext("staging")])
        _ = T.type(&c, ":ctx")
        _ = T.press(&c, .enter)
        #expect(c.state.flash?.message == "Contexts: [local] staging — :ctx NAME switches")
        _ = T.type(&c, ":ctx prod")
        #expect(T.press(&c, .enter).isEmpty)
        #expect(c.state.flash?.message == "No context prod; contexts: local, staging (one per --config)")
        c.state.screen = .detail(node: "app-1")
        c.switchContext(to: "staging", snapshot: ConsoleFixtures.snapshot(nodes: [ConsoleFixtures.primary]), readOnlyReason: nil)
        #expect(c.state.screen == .overview && c.state.selectedNode == "db-1")
        #expect(c.render(theme: .builtinDefault).text(row: 0).contains("ctx:staging"))
    }
}
