import Foundation
import GenetixConsole
import GenetixCore
import Testing

/// Sort and filter like htop and k9s; the selection follows its node.
@Suite struct OverviewSortFilterTests {
    typealias T = ConsoleControllerTests

    static func listed(_ c: ConsoleController) -> [String] {
        c.render(theme: .builtinDefault).rowTargets.sorted { $0.key < $1.key }.map(\.value)
    }

    @Test func aRegularExpressionFiltersAndBangInvertsIt() {
        var c = T.controller()
        _ = T.type(&c, "/^(app|lb)-")
        _ = T.press(&c, .enter)
        #expect(Self.listed(c) == ["lb-1", "app-1", "app-2"])
        _ = T.press(&c, .escape)
        _ = T.type(&c, "/!replica|primary")
        _ = T.press(&c, .enter)
        #expect(Self.listed(c) == ["lb-1", "app-1", "app-2"])
        #expect(c.state.selectedNode == "app-1")
    }

    @Test func sortingOrdersEachTierAndTheSelectionFollowsTheNode() {
        var c = T.controller(selected: "app-2")
        let before = Self.listed(c)
        // `>` from no sort: by name; again: by health (degraded app-2 first among the app nodes, worst first).
        _ = T.press(&c, .character(">"), .character(">"))
        #expect(c.state.sort == OverviewSort(column: 2, descending: true))
        #expect(Self.listed(c) == ["lb-1", "app-2", "app-1", "db-1", "db-2"])
        #expect(c.state.selectedNode == "app-2")
        _ = T.press(&c, .down)
        #expect(c.state.selectedNode == "app-1")
        _ = T.press(&c, .character("I"))
        #expect(Self.listed(c) == before)
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("HEALTH▲"))
        // A refresh keeps the selection on its node.
        c.update(ConsoleFixtures.snapshot())
        #expect(c.state.selectedNode == "app-1")
    }

    @Test func theTrendColumnNamesItsMetricAndCycles() {
        var c = T.controller()
        c.size = TerminalSize(rows: 48, columns: 160)
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("TREND req/s 60 s"))
        _ = T.press(&c, .character("m"))
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("TREND p99 60 s"))
        _ = T.press(&c, .character("m"), .character("m"))
        #expect(c.render(theme: .builtinDefault).text(row: 1).contains("TREND CPU 60 s"))
        _ = T.press(&c, .character("z"))
        #expect(c.state.zoomedGraphs)
    }
}
