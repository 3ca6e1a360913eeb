import GenetixPostgres
import Testing

/// Reading cells out of `PostgresRows`: by index, by column name, as numbers and booleans.
struct PostgresRowsTests {
    let rows = PostgresRows(columns: ["id", "name", "ready", "ratio"],
                            rows: [["1", "a", "t", "0.5"], ["2", nil, "off", nil]], affected: 2)

    @Test func readsCellsByIndex() {
        #expect(rows.count == 2 && !rows.isEmpty)
        #expect(rows.string() == "1")
        #expect(rows.int64(1, 0) == 2)
        #expect(rows.double(0, 3) == 0.5)
        #expect(rows.string(1, 1) == nil)
        #expect(rows.string(5, 0) == nil && rows.string(0, 9) == nil)
    }

    @Test func readsCellsByColumnName() {
        #expect(rows.value("name") == "a")
        #expect(rows.value("name", row: 1) == nil)
        #expect(rows.value("missing") == nil && rows.value("id", row: 7) == nil)
    }

    @Test func readsBooleansAndSettings() {
        #expect(rows.bool(0, 2) == true)
        #expect(rows.bool(1, 2) == false)
        #expect(rows.bool(0, 1) == nil)
        let settings = PostgresRows(columns: ["value"], rows: [["on"], ["f"], ["true"], ["false"], ["yes"]])
        #expect(settings.rows.indices.map { settings.bool($0) } == [true, false, true, false, nil])
    }

    @Test func anEmptyResultHasNoCells() {
        let empty = PostgresRows(columns: ["x"], rows: [])
        #expect(empty.isEmpty && empty.count == 0 && empty.affected == 0)
        #expect(empty.string() == nil && empty.int64() == nil && empty.bool() == nil)
    }
}
