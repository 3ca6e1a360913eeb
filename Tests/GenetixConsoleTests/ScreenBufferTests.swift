import GenetixConsole
import Testing

@Suite struct ScreenBufferTests {
    @Test func wideCharactersTakeTwoCellsAndClipAtTheEdge() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 2, columns: 6))
        let used = buffer.write("日本語", row: 0, column: 0, style: .plain)
        #expect(used == 6)
        #expect(buffer.text(row: 0) == "日本語")
        #expect(buffer[0, 1].width == 0)
        // Starting at column 1, the third character no longer fits: it becomes a blank, not half a glyph.
        var shifted = ScreenBuffer(size: TerminalSize(rows: 1, columns: 6))
        shifted.write("日本語", row: 0, column: 1, style: .plain)
        #expect(shifted.text(row: 0) == " 日本 ")
        #expect(CharacterWidth.of("▁▂▃✓") == 4)
        #expect(CharacterWidth.of("e\u{301}") == 1)
        #expect(CharacterWidth.of("🚀") == 2)
        #expect(CharacterWidth.truncate("abcdefgh", to: 5) == "abcd…")
        #expect(CharacterWidth.pad("日本", to: 6, right: true) == "  日本")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 1, columns: 4))
        buffer.write("日本", row: 0, column: 0, style: .plain)
        buffer.write("x", row: 0, column: 1, style: .plain)
        #expect(buffer.text(row: 0) == " x本")
        buffer.write("y", row: 0, column: 2, style: .plain)
        #expect(buffer.text(row: 0) == " xy ")
    }

    @Test func writesClipToTheLimitAndTheBuffer() {
        var buffer = ScreenBuffer(size: TerminalSize(rows: 2, columns: 10))
        #expect(buffer.write("hello world", row: 0, column: 3, style: .plain) == 7)
        #expect(buffer.text(row: 0) == "   hello w")
        #expect(buffer.write("abcdef", row: 1, column: 0, style: .plain, limit: 3) == 3)
        #expect(buffer.text(row: 1) == "abc       ")
        #expect(buffer.write("zzz", row: 5, column: 0, style: .plain) == 0)
    }

    @Test func theDiffHoldsOnlyChangedRunsSplitByStyle() {
        let bold = Style(attributes: .bold)
        var before = ScreenBuffer(size: TerminalSize(rows: 3, columns: 10))
        before.write("status ok", row: 1, column: 0, style: .plain)
        var after = before
        after.write("down", row: 1, column: 7, style: bold)
        after.write("!", row: 2, column: 9, style: .plain)
        let runs = after.changes(from: before)
        #expect(runs == [
            ChangedRun(row: 1, column: 7, text: "dow", style: bold, width: 3),
            ChangedRun(row: 2, column: 9, text: "!", style: .plain, width: 1),
        ])
        #expect(after.changes(from: after).isEmpty)
        let full = after.changes(from: nil)
        #expect(full.count == 4)  // row 0 blank; row 1 "status " and bold "dow"; row 2 blanks and "!" in one style
        #expect(full.map(\.width).reduce(0, +) == 30)
    }

    @Test func wideCharactersInADiffAreSentOnce() {
        let before = ScreenBuffer(size: TerminalSize(rows: 1, columns: 4))
        var after = before
        after.write("日x", row: 0, column: 0, style: .plain)
        #expect(after.changes(from: before) == [ChangedRun(row: 0, column: 0, text: "日x", style: .plain, width: 3)])
    }

    @Test func sparklinesAndGraphsAreScaledFromZeroUnlessZoomed() {
        #expect(Sparkline.line([1, 2, 3, 4, 5, 6, 7, 8], width: 8) == "▂▃▄▅▅▆▇█")
        #expect(Sparkline.line([1, 2, 3, 4, 5, 6, 7, 8], width: 8, fromZero: false) == "▁▂▃▄▅▆▇█")
        // A steady 2.0 requests/s with ±0.1 noise is a level line near the top, not a saw from floor to ceiling.
        #expect(Set(Sparkline.line([2.0, 2.1, 1.9, 2.0, 2.1, 1.9], width: 6)).isSubset(of: ["▇", "█"]))
        #expect(Set(Sparkline.line([2.0, 2.1, 1.9, 2.0, 2.1, 1.9], width: 6, fromZero: false)).contains("▁"))
        #expect(Sparkline.line([5, 5], width: 4) == "  ██")
        #expect(Sparkline.line([0, 0, 0], width: 3) == "▁▁▁")
        #expect(Sparkline.line(Array(repeating: 1, count: 100) + [9], width: 3) == "▂▂█")
        #expect(Sparkline.graph([0, 10], width: 2, height: 2) == [" █", "▁█"])
        // Without UTF-8: ASCII, the same shape.
        #expect(Sparkline.graph([0, 10], width: 2, height: 2, ascii: true) == [" #", "_#"])
        #expect(Sparkline.line([0, 5, 10], width: 3, ascii: true) == "_-#")
    }

    @Test func columnsDropByPriorityOnNarrowScreens() {
        let columns = [TableColumn("A", width: 10, priority: 0), TableColumn("B", width: 10, priority: 2),
                       TableColumn("C", width: 10, priority: 1), TableColumn("D", width: 5, priority: 3, flexible: true, maxWidth: 20)]
        #expect(TableLayout(columns: columns, width: 80).placed.map(\.column.title) == ["A", "B", "C", "D"])
        #expect(TableLayout(columns: columns, width: 80).column(3)?.width == 20)
        #expect(TableLayout(columns: columns, width: 32).placed.map(\.column.title) == ["A", "B", "C"])
        #expect(TableLayout(columns: columns, width: 25).placed.map(\.column.title) == ["A", "C"])
    }
}
